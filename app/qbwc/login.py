"""Checking a Web Connector's user name and password.

The password is stored as an scrypt hash (Connections.set_secret); checking it runs in
a worker thread, a few at a time, so a burst of logins cannot stall the event loop.
Unknown users and users without a password cost the same scrypt as real ones, and the
digest comparison is constant-time, so timing does not tell which user names exist.
Failures are counted per user name and per address: after a few, further attempts are
refused without checking, for a lockout that doubles with every further failure.

A password that just matched is remembered for a few minutes (VerifiedPasswords), so a
Web Connector updating often does not pay scrypt every time; a wrong one always does.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import os
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.passwords import hash_password, verify_password
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.qbwc_logins import LoginThrottle
from app.connections import ConnectionNotFound, Connections
from domain.connection import CredentialKind
from domain.connections import Connection, username_holder, username_stream
from domain.envelope import Metadata
from domain.events import WebConnectorLoginFailed
from domain.ports import AppendRequest, EventStore

_USERNAME_MAX = 200


@dataclass(frozen=True, slots=True)
class LoginResult:
    connection: Connection | None
    reason: str | None = None


@functools.cache
def _decoy_hash() -> str:
    """A hash to check unknown users against, so they take as long as real ones."""
    return hash_password("decoy password that matches nothing")


class VerifiedPasswords:
    """Passwords that matched their stored hash lately. Only a keyed digest of (stored
    hash, password) is kept, under a random key that never leaves the process: nothing
    here turns back into a password. A new password (a new stored hash) is not found,
    nor is one remembered longer than `lifetime` ago."""

    def __init__(self, lifetime: timedelta, size: int = 4096) -> None:
        self._key = os.urandom(32)
        self._lifetime = lifetime
        self._size = size
        self._until: OrderedDict[bytes, datetime] = OrderedDict()

    def known(self, stored: str, password: str, now: datetime) -> bool:
        until = self._until.get(self._digest(stored, password))
        return until is not None and now < until

    def remember(self, stored: str, password: str, now: datetime) -> None:
        digest = self._digest(stored, password)
        self._until[digest] = now + self._lifetime
        self._until.move_to_end(digest)
        while len(self._until) > self._size:
            self._until.popitem(last=False)

    def _digest(self, stored: str, password: str) -> bytes:
        message = stored.encode() + b"\0" + password.encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).digest()


class Logins:
    def __init__(
        self,
        store: EventStore,
        connections: Connections,
        credentials: CredentialStore,
        throttle: LoginThrottle,
        *,
        concurrency: int = 2,
        remember_for: timedelta = timedelta(minutes=5),
    ) -> None:
        self._store = store
        self._connections = connections
        self._credentials = credentials
        self._throttle = throttle
        self._slots = asyncio.Semaphore(concurrency)
        self._verified = VerifiedPasswords(remember_for)

    async def verify(
        self, username: str, password: str, address: str | None, now: datetime
    ) -> LoginResult:
        username = username.strip()[:_USERNAME_MAX]
        keys = [f"user:{username.lower()}"] + ([f"address:{address}"] if address else [])
        connection = await self._connection(username)
        if await self._throttle.locked_until(keys, now):
            return await self._failed(username, address, "locked", keys, now, connection)
        stored = await self._stored_hash(connection)
        matches = await self._check(password, stored or await self._decoy(), now)
        if matches and stored and connection:
            await self._throttle.succeeded(keys)
            return LoginResult(connection)
        reason = "unknown_user" if connection is None else "bad_password"
        reason = "no_password" if connection is not None and not stored else reason
        return await self._failed(username, address, reason, keys, now, connection)

    async def _connection(self, username: str) -> Connection | None:
        if not username:
            return None
        events = await self._store.read_stream(username_stream(username))
        holder = username_holder([e.event for e in events])
        if holder is None:
            return None
        try:
            return await self._connections.load(holder)
        except ConnectionNotFound:
            return None

    async def _stored_hash(self, connection: Connection | None) -> str | None:
        if connection is None:
            return None
        value = await self._credentials.get(connection.connection_id, CredentialKind.QBWC_PASSWORD)
        return value.decode() if value else None

    async def _check(self, password: str, stored: str, now: datetime) -> bool:
        if self._verified.known(stored, password, now):
            return True
        async with self._slots:
            matches = await asyncio.to_thread(verify_password, password, stored)
        if matches:
            self._verified.remember(stored, password, now)
        return matches

    async def _decoy(self) -> str:
        return await asyncio.to_thread(_decoy_hash)

    async def _failed(
        self,
        username: str,
        address: str | None,
        reason: str,
        keys: list[str],
        now: datetime,
        connection: Connection | None,
    ) -> LoginResult:
        lockout = await self._throttle.failed(keys, now) if reason != "locked" else None
        event = WebConnectorLoginFailed(
            username=username,
            client_address=address,
            reason=reason,
            failures=lockout.failures if lockout else 0,
            locked_until=lockout.locked_until if lockout else None,
        )
        await self._store.append(_login_stream(event, connection))
        return LoginResult(None, reason)


def _login_stream(event: WebConnectorLoginFailed, connection: Connection | None) -> AppendRequest:
    if connection is None:
        return AppendRequest("qbwc-logins", "qbwc-logins", [event], metadata=Metadata(actor="qbwc"))
    meta = Metadata(
        actor="qbwc", tenant_id=connection.tenant_id, connection_id=connection.connection_id
    )
    stream = f"qbwc-logins-{connection.connection_id}"
    return AppendRequest(stream, "qbwc-logins", [event], metadata=meta)
