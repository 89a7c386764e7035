"""GET /connections/{id}/qwc: the .qwc file for the Web Connector (operators only)."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request, Response, status

from adapters.qbwc.qwc import QwcFile, render_qwc
from app.api.auth import Operator, ensure_tenant
from app.api.common import READ_ERRORS
from app.api.deps import ContainerDep
from app.connections import ConnectionNotFound
from app.qbwc.router import public_base
from domain.connections import Connection

router = APIRouter(tags=["QuickBooks Web Connector"])
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._-]+")


@router.get(
    "/connections/{connection_id}/qwc",
    summary="Download the connection's .qwc file",
    responses=READ_ERRORS,
)
async def download_qwc(
    connection_id: str, principal: Operator, container: ContainerDep, request: Request
) -> Response:
    """Import it in QuickBooks Web Connector ("Add an application"), then type the
    connection's Web Connector password there; the file holds no secret."""
    try:
        connection = await container.connections.load(connection_id)
    except ConnectionNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found") from None
    ensure_tenant(principal, connection.tenant_id)
    base = public_base(container.settings, request)
    body = render_qwc(_qwc(connection, base))
    filename = _UNSAFE.sub("-", connection.settings.name).strip("-. ") or "connection"
    return Response(
        body,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="ml-connector-{filename}.qwc"'},
    )


def _qwc(connection: Connection, base: str) -> QwcFile:
    settings = connection.settings
    name = " ".join(_UNSAFE.sub(" ", settings.name).split())[:60]
    return QwcFile(
        app_name=f"ml-connector {name} {connection.connection_id[:8]}",
        app_url=f"{base}/qbwc",
        support_url=f"{base}/qbwc/support",
        description=f"ml-connector: QuickBooks Desktop and Anaplan sync for {name}"[:80],
        username=settings.quickbooks.qbwc_username,
        file_id=settings.quickbooks.file_id,
        run_every_minutes=settings.quickbooks.run_every_minutes,
    )
