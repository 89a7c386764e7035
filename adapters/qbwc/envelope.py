"""Reading a QBWC SOAP request, whatever its dialect.

Everything is matched by local name: QBWC writes document/literal bodies in the default
namespace (the captured session), some builds send RPC-looking bodies with a q1: prefix,
soap:encodingStyle and xsi:type on every parameter (NOTES §A.1), other clients prefix
as they like. Types are ignored; parameters are text. Anything else -- not XML, a DTD,
too big, too deep, no Body, an unknown operation -- is a SoapFault with a message that
is safe to send back, never a stack trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from adapters import xmlsafe
from adapters.qbwc.operations import OPERATIONS

MAX_ENVELOPE_DEPTH = 16  # Envelope/Body/operation/parameter is 4; allow headers and slack
_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


class SoapFault(Exception):
    def __init__(self, message: str, *, client: bool = True) -> None:
        super().__init__(message)
        self.client = client  # the sender's fault (soap:Client) or ours (soap:Server)


@dataclass(frozen=True, slots=True)
class SoapCall:
    operation: str
    params: dict[str, str]

    def get(self, name: str) -> str:
        return self.params.get(name, "")

    def integer(self, name: str) -> int:
        try:
            return int(self.get(name).strip() or "0")
        except ValueError:
            raise SoapFault(f"{name} must be an integer") from None


def parse_call(body: bytes, *, max_bytes: int) -> SoapCall:
    try:
        root = xmlsafe.parse(body, max_bytes=max_bytes, max_depth=MAX_ENVELOPE_DEPTH)
    except xmlsafe.UnsafeXml as error:
        raise SoapFault(str(error)) from None
    operation = _operation_element(root)
    name = etree.QName(operation).localname
    if name not in OPERATIONS:
        raise SoapFault(f"unknown operation {name!r}")
    return SoapCall(name, _params(operation))


def _operation_element(root: etree._Element) -> etree._Element:
    if _local(root) != "Envelope":
        raise SoapFault("not a SOAP envelope")
    bodies = [child for child in _elements(root) if _local(child) == "Body"]
    if len(bodies) != 1:
        raise SoapFault("the envelope needs exactly one Body")
    payload = _elements(bodies[0])
    if len(payload) != 1:
        raise SoapFault("the Body needs exactly one operation element")
    return payload[0]


def _params(operation: etree._Element) -> dict[str, str]:
    params: dict[str, str] = {}
    for element in _elements(operation):
        is_nil = element.get(_NIL, "").strip().lower() in ("true", "1")
        params[_local(element)] = "" if is_nil else "".join(element.itertext())
    return params


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _local(element: etree._Element) -> str:
    name: str = etree.QName(element).localname
    return name
