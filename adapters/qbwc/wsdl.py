"""The WSDL we serve at GET /qbwc?wsdl: the eight operations with the message types of
Intuit's Web Connector WSDL, one SOAP 1.1 document/literal binding, and the service
address set to our public URL."""

from __future__ import annotations

import functools

from lxml import etree

from adapters.qbwc.operations import NAMESPACE, OPERATIONS, Operation

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XS = "http://www.w3.org/2001/XMLSchema"
SERVICE = "QBWebConnectorSvc"
PORT_TYPE = "QBWebConnectorSvcSoap"


def wsdl(address: str) -> bytes:
    return _template().replace(b"__ADDRESS__", _escaped(address))


@functools.cache
def _template() -> bytes:
    nsmap = {"wsdl": WSDL, "soap": WSDL_SOAP, "s": XS, "tns": NAMESPACE}
    root = etree.Element(f"{{{WSDL}}}definitions", nsmap=nsmap, targetNamespace=NAMESPACE)
    _types(etree.SubElement(root, f"{{{WSDL}}}types"))
    for op in OPERATIONS.values():
        _messages(root, op)
    port_type = etree.SubElement(root, f"{{{WSDL}}}portType", name=PORT_TYPE)
    binding = etree.SubElement(root, f"{{{WSDL}}}binding", name=PORT_TYPE, type=f"tns:{PORT_TYPE}")
    etree.SubElement(
        binding, f"{{{WSDL_SOAP}}}binding", transport="http://schemas.xmlsoap.org/soap/http"
    )
    for op in OPERATIONS.values():
        _port_operation(port_type, op)
        _binding_operation(binding, op)
    service = etree.SubElement(root, f"{{{WSDL}}}service", name=SERVICE)
    port = etree.SubElement(service, f"{{{WSDL}}}port", name=PORT_TYPE, binding=f"tns:{PORT_TYPE}")
    etree.SubElement(port, f"{{{WSDL_SOAP}}}address", location="__ADDRESS__")
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return text


def _types(types: etree._Element) -> None:
    schema = etree.SubElement(
        types, f"{{{XS}}}schema", elementFormDefault="qualified", targetNamespace=NAMESPACE
    )
    array = etree.SubElement(schema, f"{{{XS}}}complexType", name="ArrayOfString")
    etree.SubElement(
        etree.SubElement(array, f"{{{XS}}}sequence"),
        f"{{{XS}}}element",
        minOccurs="0",
        maxOccurs="unbounded",
        name="string",
        nillable="true",
        type="s:string",
    )
    for op in OPERATIONS.values():
        _element(schema, op.name, [(name, kind) for name, kind in op.params])
        _element(schema, f"{op.name}Response", [(f"{op.name}Result", op.result)])


def _element(schema: etree._Element, name: str, fields: list[tuple[str, str]]) -> None:
    complex_type = etree.SubElement(
        etree.SubElement(schema, f"{{{XS}}}element", name=name), f"{{{XS}}}complexType"
    )
    if not fields:
        return
    sequence = etree.SubElement(complex_type, f"{{{XS}}}sequence")
    for field, kind in fields:
        required = kind == "int"  # value types are required in the .NET-generated WSDL
        etree.SubElement(
            sequence,
            f"{{{XS}}}element",
            minOccurs="1" if required else "0",
            maxOccurs="1",
            name=field,
            type=f"tns:{kind}" if kind == "ArrayOfString" else f"s:{kind}",
        )


def _messages(root: etree._Element, op: Operation) -> None:
    for suffix, element in (("SoapIn", op.name), ("SoapOut", f"{op.name}Response")):
        message = etree.SubElement(root, f"{{{WSDL}}}message", name=f"{op.name}{suffix}")
        etree.SubElement(message, f"{{{WSDL}}}part", name="parameters", element=f"tns:{element}")


def _port_operation(port_type: etree._Element, op: Operation) -> None:
    operation = etree.SubElement(port_type, f"{{{WSDL}}}operation", name=op.name)
    etree.SubElement(operation, f"{{{WSDL}}}input", message=f"tns:{op.name}SoapIn")
    etree.SubElement(operation, f"{{{WSDL}}}output", message=f"tns:{op.name}SoapOut")


def _binding_operation(binding: etree._Element, op: Operation) -> None:
    operation = etree.SubElement(binding, f"{{{WSDL}}}operation", name=op.name)
    etree.SubElement(
        operation,
        f"{{{WSDL_SOAP}}}operation",
        soapAction=f"{NAMESPACE}{op.name}",
        style="document",
    )
    for direction in ("input", "output"):
        etree.SubElement(
            etree.SubElement(operation, f"{{{WSDL}}}{direction}"),
            f"{{{WSDL_SOAP}}}body",
            use="literal",
        )


def _escaped(address: str) -> bytes:
    return address.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").encode("utf-8")
