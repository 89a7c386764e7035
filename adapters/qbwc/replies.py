"""SOAP 1.1 document/literal replies in the http://developer.intuit.com/ namespace, and
SOAP faults for requests that cannot be read."""

from __future__ import annotations

from lxml import etree

from adapters.qbwc.operations import NAMESPACE, OPERATIONS

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
_NSMAP = {"soap": SOAP_ENV, "xsi": XSI, "xsd": XSD}


def reply(operation: str, result: str | int | list[str]) -> bytes:
    envelope, body = _envelope()
    response = etree.SubElement(
        body, f"{{{NAMESPACE}}}{operation}Response", nsmap={None: NAMESPACE}
    )
    element = etree.SubElement(response, f"{{{NAMESPACE}}}{operation}Result")
    if OPERATIONS[operation].result == "ArrayOfString":
        assert isinstance(result, list)
        for item in result:
            etree.SubElement(element, f"{{{NAMESPACE}}}string").text = item
    else:
        element.text = str(result)
    return _serialized(envelope)


def fault(message: str, *, client: bool = True) -> bytes:
    envelope, body = _envelope()
    element = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(element, "faultcode").text = "soap:Client" if client else "soap:Server"
    etree.SubElement(element, "faultstring").text = message
    return _serialized(envelope)


def _envelope() -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=_NSMAP)
    return envelope, etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")


def _serialized(envelope: etree._Element) -> bytes:
    body: bytes = etree.tostring(envelope, encoding="utf-8")
    return _DECLARATION + body
