"""OAuth 2.0 endpoints: /oauth/token (JSON or form bodies), /oauth/device/code, /auth/authorize."""

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

from .envelope import json_response
from .oauth import DEVICE_GRANT, OAuthClient, OAuthError
from .routing import state_of
from .state import SimState


async def _params(request: web.Request) -> dict[str, str]:
    """Anaplan documents JSON bodies; oauthlib (anaplan-sdk) sends form bodies. Take both."""
    raw = (await request.read()).decode("utf-8", "replace")
    if request.content_type == "application/json" or raw.lstrip().startswith("{"):
        try:
            body = json.loads(raw)
        except ValueError as bad:
            raise OAuthError(400, "invalid_request", "Body is not valid JSON") from bad
        return {key: str(value) for key, value in body.items()}
    return dict(parse_qsl(raw))


def _oauth_error(failure: OAuthError) -> web.Response:
    return json_response(
        {"error": failure.error, "error_description": failure.description}, failure.status
    )


async def token(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        params = await _params(request)
        client = state.oauth.client(params.get("client_id", ""), params.get("client_secret"))
        return json_response(_grant(state, client, params))
    except OAuthError as failure:
        return _oauth_error(failure)


def _grant(state: SimState, client: OAuthClient, params: dict[str, str]) -> dict[str, Any]:
    grant_type = params.get("grant_type")
    lifetime = state.config.token_lifetime
    if grant_type == "refresh_token":
        user, refresh_token = state.oauth.refresh(client, params.get("refresh_token", ""))
        return state.oauth.token_response(user, refresh_token, lifetime)
    if grant_type == DEVICE_GRANT:
        interval = state.config.device_poll_interval
        user = state.oauth.device_user(client, params.get("device_code", ""), interval)
    elif grant_type == "authorization_code":
        user = state.oauth.code_user(client, params.get("code", ""), params.get("redirect_uri", ""))
    else:
        raise OAuthError(400, "invalid_request", f"Unsupported grant_type {grant_type!r}")
    refresh_token = state.oauth.issue_refresh_token(
        client.client_id, user, state.config.oauth_refresh_lifetime
    )
    return state.oauth.token_response(user, refresh_token, lifetime)


async def device_code(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        params = await _params(request)
        client = state.oauth.client(params.get("client_id", ""), None)
    except OAuthError as failure:
        return _oauth_error(failure)
    code, grant = state.oauth.start_device(client)
    verification = f"{state.auth_base}/activate"
    return json_response(
        {
            "device_code": code,
            "user_code": grant.user_code,
            "verification_uri": verification,
            "verification_uri_complete": f"{verification}?user_code={grant.user_code}",
            "expires_in": 900,
            "interval": state.config.device_poll_interval,
        }
    )


async def authorize(request: web.Request) -> web.Response:
    """Approves at once for the tenant's first user (the simulator has no login page)."""
    state = state_of(request)
    query = request.query
    if query.get("client_id") not in state.oauth.clients or not state.tenant.users:
        return _oauth_error(OAuthError(400, "unauthorized_client", "Unknown client"))
    user = next(iter(state.tenant.users.values()))
    code = state.oauth.authorize(query["client_id"], query.get("redirect_uri", ""), user)
    target = {"code": code} | ({"state": query["state"]} if "state" in query else {})
    raise web.HTTPFound(f"{query.get('redirect_uri', '')}?{urlencode(target)}")


def add_routes(app: web.Application) -> None:
    app.router.add_post("/oauth/token", token)
    app.router.add_post("/oauth/device/code", device_code)
    app.router.add_get("/auth/authorize", authorize)
