"""The authentication service: /token/authenticate, /refresh, /validate, /logout (§3)."""

import base64
import binascii
import json
from typing import Any

from aiohttp import web

from .certs import fingerprint, load_certificate, signature_valid
from .envelope import json_response
from .routing import state_of
from .state import SimState
from .tenant import User
from .tokens import Token

BAD_HEADER = "FAILURE_BAD_HEADER"
BAD_CREDENTIAL = "FAILURE_BAD_CREDENTIAL"


class AuthFailure(Exception):
    def __init__(self, http_status: int, status: str, message: str) -> None:
        super().__init__(message)
        self.http_status, self.status, self.message = http_status, status, message

    def response(self) -> web.Response:
        return json_response(
            {"status": self.status, "statusMessage": self.message}, self.http_status
        )


def _bad_header() -> AuthFailure:
    return AuthFailure(401, BAD_HEADER, "Invalid header. Verify the header.")


def _bad_credential() -> AuthFailure:
    return AuthFailure(401, BAD_CREDENTIAL, "Invalid credentials")


def _token_body(request: web.Request, message: str, token: Token) -> dict[str, Any]:
    return {
        "meta": {"validationUrl": f"{state_of(request).auth_base}/token/validate"},
        "status": "SUCCESS",
        "statusMessage": message,
        "tokenInfo": token.info(),
    }


async def authenticate(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        user = await _credential_user(request, state)
    except AuthFailure as failure:
        return failure.response()
    token = state.tokens.issue(user, state.config.token_lifetime)
    return json_response(_token_body(request, "Login successful", token), 201)


async def _credential_user(request: web.Request, state: SimState) -> User:
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Basic":
        return _basic_user(credential.strip(), state)
    if scheme == "CACertificate":
        return _certificate_user(credential.strip(), await request.read(), state)
    raise _bad_header()


def _decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as bad:
        raise _bad_header() from bad


def _basic_user(credential: str, state: SimState) -> User:
    email, colon, password = _decode(credential).decode("utf-8", "replace").partition(":")
    if not colon:
        raise _bad_header()
    user = state.tenant.users.get(email)
    if user is None or user.password != password:
        raise _bad_credential()
    return user


def _certificate_user(credential: str, raw_body: bytes, state: SimState) -> User:
    certificate = load_certificate(_decode(credential))
    if certificate is None:
        raise _bad_header()
    user = state.certificates.get(fingerprint(certificate))
    data, signature = _signed_payload(raw_body)
    if user is None or not signature_valid(certificate, data, signature):
        raise _bad_credential()
    return user


def _signed_payload(raw_body: bytes) -> tuple[bytes, bytes]:
    try:
        body = json.loads(raw_body)
        return _decode(body["encodedData"]), _decode(body["encodedSignedData"])
    except (ValueError, KeyError, TypeError) as bad:
        raise _bad_credential() from bad


def _presented_token(request: web.Request, state: SimState, bad_header_status: int) -> Token:
    """The /token/* endpoints take only the AnaplanAuthToken scheme (Bearer is a bad header)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme != "AnaplanAuthToken" or not value.strip():
        raise AuthFailure(bad_header_status, BAD_HEADER, "Invalid header. Verify the header.")
    token = state.tokens.live(value.strip())
    if token is None:
        raise AuthFailure(401, BAD_CREDENTIAL, "Token is invalid, expired or logged out")
    return token


async def refresh(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        token = _presented_token(request, state, 400)
    except AuthFailure as failure:
        return failure.response()
    config = state.config
    fresh = state.tokens.refresh(token, config.token_lifetime, config.refresh_returns_new_token)
    return json_response(_token_body(request, "Token refreshed", fresh))


async def validate(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        token = _presented_token(request, state, 400)
    except AuthFailure as failure:
        return failure.response()
    user = token.user
    body = _token_body(request, "Token validated", token)
    body["tokenInfo"] = {"expiresAt": int(token.expires_at * 1000), "tokenId": token.token_id}
    body["userInfo"] = {
        "userGuid": user.guid,
        "userId": user.email,
        "customerGuid": state.tenant.guid,
    }
    return json_response(body)


async def logout(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        token = _presented_token(request, state, 401)
    except AuthFailure as failure:
        return failure.response()
    state.tokens.revoke(token)
    return web.Response(status=204)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/token/authenticate", authenticate)
    app.router.add_post("/token/refresh", refresh)
    app.router.add_get("/token/validate", validate)
    app.router.add_post("/token/logout", logout)
