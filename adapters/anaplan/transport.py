"""One call to Anaplan, with the shared request budget, tokens, retries and a bounded give-up.

- Every attempt first takes a permit from the tenant's budget (shared by all workers).
- 401: the token is dropped and the call repeated once with a new one; a second 401 fails.
- 429: wait as long as Retry-After says (seconds or an HTTP date), else back off.
- 5xx, timeouts, dropped connections: back off (exponential, jittered) and retry.
- 409/423, the model is busy with another task: wait it out, up to `busy_wait_seconds`.
- Anything else 4xx is permanent. Calls that are unsafe to repeat (starting a task) raise
  LostResponse instead of retrying when their fate is unknown; the caller checks first.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TypeVar, cast

import aiohttp
import structlog

from adapters.anaplan.errors import (
    AnaplanAuthFailed,
    AnaplanRefused,
    AnaplanUnavailable,
    LostResponse,
)
from adapters.anaplan.ports import RequestBudget, TokenSource
from adapters.anaplan.wire import (
    Call,
    Failed,
    Reply,
    Resume,
    Sink,
    describe,
    read_reply,
    retry_after,
)
from domain.retry import RetryPolicy

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
OnSuccess = Callable[[aiohttp.ClientResponse], Awaitable[T]]
OK = frozenset({200})
BUSY = frozenset({409, 423})
_RETRY = object()
log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class HttpOptions:
    connect_timeout: float = 30.0
    read_timeout: float = 300.0  # one chunk of up to 50 MB may be slow
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(1.0, 2.0, 60.0, 8))
    busy_retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(5.0, 1.5, 60.0))
    busy_wait_seconds: float = 1800.0
    max_retry_after: float = 300.0


@dataclass
class _Attempts:
    """Bookkeeping of one call's attempts."""

    count: int = 0
    reauthenticated: bool = False
    busy_since: float | None = None
    busy_rounds: int = 0
    status: int | None = None


class Transport:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        budget: RequestBudget,
        tenant_key: str,
        tokens: TokenSource | None = None,
        options: HttpOptions = HttpOptions(),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._session = session
        self._budget = budget
        self._tenant_key = tenant_key
        self._tokens = tokens
        self._options = options
        self._sleep = sleep
        self._timeout = aiohttp.ClientTimeout(
            connect=options.connect_timeout, sock_read=options.read_timeout
        )
        self.server_offset = 0.0  # the service's clock minus ours, from Date headers

    def authorized(self, tokens: TokenSource) -> Transport:
        """The same transport, sending `tokens`' token with every call."""
        return Transport(
            self._session, self._budget, self._tenant_key, tokens, self._options, self._sleep
        )

    async def send(self, call: Call, expect: frozenset[int] = OK) -> Reply:
        """The reply once its status is one of `expect`, after retries and waits."""
        return await self._run(call, expect, read_reply)

    async def stream(self, call: Call, sink: Sink) -> int:
        """Pass a 200 body to `sink` in pieces as it arrives, without holding it whole.

        A body broken off part way is asked for again and its first bytes, which `sink`
        already has, are skipped: a chunk of a file is the same on every read.
        """
        resume = Resume(sink)
        await self._run(call, OK, resume.consume)
        return resume.delivered

    async def _run(self, call: Call, expect: frozenset[int], success: OnSuccess[T]) -> T:
        attempts = _Attempts()
        while True:
            attempts.count += 1
            outcome = await self._attempt(call, attempts, expect, success)
            if isinstance(outcome, Failed):
                await self._handle_failure(call, outcome.reply, attempts)
            elif outcome is not _RETRY:
                return cast(T, outcome)

    async def _attempt(
        self, call: Call, attempts: _Attempts, expect: frozenset[int], success: OnSuccess[T]
    ) -> T | Failed | object:
        """What `success` made of the response; else the failed reply, or _RETRY after a
        network failure or a rejected token that was dealt with."""
        token = await self._tokens.token() if self._tokens else None
        await self._budget.acquire(self._tenant_key)
        try:
            async with self._request(call, token) as response:
                self._note_server_time(response.headers.get("Date"))
                if response.status in expect:
                    return await success(response)
                reply = await read_reply(response)
        except aiohttp.ClientConnectorError as failure:  # never reached the server
            await self._retry_later(call, attempts, f"cannot connect: {failure.os_error}")
            return _RETRY
        except (aiohttp.ClientError, TimeoutError) as failure:
            if not call.idempotent:
                raise LostResponse(f"{call.method} {call.path}: {describe(failure)}") from None
            await self._retry_later(call, attempts, describe(failure))
            return _RETRY
        if reply.status == 401 and token is not None:
            await self._reauthenticate(call, token, attempts)
            return _RETRY
        return Failed(reply)

    def _request(
        self, call: Call, token: str | None
    ) -> AbstractAsyncContextManager[aiohttp.ClientResponse]:
        headers = dict(call.headers)
        if token is not None:
            headers["Authorization"] = f"AnaplanAuthToken {token}"
        return self._session.request(
            call.method,
            call.url,
            params=call.params,
            json=call.json,
            data=call.data,
            headers=headers,
            timeout=self._timeout,
        )

    def _note_server_time(self, date: str | None) -> None:
        if date:
            try:
                server = email.utils.parsedate_to_datetime(date).timestamp()
            except (TypeError, ValueError):
                return
            self.server_offset = server - time.time()

    async def _reauthenticate(self, call: Call, token: str, attempts: _Attempts) -> None:
        assert self._tokens is not None
        if attempts.reauthenticated:
            raise AnaplanAuthFailed(f"{call.method} {call.path}: a fresh token was refused")
        attempts.reauthenticated = True
        attempts.count -= 1  # the repeat with a new token is part of the same attempt
        log.info("anaplan token rejected; logging in again", method=call.method, path=call.path)
        await self._tokens.invalidate(token)

    async def _handle_failure(self, call: Call, reply: Reply, attempts: _Attempts) -> None:
        status, message = reply.status, f"{reply.status} {reply.message}".strip()
        attempts.status = status
        if status == 401:
            raise AnaplanAuthFailed(f"{call.method} {call.path}: {message}")
        if status in BUSY:
            await self._wait_busy(call, attempts, message)
        elif status == 429:
            hint = retry_after(reply.headers.get("Retry-After"))
            await self._retry_later(call, attempts, message, hint)
        elif status >= 500:
            if not call.idempotent:
                raise LostResponse(f"{call.method} {call.path}: {message}")
            await self._retry_later(call, attempts, message)
        else:
            raise AnaplanRefused(call.method, call.path, status, reply.message)

    async def _retry_later(
        self, call: Call, attempts: _Attempts, last: str, hint: float | None = None
    ) -> None:
        policy = self._options.retry
        if attempts.count >= policy.max_attempts:
            raise AnaplanUnavailable(call.method, call.path, attempts.count, last, attempts.status)
        delay = policy.delay(attempts.count, random.random())
        if hint is not None:
            delay = min(hint, self._options.max_retry_after)
        log.warning(
            "anaplan call retried",
            method=call.method,
            path=call.path,
            attempt=attempts.count,
            last=last,
            wait=round(delay, 3),
        )
        await self._sleep(delay)

    async def _wait_busy(self, call: Call, attempts: _Attempts, last: str) -> None:
        now = time.monotonic()
        attempts.busy_since = attempts.busy_since or now
        attempts.busy_rounds += 1
        attempts.count -= 1  # waiting for the model is not a failed attempt
        if now - attempts.busy_since >= self._options.busy_wait_seconds:
            raise AnaplanUnavailable(
                call.method, call.path, attempts.busy_rounds, last, attempts.status
            )
        delay = self._options.busy_retry.delay(attempts.busy_rounds, random.random())
        log.info("anaplan model busy; waiting", path=call.path, last=last, wait=round(delay, 3))
        await self._sleep(delay)
