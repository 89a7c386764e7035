"""Parsing QuickBooks' response messages (the strings QBWC hands to receiveResponseXML
and, on the first sendRequestXML, strHCPResponse)."""

from __future__ import annotations

import re

from lxml import etree

from adapters import xmlsafe
from adapters.qbxml import records
from domain.errors import DomainError
from domain.qbxml.responses import QbxmlResponse, Record
from domain.qbxml.statuses import Status, severity_of

MAX_RESPONSE_BYTES = 64 * 2**20
MAX_DEPTH = 64
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class UnreadableResponse(ValueError):
    pass


def parse_document(text: str, max_bytes: int = MAX_RESPONSE_BYTES) -> etree._Element:
    """The QBXML root. The declaration is dropped first: the text is already decoded,
    whatever encoding the declaration names."""
    body = _DECLARATION.sub("", text, count=1).encode("utf-8")
    try:
        return xmlsafe.parse(body, max_bytes=max_bytes, max_depth=MAX_DEPTH)
    except xmlsafe.UnsafeXml as error:
        raise UnreadableResponse(str(error)) from None


def parse_response(text: str, max_bytes: int = MAX_RESPONSE_BYTES) -> list[QbxmlResponse]:
    messages = parse_document(text, max_bytes).find("QBXMLMsgsRs")
    if messages is None:
        raise UnreadableResponse("the response has no QBXMLMsgsRs")
    return [_response(rs) for rs in messages if isinstance(rs.tag, str) and rs.tag.endswith("Rs")]


def _response(rs: etree._Element) -> QbxmlResponse:
    code = _int(rs.get("statusCode")) or 0
    status = Status(
        code, rs.get("statusSeverity") or severity_of(code), rs.get("statusMessage", "")
    )
    return QbxmlResponse(
        kind=rs.tag[:-2],
        request_id=rs.get("requestID"),
        status=status,
        records=_records(rs),
        iterator_id=rs.get("iteratorID"),
        remaining=_int(rs.get("iteratorRemainingCount")),
        ret_count=_int(rs.get("retCount")),
    )


def _records(rs: etree._Element) -> tuple[Record, ...]:
    try:
        return _read_records(rs)
    except (ValueError, DomainError) as error:
        raise UnreadableResponse(f"{rs.tag}: unexpected content: {error}") from None


def _read_records(rs: etree._Element) -> tuple[Record, ...]:
    if rs.tag in ("TxnDelRs", "TxnVoidRs"):
        result = records.del_or_void_result(rs)
        return () if result is None else (result,)
    readers = ((child, records.RETS.get(child.tag)) for child in rs if isinstance(child.tag, str))
    return tuple(read(child) for child, read in readers if read is not None)


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None
