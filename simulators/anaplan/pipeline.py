"""What every request goes through before its handler: counting, budget, faults, auth."""

import asyncio
import contextlib

from aiohttp import web

from .envelope import ApiError, error
from .faults import DISCONNECT, EXPIRE_TOKENS, HANG, FaultRule
from .routing import CURRENT_USER, Handler, state_of
from .state import SimState
from .tenant import User

CONTROL_PREFIX = "/_sim"
API_SCHEMES = ("AnaplanAuthToken", "Bearer")


def endpoint(request: web.Request) -> str:
    resource = request.match_info.route.resource
    path = resource.canonical if resource is not None else "<unmatched>"
    return f"{request.method} {path}"


async def apply_fault(request: web.Request, state: SimState) -> web.StreamResponse | None:
    """Runs the first fault rule that claims the request; a status rule answers for it."""
    rule = state.faults.take(request.method, request.path)
    if rule is None:
        return None
    if rule.action == HANG:
        await _hang(state, rule.seconds)
    elif rule.action == EXPIRE_TOKENS:
        state.tokens.expire_all()
    elif rule.action == DISCONNECT:
        return _drop(request)
    else:
        return _fault_status(request, rule)
    return None


async def _hang(state: SimState, seconds: float) -> None:
    """Sleeps like a stuck server, but lets the simulator stop without waiting it out."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(state.stopping.wait(), seconds)


def _drop(request: web.Request) -> web.Response:
    """Resets the connection; the response returned here is never sent."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


def _fault_status(request: web.Request, rule: FaultRule) -> web.Response:
    headers = {"Retry-After": str(rule.retry_after)} if rule.retry_after is not None else None
    return error(request, ApiError(rule.status, headers=headers))


@web.middleware
async def api_pipeline(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = state_of(request)
    try:
        if request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        state.counters.record_request(endpoint(request))
        return await _admitted(request, handler, state)
    except ApiError as failure:
        return error(request, failure)


async def _admitted(request: web.Request, handler: Handler, state: SimState) -> web.StreamResponse:
    _throttle(state)
    faulted = await apply_fault(request, state)
    if faulted is not None:
        return faulted
    CURRENT_USER.set(_authenticated_user(request, state))
    await _wake_model(request, state)
    return await _handle(request, handler)


def _throttle(state: SimState) -> None:
    wait = state.limiter.admit(state.config.rate_limit_per_minute)
    if wait is None:
        return
    state.counters.throttled += 1
    headers = (
        {"Retry-After": str(max(int(wait + 0.999), 1))} if state.config.send_retry_after else {}
    )
    raise ApiError(429, headers=headers)


def _authenticated_user(request: web.Request, state: SimState) -> User:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    token = state.tokens.live(value.strip()) if scheme in API_SCHEMES else None
    if token is None:
        raise ApiError(401)
    return token.user


async def _wake_model(request: web.Request, state: SimState) -> None:
    """The first call on a closed model waits while the model loads."""
    model = state.tenant.model(request.match_info.get("modelId", ""))
    if model is None or not model.closed or request.path.endswith(("/status", "/open", "/close")):
        return
    await asyncio.sleep(state.config.closed_model_delay)
    model.closed = False


async def _handle(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPNotFound as missing:
        raise ApiError(404) from missing
    except web.HTTPMethodNotAllowed as wrong:
        raise ApiError(405) from wrong


@web.middleware
async def auth_pipeline(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The authentication host counts requests and honours faults, but has no budget."""
    state = state_of(request)
    state.counters.record_request(endpoint(request), in_budget=False)
    try:
        faulted = await apply_fault(request, state)
        return faulted if faulted is not None else await handler(request)
    except ApiError as failure:
        return error(request, failure)
