"""Path helpers: model-scoped routes exist under /workspaces/{w}/models/{m} and /models/{m}."""

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TypeVar

from aiohttp import web

from .envelope import ApiError
from .model import Model
from .state import STATE, SimState
from .tenant import User

T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

API = "/2/0"
WORKSPACE_MODEL = API + "/workspaces/{workspaceId}/models/{modelId}"
MODEL = API + "/models/{modelId}"


def add_model_route(app: web.Application, method: str, suffix: str, handler: Handler) -> None:
    app.router.add_route(method, WORKSPACE_MODEL + suffix, handler)
    app.router.add_route(method, MODEL + suffix, handler)


def state_of(request: web.Request) -> SimState:
    return request.app[STATE]


def model_of(request: web.Request) -> Model:
    model = state_of(request).tenant.model(request.match_info["modelId"])
    workspace_id = request.match_info.get("workspaceId")
    if model is None or (workspace_id and model.workspace.id != workspace_id):
        raise ApiError(404)
    return model


# The authenticated user of the request being handled (set by the pipeline, per task).
CURRENT_USER: ContextVar[User] = ContextVar("anaplan_user")


def user_of(request: web.Request) -> User:
    return CURRENT_USER.get()


def found(value: T | None) -> T:
    """The value, or a 404 for the missing object."""
    if value is None:
        raise ApiError(404)
    return value


def flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "").lower() == "true"
