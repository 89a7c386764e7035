"""The real captured Web Connector envelopes, replayed against the running service (only
the ticket values are adapted), and every reply checked against the message types of
Intuit's Web Connector WSDL."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest
from lxml import etree

from domain.qbxml.journal import JournalEntryQuery
from domain.qbxml.statuses import Outcome
from simulators.quickbooks import QuickBooksSession
from simulators.webconnector.soap import envelope, reply_strings, reply_text
from tests.support.qbwc import ScriptedSource, company, qbwc_connection
from tests.support.server import running_service, service_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qbwc"
OWNER = "{7D3B5C1E-4A2F-4E8B-9C61-2F0A8D5E3B47}"


@pytest.fixture(scope="module")
def wsdl_types() -> etree.XMLSchema:
    xs = "http://www.w3.org/2001/XMLSchema"
    wsdl = etree.parse(str(FIXTURES / "TroubleshootWebServiceFS.wsdl"))
    embedded = wsdl.find(f".//{{{xs}}}schema")
    nsmap = {"s": xs, "tns": "http://developer.intuit.com/"}
    schema = etree.Element(f"{{{xs}}}schema", dict(embedded.attrib), nsmap=nsmap)
    schema.extend(embedded)  # standalone, with the WSDL's prefixes declared
    return etree.XMLSchema(schema)


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        quickbooks = company()
        await qbwc_connection(svc.container, quickbooks, username="api", password="password")
        source = ScriptedSource()
        svc.container.work_sources.append(source)
        svc.quickbooks, svc.source = quickbooks, source
        yield svc


async def replay(service, name: str, wsdl_types, ticket: str | None = None) -> str:
    body = (FIXTURES / name).read_text()
    if ticket is not None:
        body = re.sub(r"<ticket>[^<]*</ticket>", f"<ticket>{ticket}</ticket>", body)
    method = etree.QName(etree.fromstring(body.encode())[0][0]).localname
    return await post(service, method, body.encode(), wsdl_types)


async def post(service, method: str, body: bytes, wsdl_types) -> str:
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": f'"http://developer.intuit.com/{method}"',
        "User-Agent": "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 2.0)",
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{service.url}/qbwc", data=body, headers=headers) as r,
    ):
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/xml")
        text = await r.text()
    answer = etree.fromstring(text.encode())[0][0]
    assert answer.tag == f"{{http://developer.intuit.com/}}{method}Response"
    assert wsdl_types.validate(answer), wsdl_types.error_log
    return text


async def test_the_captured_handshake_gets_sensible_answers(service, wsdl_types):
    version = await replay(service, "01_serverVersion.request.xml", wsdl_types)
    assert reply_text("serverVersion", version).startswith("ml-connector")
    client = await replay(service, "02_clientVersion.request.xml", wsdl_types)
    assert reply_text("clientVersion", client) == ""
    assert (
        reply_text(
            "clientVersion", await replay(service, "clientVersion.request.2.1.0.30.xml", wsdl_types)
        )
        == ""
    )
    none = await replay(service, "03_authenticate.request.xml", wsdl_types)
    ticket, status, wait = reply_strings("authenticate", none)
    assert (status, wait) == ("none", "900") and ticket  # nothing queued yet


async def test_the_captured_session_with_quickbooks_2006_is_told_it_is_too_old(service, wsdl_types):
    service.source.add(JournalEntryQuery(ref_numbers=("X",)), "probe")
    auth = await replay(service, "03_authenticate.request.xml", wsdl_types)
    ticket, company_file = reply_strings("authenticate", auth)
    assert company_file == ""  # use the company file open in QuickBooks

    sent = await replay(
        service, "04_sendRequestXML.first-call-with-strHCPResponse.request.xml", wsdl_types, ticket
    )
    assert reply_text("sendRequestXML", sent) == ""
    error = reply_text(
        "getLastError", await replay(service, "05_getLastError.request.xml", wsdl_types, ticket)
    )
    assert "QuickBooks Pro 2006 supports qbXML up to 5.0" in error
    later = await replay(
        service, "09_sendRequestXML.later-call-empty-strHCPResponse.request.xml", wsdl_types, ticket
    )
    assert reply_text("sendRequestXML", later) == ""
    closed = await replay(service, "06_closeConnection.request.xml", wsdl_types, ticket)
    assert reply_text("closeConnection", closed).startswith("ml-connector: 0 messages")


async def test_a_failed_login_has_the_nvu_shape(service, wsdl_types):
    bad = envelope("authenticate", [("strUserName", "api"), ("strPassword", "nope")]).encode()
    answer = await post(service, "authenticate", bad, wsdl_types)
    expected = (FIXTURES / "authenticate.response.nvu.xml").read_text()
    assert reply_strings("authenticate", answer) == reply_strings("authenticate", expected)


async def open_session(service, wsdl_types, requests: int) -> str:
    for n in range(requests):
        service.source.add(JournalEntryQuery(ref_numbers=(f"R{n}",)), f"probe-{n}")
    auth = envelope("authenticate", [("strUserName", "api"), ("strPassword", "password")])
    ticket, _ = reply_strings(
        "authenticate", await post(service, "authenticate", auth.encode(), wsdl_types)
    )
    hcp = QuickBooksSession(service.quickbooks).hcp_response(OWNER)
    params = [
        ("ticket", ticket),
        ("strHCPResponse", hcp),
        ("strCompanyFileName", service.quickbooks.path),
        ("qbXMLCountry", "US"),
        ("qbXMLMajorVers", 13),
        ("qbXMLMinorVers", 0),
    ]
    message = reply_text(
        "sendRequestXML",
        await post(
            service, "sendRequestXML", envelope("sendRequestXML", params).encode(), wsdl_types
        ),
    )
    assert message.count("<JournalEntryQueryRq") == requests
    return ticket


async def test_a_captured_batch_answer_without_request_ids_is_matched_in_order(service, wsdl_types):
    ticket = await open_session(service, wsdl_types, requests=4)

    answer = await replay(
        service, "11_receiveResponseXML.batch-status1-0-3140.request.xml", wsdl_types, ticket
    )

    assert 0 <= int(reply_text("receiveResponseXML", answer)) <= 100
    codes = [seen.response.status.code for seen in service.source.accepted]
    assert codes == [1, 1, 0, 3140]
    assert service.source.accepted[3].response.outcome is Outcome.BAD_REFERENCE


@pytest.mark.parametrize(
    "name",
    [
        "08_receiveResponseXML.CustomerAddRs.request.xml",
        "10_receiveResponseXML.ItemServiceAddRs-3100.request.xml",
    ],
)
async def test_a_captured_answer_to_someone_elses_request_is_not_taken_for_ours(
    service, wsdl_types, name
):
    ticket = await open_session(service, wsdl_types, requests=1)

    answer = await replay(service, name, wsdl_types, ticket)

    assert 0 <= int(reply_text("receiveResponseXML", answer)) <= 100
    assert not service.source.accepted
    (abandoned,) = service.source.abandoned
    assert abandoned.reason.kind.value == "no_response"
