"""The HTTP application: operator REST API, health endpoints and the Web Connector service."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import (
    audit,
    authorization,
    budget,
    connections,
    errors,
    health,
    mappings,
    metrics,
    refdata,
    replay,
    retry,
    streams,
    syncs,
    whoami,
)
from app.bootstrap import Container
from app.qbwc import qwc_router
from app.qbwc import router as qbwc_router

OPERATOR_ROUTERS = (
    connections.router,
    authorization.router,
    mappings.router,
    refdata.router,
    syncs.router,
    streams.router,
    replay.router,
    retry.router,
    audit.router,
    budget.router,
    metrics.router,
)


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="ml-connector",
        summary="QuickBooks Desktop <-> Anaplan sync engine",
        version="0.1.0",
        lifespan=authorization.cancelled_on_exit,
    )
    app.state.container = container
    app.state.authorizations = set()  # device grants this process waits for
    app.include_router(health.router)
    app.include_router(whoami.router)
    app.include_router(qbwc_router.router)
    app.include_router(qwc_router.router)
    for router in OPERATOR_ROUTERS:
        app.include_router(router)
    errors.install(app)
    metrics.instrument(app)
    return app
