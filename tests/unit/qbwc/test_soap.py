"""Reading SOAP requests in every dialect QBWC uses; replies, the WSDL, the .qwc file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from adapters.qbwc.envelope import SoapFault, parse_call
from adapters.qbwc.qwc import OWNER_ID, QwcFile, render_qwc
from adapters.qbwc.replies import fault, reply
from adapters.qbwc.wsdl import wsdl
from simulators.webconnector.soap import envelope, reply_strings, reply_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "qbwc"
LIMIT = 2**20


@pytest.mark.parametrize(
    ("name", "operation", "param", "value"),
    [
        ("01_serverVersion.request.xml", "serverVersion", None, None),
        ("02_clientVersion.request.xml", "clientVersion", "strVersion", "2.0.0.116"),
        ("03_authenticate.request.xml", "authenticate", "strPassword", "password"),
        (
            "05_getLastError.request.xml",
            "getLastError",
            "ticket",
            "c94c84b3d59fe7a1603b765dd734e481",
        ),
        (
            "09_sendRequestXML.later-call-empty-strHCPResponse.request.xml",
            "sendRequestXML",
            "strHCPResponse",
            "",
        ),
    ],
)
def test_captured_requests_are_read_by_local_name(name, operation, param, value):
    call = parse_call((FIXTURES / name).read_bytes(), max_bytes=LIMIT)
    assert call.operation == operation
    if param:
        assert call.get(param) == value


def test_the_qbxml_string_parameter_arrives_unescaped():
    call = parse_call(
        (FIXTURES / "08_receiveResponseXML.CustomerAddRs.request.xml").read_bytes(), max_bytes=LIMIT
    )
    assert call.get("response").startswith('<?xml version="1.0" ?> <QBXML>')
    assert (call.get("hresult"), call.get("message")) == ("", "")


def test_rpc_style_prefixed_typed_bodies_read_the_same():
    body = envelope("sendRequestXML", [("ticket", "t"), ("qbXMLMajorVers", 13)], rpc_style=True)
    call = parse_call(body.encode(), max_bytes=LIMIT)
    assert (call.operation, call.get("ticket"), call.integer("qbXMLMajorVers")) == (
        "sendRequestXML",
        "t",
        13,
    )


def test_nil_parameters_read_as_empty():
    body = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><s:Body>'
        '<getLastError xmlns="http://developer.intuit.com/"><ticket i:nil="true">x</ticket>'
        "</getLastError></s:Body></s:Envelope>"
    )
    assert parse_call(body.encode(), max_bytes=LIMIT).get("ticket") == ""


def test_an_integer_parameter_that_is_not_one_is_a_fault():
    body = envelope("sendRequestXML", [("qbXMLMajorVers", "thirteen")])
    with pytest.raises(SoapFault, match="must be an integer"):
        parse_call(body.encode(), max_bytes=LIMIT).integer("qbXMLMajorVers")


def test_replies_are_document_literal_in_the_intuit_namespace():
    strings = reply("authenticate", ["ticket", "none", "900"])
    assert reply_strings("authenticate", strings.decode()) == ["ticket", "none", "900"]
    root = etree.fromstring(strings)
    assert root[0][0].tag == "{http://developer.intuit.com/}authenticateResponse"
    assert strings.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert reply_text("receiveResponseXML", reply("receiveResponseXML", -1).decode()) == "-1"


def test_a_fault_carries_only_the_message():
    root = etree.fromstring(fault("bad request"))
    element = root.find(".//{http://schemas.xmlsoap.org/soap/envelope/}Fault")
    assert (element.findtext("faultcode"), element.findtext("faultstring")) == (
        "soap:Client",
        "bad request",
    )


def test_the_wsdl_has_eight_document_literal_operations_at_the_given_address():
    root = etree.fromstring(wsdl('https://qb.example.com/qbwc?a="b"'))
    ns = {"w": "http://schemas.xmlsoap.org/wsdl/", "soap": "http://schemas.xmlsoap.org/wsdl/soap/"}
    operations = root.findall("w:binding/w:operation", ns)
    assert len(operations) == 8
    assert {o.find("soap:operation", ns).get("style") for o in operations} == {"document"}
    actions = {o.find("soap:operation", ns).get("soapAction") for o in operations}
    assert "http://developer.intuit.com/receiveResponseXML" in actions
    assert root.find(".//soap:address", ns).get("location") == 'https://qb.example.com/qbwc?a="b"'


def test_the_qwc_file_names_everything_qbwc_needs_and_no_secret():
    qwc = QwcFile(
        app_name="ml-connector Harborline 1a2b3c4d",
        app_url="https://qb.example.com/qbwc",
        support_url="https://qb.example.com/qbwc/support",
        description="sync",
        username="harborline",
        file_id="{57F3B9B6-86F1-4FCC-B1FF-967DE1813D20}",
        run_every_minutes=15,
    )
    root = etree.fromstring(render_qwc(qwc))
    assert [child.tag for child in root] == [
        "AppName",
        "AppID",
        "AppURL",
        "AppDescription",
        "AppSupport",
        "UserName",
        "OwnerID",
        "FileID",
        "QBType",
        "Style",
        "Scheduler",
        "IsReadOnly",
    ]
    assert (
        root.findtext("OwnerID") == OWNER_ID and root.findtext("Scheduler/RunEveryNMinutes") == "15"
    )
