"""POST /qbwc: the SOAP endpoint QBWC calls; GET /qbwc?wsdl: its WSDL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Request, Response

from adapters.qbwc.envelope import SoapFault, parse_call
from adapters.qbwc.replies import fault, reply
from adapters.qbwc.wsdl import wsdl
from app.api.deps import ContainerDep
from app.qbwc.service import QbwcService
from app.qbwc.wiring import qbwc_service
from app.settings import Settings

log = structlog.get_logger(__name__)
router = APIRouter(tags=["QuickBooks Web Connector"])
SOAP = "text/xml; charset=utf-8"


class TooLarge(Exception):
    pass


def service(request: Request, container: ContainerDep) -> QbwcService:
    cached: QbwcService | None = getattr(request.app.state, "qbwc", None)
    if cached is None:
        cached = request.app.state.qbwc = qbwc_service(container)
    return cached


ServiceDep = Annotated[QbwcService, Depends(service)]


@router.post("/qbwc", summary="The Web Connector's SOAP 1.1 endpoint")
async def soap(request: Request, qbwc: ServiceDep, container: ContainerDep) -> Response:
    limit = container.settings.qbwc_max_body_bytes
    try:
        body = await _body(request, limit)
        call = parse_call(body, max_bytes=limit)
    except TooLarge:
        return _fault(f"the request is larger than {limit} bytes", 413)
    except SoapFault as error:
        return _fault(str(error), 400 if error.client else 500)
    try:
        result = await qbwc.handle(call, request.client.host if request.client else None)
    except SoapFault as error:  # a parameter the operation could not read, e.g. a version
        return _fault(str(error), 400 if error.client else 500, error.client)
    except Exception:
        log.exception("qbwc operation failed", operation=call.operation)
        return _fault("the server could not handle the request; it has been logged", 500, False)
    return Response(reply(call.operation, result), media_type=SOAP)


@router.get("/qbwc", summary="The WSDL (?wsdl)")
async def describe(request: Request, container: ContainerDep) -> Response:
    if not any(key.lower() == "wsdl" for key in request.query_params):
        return Response(
            "ml-connector: QuickBooks Web Connector endpoint.\n", media_type="text/plain"
        )
    return Response(wsdl(f"{public_base(container.settings, request)}/qbwc"), media_type=SOAP)


@router.get("/qbwc/support", summary="AppSupport page named in the .qwc file")
async def support() -> Response:
    return Response(
        "ml-connector keeps QuickBooks Desktop and Anaplan in sync through the QuickBooks "
        "Web Connector. Ask your ml-connector administrator for help with this connection.\n",
        media_type="text/plain",
    )


def public_base(settings: Settings, request: Request) -> str:
    """The URL the Web Connector reaches us at (behind a proxy: MLC_PUBLIC_URL)."""
    return (settings.public_url or str(request.base_url)).rstrip("/")


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in _stream(request):
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _stream(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        yield chunk


def _fault(message: str, status: int, client: bool = True) -> Response:
    # SOAP 1.1 answers a fault with HTTP 500; a body we refused before parsing keeps its
    # more precise status.
    code = 500 if status in (400, 500) else status
    return Response(fault(message, client=client), status_code=code, media_type=SOAP)
