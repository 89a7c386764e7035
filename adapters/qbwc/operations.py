"""The eight QBWC operations: parameter names and result types, exactly as in Intuit's
Web Connector WSDL (namespace http://developer.intuit.com/)."""

from __future__ import annotations

from dataclasses import dataclass

NAMESPACE = "http://developer.intuit.com/"


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    params: tuple[tuple[str, str], ...]  # (name, xsd type) in order
    result: str  # xsd type of <name>Result, or "ArrayOfString"


OPERATIONS = {
    op.name: op
    for op in (
        Operation("serverVersion", (), "string"),
        Operation("clientVersion", (("strVersion", "string"),), "string"),
        Operation(
            "authenticate", (("strUserName", "string"), ("strPassword", "string")), "ArrayOfString"
        ),
        Operation(
            "sendRequestXML",
            (
                ("ticket", "string"),
                ("strHCPResponse", "string"),
                ("strCompanyFileName", "string"),
                ("qbXMLCountry", "string"),
                ("qbXMLMajorVers", "int"),
                ("qbXMLMinorVers", "int"),
            ),
            "string",
        ),
        Operation(
            "receiveResponseXML",
            (
                ("ticket", "string"),
                ("response", "string"),
                ("hresult", "string"),
                ("message", "string"),
            ),
            "int",
        ),
        Operation(
            "connectionError",
            (("ticket", "string"), ("hresult", "string"), ("message", "string")),
            "string",
        ),
        Operation("getLastError", (("ticket", "string"),), "string"),
        Operation("closeConnection", (("ticket", "string"),), "string"),
    )
}
