"""The HTTP application: operator REST API, health endpoints and the Web Connector service."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import health, whoami
from app.bootstrap import Container


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="ml-connector",
        summary="QuickBooks Desktop <-> Anaplan sync engine",
        version="0.1.0",
    )
    app.state.container = container
    app.include_router(health.router)
    app.include_router(whoami.router)
    return app
