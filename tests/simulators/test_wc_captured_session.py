"""Replaying the real QBWC 2.0 session captured by the QuickBooks PHP DevKit: the agent's
envelopes must equal what Web Connector sent, byte for byte, and it must understand
the (differently prefixed) replies that real server gave."""

from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from simulators.quickbooks import CompanyFile, CompanySettings, Product
from simulators.webconnector import Outcome, WebConnectorAgent
from simulators.webconnector.soap import envelope
from tests.simulators.qbwc_standin import Script, StandInService

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qbwc"
TICKET = "c94c84b3d59fe7a1603b765dd734e481"
COMPANY_PATH = r"C:\KPALMER\QBW\Test Company.QBW"
PRO_2006 = Product(
    "QuickBooks Pro 2006", 16, 0, "US", ("1.0", "1.1", "2.0", "2.1", "3.0", "4.0", "4.1", "5.0")
)


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize(
    ("capture", "method", "params"),
    [
        ("01_serverVersion.request.xml", "serverVersion", []),
        ("02_clientVersion.request.xml", "clientVersion", [("strVersion", "2.0.0.116")]),
        (
            "03_authenticate.request.xml",
            "authenticate",
            [("strUserName", "api"), ("strPassword", "password")],
        ),
        ("05_getLastError.request.xml", "getLastError", [("ticket", TICKET)]),
        ("06_closeConnection.request.xml", "closeConnection", [("ticket", TICKET)]),
        (
            "09_sendRequestXML.later-call-empty-strHCPResponse.request.xml",
            "sendRequestXML",
            [
                ("ticket", "ea0bf596246b623664adb465cc8662a2"),
                ("strHCPResponse", ""),
                ("strCompanyFileName", COMPANY_PATH),
                ("qbXMLCountry", "US"),
                ("qbXMLMajorVers", 5),
                ("qbXMLMinorVers", 0),
            ],
        ),
    ],
)
def test_envelopes_equal_the_captured_qbwc_requests(capture, method, params):
    assert envelope(method, params) == _fixture(capture)


@pytest.fixture
async def replaying_service():
    replies = {
        "serverVersion": "01_serverVersion.response.xml",
        "clientVersion": "02_clientVersion.response.xml",
        "authenticate": "03_authenticate.response.xml",
        "sendRequestXML": "04_sendRequestXML.empty.response.xml",
        "getLastError": "05_getLastError.response.xml",
        "closeConnection": "06_closeConnection.response.xml",
    }
    service = StandInService(Script(raw_replies={m: _fixture(f) for m, f in replies.items()}))
    server = TestServer(service.app(), host="127.0.0.1")
    await server.start_server()
    service.url = str(server.make_url("/qbwc"))
    yield service
    await server.close()


async def test_the_captured_session_replays_call_for_call(replaying_service, clock):
    company = CompanyFile(CompanySettings(path=COMPANY_PATH), product=PRO_2006, clock=clock)
    agent = WebConnectorAgent(
        replaying_service.url, "api", "password", company, client_version="2.0.0.116", noop_wait=0
    )
    report = await agent.run_cycle()
    assert replaying_service.methods == [
        "serverVersion", "clientVersion", "authenticate",
        "sendRequestXML", "getLastError", "closeConnection",
    ]  # fmt: skip
    assert report.server_version.startswith("PHP QuickBooks SOAP Server v1.5.0")
    assert (report.ticket, report.auth_status) == (TICKET, "")
    assert report.last_errors == ["No registered functions for action: ItemServiceQuery"]
    assert (report.close_message, report.outcome) == ("Complete!", Outcome.COMPLETED)
    sent = {call.method: call.body for call in replaying_service.calls}
    for method, capture in [
        ("serverVersion", "01_serverVersion.request.xml"),
        ("clientVersion", "02_clientVersion.request.xml"),
        ("authenticate", "03_authenticate.request.xml"),
        ("getLastError", "05_getLastError.request.xml"),
        ("closeConnection", "06_closeConnection.request.xml"),
    ]:
        assert sent[method] == _fixture(capture)
    first_send = replaying_service.params("sendRequestXML")[0]
    assert (first_send["qbXMLMajorVers"], first_send["strCompanyFileName"]) == ("5", COMPANY_PATH)


async def test_the_nvu_and_minimum_version_fixtures(replaying_service, company):
    replaying_service.script.raw_replies["authenticate"] = _fixture("authenticate.response.nvu.xml")
    agent = WebConnectorAgent(replaying_service.url, "api", "wrong", company)
    assert (await agent.run_cycle()).outcome == Outcome.AUTH_FAILED
    replaying_service.script.raw_replies["clientVersion"] = _fixture(
        "clientVersion.response.O-min-version.xml"
    )
    report = await WebConnectorAgent(
        replaying_service.url, "api", "password", company, client_version="2.1.0.30"
    ).run_cycle()
    assert report.outcome == Outcome.ABORTED and report.client_version_reply == "O:2.2.0.71"
