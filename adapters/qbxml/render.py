"""A qbXML request message: the XML declaration, the <?qbxml version?> instruction (both
required, NOTES §A.4 and qbwc/qbwc#69), QBXMLMsgsRq with onError, and one <KIND>Rq per
request with its requestID. Every message is validated against Intuit's 13.0 schema
before it leaves; a message that fails is a bug and is never sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from adapters.qbxml.builders import build
from adapters.qbxml.schema import SchemaViolation, validate
from domain.qbxml.enums import OnError
from domain.qbxml.request import QbxmlRequest

REQUEST_ID_MAX = 50  # longer ids get status 1060


@dataclass(frozen=True, slots=True)
class OutgoingRequest:
    request_id: str
    request: QbxmlRequest
    iteration: str | None = None  # "Start" / "Continue" (ITERABLE requests only)
    iterator_id: str | None = None


def render_message(
    version: str, requests: Sequence[OutgoingRequest], on_error: OnError = OnError.CONTINUE
) -> str:
    document = message_element(requests, on_error)
    validate(document)
    body = etree.tostring(document, encoding="unicode")
    _ensure_latin1(body)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="{version}"?>\n{body}'


def message_element(
    requests: Sequence[OutgoingRequest], on_error: OnError = OnError.CONTINUE
) -> etree._Element:
    root = etree.Element("QBXML")
    messages = etree.SubElement(root, "QBXMLMsgsRq")
    messages.set("onError", OnError(on_error).value)
    for outgoing in requests:
        messages.append(request_element(outgoing))
    return root


def request_element(outgoing: OutgoingRequest) -> etree._Element:
    request = outgoing.request
    if len(outgoing.request_id) > REQUEST_ID_MAX:
        raise SchemaViolation(f"requestID {outgoing.request_id!r} is longer than 50")
    rq = etree.Element(f"{request.KIND}Rq")
    rq.set("requestID", outgoing.request_id)
    if outgoing.iteration:
        if not request.ITERABLE:
            raise SchemaViolation(f"{request.KIND} has no iterator")
        rq.set("iterator", outgoing.iteration)
        if outgoing.iterator_id:
            rq.set("iteratorID", outgoing.iterator_id)
    build(rq, request)
    return rq


def _ensure_latin1(body: str) -> None:
    try:
        body.encode("latin-1")
    except UnicodeEncodeError as error:
        raise SchemaViolation(f"non-Latin-1 text reached the renderer: {error}") from None
