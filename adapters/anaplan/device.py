"""The OAuth 2.0 device grant (RFC 8628), how an admin authorizes a connection once: we ask
Anaplan for a short user code, the admin opens the verification address, types the code and
signs in; meanwhile we poll the token endpoint at the interval Anaplan asked for. Only the
refresh token is kept; the access token of this first grant is thrown away (the workers
get their own from the refresh token)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from adapters.anaplan.errors import AnaplanAuthFailed
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call, Reply

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
SCOPE = "openid profile email offline_access"
SLOW_DOWN_SECONDS = 5.0  # RFC 8628 §3.5: "slow_down" adds five seconds to the interval
# The token endpoint answers "not yet" with a 4xx; those must come back to us, not raise.
ANSWERED = frozenset({200, 400, 401, 403})


@dataclass(frozen=True, slots=True)
class DeviceAuthorization:
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: float
    interval: float
    device_code: str = field(repr=False)  # redeemable for tokens once approved


class DeviceGrant:
    def __init__(
        self,
        transport: Transport,
        oauth_url: str,
        client_id: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transport = transport
        self._base = oauth_url.rstrip("/")
        self._client_id = client_id
        self._sleep, self._clock = sleep, clock

    async def start(self) -> DeviceAuthorization:
        body = {"client_id": self._client_id, "scope": SCOPE}
        reply = await self._post("/oauth/device/code", body, idempotent=True)
        answer = reply.json()
        if reply.status != 200 or "device_code" not in answer:
            raise AnaplanAuthFailed(f"Anaplan refused the device authorization: {reply.message}")
        return DeviceAuthorization(
            user_code=answer["user_code"],
            verification_uri=answer["verification_uri"],
            verification_uri_complete=answer.get("verification_uri_complete"),
            expires_in=float(answer.get("expires_in", 900)),
            interval=float(answer.get("interval", 5)),
            device_code=answer["device_code"],
        )

    async def refresh_token(self, authorization: DeviceAuthorization) -> str:
        """Waits until the admin approved (or the code expired); returns the refresh token."""
        deadline = self._clock() + authorization.expires_in
        interval = authorization.interval
        while self._clock() < deadline:
            await self._sleep(interval)
            # A redeem repeated after a lost answer could find the code already spent.
            reply = await self._post("/oauth/token", self._redeem(authorization), idempotent=False)
            body = reply.json()
            error = body.get("error") if reply.status != 200 else None
            if error == "authorization_pending":
                continue
            if error == "slow_down":
                interval += SLOW_DOWN_SECONDS
                continue
            if error is not None or not body.get("refresh_token"):
                raise AnaplanAuthFailed(_refusal(error, reply))
            return str(body["refresh_token"])
        raise AnaplanAuthFailed(_refusal("expired_token", None))

    def _redeem(self, authorization: DeviceAuthorization) -> dict[str, str]:
        return {
            "grant_type": DEVICE_GRANT,
            "device_code": authorization.device_code,
            "client_id": self._client_id,
        }

    async def _post(self, path: str, body: dict[str, str], *, idempotent: bool) -> Reply:
        call = Call("POST", f"{self._base}{path}", json=body, idempotent=idempotent)
        return await self._transport.send(call, ANSWERED)


def _refusal(error: str | None, reply: Reply | None) -> str:
    if error == "expired_token":
        return "the code expired before anyone approved it; start the authorization again"
    if error == "access_denied":
        return "the Anaplan user declined the authorization"
    detail = reply.message if reply is not None else ""
    return f"Anaplan refused the authorization ({error or 'no refresh token'}): {detail}"
