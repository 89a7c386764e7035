"""Prometheus metrics of the service and of the shared database; and request counting."""

from __future__ import annotations

import time

from fastapi import APIRouter, FastAPI, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import metrics
from app.api.common import READ_ERRORS, ReadCaller
from app.api.deps import ContainerDep
from app.errors import Forbidden

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={**READ_ERRORS, 200: {"content": {"text/plain": {}}}},
)
async def scrape(caller: ReadCaller, container: ContainerDep) -> Response:
    """Prometheus text format. The gauges about streams and subscriptions are read from the
    database at each scrape. Needs a platform token (`authorization` in the scrape job)."""
    if caller.tenant_id is not None:
        raise Forbidden("metrics span every tenant: this needs a platform token")
    await metrics.refresh(container.pool)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


class RequestMetrics:
    """Counts and times every HTTP request by route template (never by raw path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            metrics.HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            elapsed = time.perf_counter() - started
            metrics.HTTP_SECONDS.labels(scope["method"], route).observe(elapsed)


def instrument(app: FastAPI) -> None:
    app.add_middleware(RequestMetrics)
