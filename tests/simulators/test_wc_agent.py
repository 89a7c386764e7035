"""The Web Connector agent against a stand-in QBWC service over real HTTP: call order,
parameters, and its reactions to every kind of reply."""

import asyncio
import json
import sys

import pytest
from aiohttp.test_utils import TestServer
from lxml import etree

from simulators.quickbooks import CompanyFile, QuickBooksDesktop, demo_company
from simulators.webconnector import AgentFaults, Outcome, WebConnectorAgent
from tests.simulators.conftest import journal_entry, qbxml
from tests.simulators.qbwc_standin import StandInService

HANDSHAKE = ["serverVersion", "clientVersion", "authenticate"]
QUERY = qbxml(
    '<JournalEntryQueryRq requestID="q"><RefNumber>AP-1</RefNumber></JournalEntryQueryRq>'
)


@pytest.fixture
async def service():
    service = StandInService()
    server = TestServer(service.app(), host="127.0.0.1")
    await server.start_server()
    service.url = str(server.make_url("/qbwc"))
    yield service
    await server.close()


def _agent(service: StandInService, quickbooks, **options) -> WebConnectorAgent:
    return WebConnectorAgent(service.url, "api", "password", quickbooks, noop_wait=0, **options)


def _refs(company: CompanyFile) -> list[str | None]:
    return [txn.ref_number for txn in company.txns.values()]


async def test_a_full_update_in_qbwc_order(service, company):
    service.script.requests = [qbxml(journal_entry()), QUERY]
    service.script.percents = [50, 100]
    report = await _agent(service, company).run_cycle()
    exchange = ["sendRequestXML", "receiveResponseXML"]
    assert service.methods == [*HANDSHAKE, *exchange, *exchange, "closeConnection"]
    assert report.outcome == Outcome.COMPLETED and report.percents == [50, 100]
    assert report.close_message == "OK" and report.round_trips == len(service.calls) == 8
    assert "AP-1" in _refs(company)
    assert all(call.valid_per_wsdl for call in service.calls)
    headers = service.calls[0].headers
    assert headers["SOAPAction"] == '"http://developer.intuit.com/serverVersion"'
    assert {call.headers["Content-Type"] for call in service.calls} == {"text/xml; charset=utf-8"}
    assert (
        headers["Expect"] == "100-continue"
        and "MS Web Services Client Protocol" in headers["User-Agent"]
    )


async def test_send_request_xml_carries_the_hcp_response_only_the_first_time(service, company):
    service.script.requests = [QUERY, QUERY]
    service.script.percents = [50, 100]
    await _agent(service, company).run_cycle()
    first, later = service.params("sendRequestXML")
    hcp = etree.fromstring(first["strHCPResponse"].encode())
    assert [rs.tag for rs in hcp.find("QBXMLMsgsRs")] == [
        "HostQueryRs",
        "CompanyQueryRs",
        "PreferencesQueryRs",
    ]
    assert later["strHCPResponse"] == ""
    assert (first["strCompanyFileName"], first["qbXMLCountry"]) == (company.path, "US")
    assert (first["qbXMLMajorVers"], first["qbXMLMinorVers"]) == ("16", "0")
    assert first["ticket"] == later["ticket"] == "TICKET-1"


async def test_the_quickbooks_response_travels_as_an_escaped_string(service, company):
    service.script.requests = [qbxml(journal_entry())]
    await _agent(service, company).run_cycle()
    (received,) = service.params("receiveResponseXML")
    response = etree.fromstring(received["response"].encode())
    assert response.find(".//JournalEntryAddRs").get("statusCode") == "0"
    assert (received["hresult"], received["message"]) == ("", "")


async def test_an_unparseable_request_comes_back_as_hresult_and_message(service, company):
    service.script.requests = [qbxml(journal_entry(amount="1.5"))]
    report = await _agent(service, company).run_cycle()
    (received,) = service.params("receiveResponseXML")
    assert received["response"] == "" and received["hresult"] == "0x80040400"
    assert (
        received["message"]
        == "QuickBooks found an error when parsing the provided XML text stream."
    )
    assert report.messages[0].hresult == "0x80040400"


async def test_noop_makes_the_connector_ask_again(service, company):
    service.script.requests = ["", QUERY]
    service.script.last_errors = ["NoOp"]
    report = await _agent(service, company).run_cycle()
    assert service.methods[3:] == [
        "sendRequestXML", "getLastError", "sendRequestXML", "receiveResponseXML", "closeConnection",
    ]  # fmt: skip
    assert report.noops == 1 and report.outcome == Outcome.COMPLETED
    assert service.params("sendRequestXML")[1]["strHCPResponse"] == ""


async def test_an_empty_request_with_an_error_text_ends_the_update(service, company):
    service.script.last_errors = ["Anaplan is not reachable"]
    report = await _agent(service, company).run_cycle()
    assert service.methods[3:] == ["sendRequestXML", "getLastError", "closeConnection"]
    assert (
        report.last_errors == ["Anaplan is not reachable"] and report.outcome == Outcome.COMPLETED
    )


async def test_a_negative_percent_asks_for_the_error_then_closes(service, company):
    service.script.requests = [QUERY]
    service.script.percents = [-1]
    service.script.last_errors = ["posting failed"]
    report = await _agent(service, company).run_cycle()
    assert service.methods[3:] == [
        "sendRequestXML",
        "receiveResponseXML",
        "getLastError",
        "closeConnection",
    ]
    assert report.percents == [-1] and report.last_errors == ["posting failed"]


@pytest.mark.parametrize(
    ("authenticate", "outcome"),
    [
        (["", "nvu"], Outcome.AUTH_FAILED),
        (["T", "none", "120"], Outcome.NO_WORK),
        (["T", "busy"], Outcome.NO_WORK),
    ],
)
async def test_authenticate_replies_that_end_the_update(service, company, authenticate, outcome):
    service.script.authenticate = authenticate
    report = await _agent(service, company).run_cycle()
    assert service.methods == HANDSHAKE
    assert report.outcome == outcome and report.auth_status == authenticate[1]
    assert report.wait_seconds == (120 if len(authenticate) > 2 else None)


@pytest.mark.parametrize(
    ("reply", "outcome", "methods"),
    [
        (
            "W:Please upgrade soon",
            Outcome.COMPLETED,
            [*HANDSHAKE, "sendRequestXML", "getLastError", "closeConnection"],
        ),
        ("E:This connector is not supported", Outcome.ABORTED, HANDSHAKE[:2]),
        ("O:2.2.0.71", Outcome.ABORTED, HANDSHAKE[:2]),
    ],
)
async def test_client_version_replies(service, company, reply, outcome, methods):
    service.script.client_version = reply
    report = await _agent(service, company).run_cycle()
    assert (report.outcome, service.methods) == (outcome, methods)


async def test_quickbooks_closed_means_connection_error_and_done(service, company):
    desktop = QuickBooksDesktop(company)
    desktop.close_quickbooks()
    report = await _agent(service, desktop).run_cycle()
    assert service.methods == [*HANDSHAKE, "connectionError"]
    (params,) = service.params("connectionError")
    assert (params["ticket"], params["hresult"]) == ("TICKET-1", "0x80040416")
    assert report.outcome == Outcome.CONNECTION_ERROR


async def test_connection_error_can_name_another_company_file_to_try(service, company, clock):
    other = CompanyFile(clock=clock)
    other.settings.path = r"C:\Elsewhere\Other.QBW"
    desktop = QuickBooksDesktop(company, other)
    service.script.authenticate = ["T", other.path]
    service.script.connection_errors = [company.path]
    service.script.requests = [QUERY]
    report = await _agent(service, desktop).run_cycle()
    assert service.methods[3:] == [
        "connectionError",
        "sendRequestXML",
        "receiveResponseXML",
        "closeConnection",
    ]
    assert service.params("connectionError")[0]["hresult"] == "0x8004040A"
    assert report.company_file == company.path and report.outcome == Outcome.COMPLETED


async def test_connection_lost_after_quickbooks_applied_the_request(service, company):
    faults = AgentFaults()
    faults.lose_connection_after_apply(exchange=1)
    service.script.requests = [qbxml(journal_entry(ref="APPLIED"))]
    report = await _agent(service, company, faults=faults).run_cycle()
    assert "APPLIED" in _refs(company)
    assert service.methods == [*HANDSHAKE, "sendRequestXML"]
    assert report.outcome == Outcome.LOST_CONNECTION and report.close_message is None
    assert report.calls[-1].method == "receiveResponseXML" and report.calls[-1].http_status is None


async def test_a_reply_lost_after_the_server_handled_the_call(service, company):
    faults = AgentFaults()
    faults.drop_call("sendRequestXML", after_server_handled=True)
    service.script.requests = [qbxml(journal_entry(ref="NEVER"))]
    report = await _agent(service, company, faults=faults).run_cycle()
    assert service.methods[-1] == "sendRequestXML" and "NEVER" not in _refs(company)
    assert report.outcome == Outcome.LOST_CONNECTION


async def test_an_unreachable_service_is_a_lost_connection(company):
    agent = WebConnectorAgent("http://127.0.0.1:9/qbwc", "api", "password", company, http_timeout=2)
    report = await agent.run_cycle()
    assert report.outcome == Outcome.LOST_CONNECTION and report.methods == ["serverVersion"]


async def test_an_http_error_aborts_the_update(service, company):
    service.script.http_status = {"sendRequestXML": 500}
    report = await _agent(service, company).run_cycle()
    assert report.outcome == Outcome.ABORTED and "HTTP 500" in report.error
    assert report.calls[-1].http_status == 500


async def test_the_loop_guard_stops_a_session_that_never_finishes(service, company):
    service.script.requests = [QUERY] * 10
    service.script.percents = [0] * 10
    report = await _agent(service, company, max_exchanges=3).run_cycle()
    assert service.methods.count("sendRequestXML") == 3 and "closeConnection" not in service.methods
    assert report.outcome == Outcome.ABORTED and "loop guard" in report.error


async def test_iterators_die_with_the_update(service, company):
    start = qbxml(
        '<JournalEntryQueryRq iterator="Start"><MaxReturned>1</MaxReturned></JournalEntryQueryRq>'
    )
    service.script.requests = [start]
    first = await _agent(service, company).run_cycle()
    iterator_id = (
        etree.fromstring(first.messages[0].response_xml.encode())
        .find(".//JournalEntryQueryRs")
        .get("iteratorID")
    )
    service.script.requests = [
        qbxml(
            f'<JournalEntryQueryRq iterator="Continue" iteratorID="{iterator_id}">'
            "<MaxReturned>1</MaxReturned></JournalEntryQueryRq>"
        )
    ]
    second = await _agent(service, company).run_cycle()
    assert (
        etree.fromstring(second.messages[0].response_xml.encode())
        .find(".//JournalEntryQueryRs")
        .get("statusCode")
        == "3391"
    )


async def test_rpc_style_bodies(service, company):
    service.script.requests = [QUERY]
    report = await _agent(service, company, rpc_style=True).run_cycle()
    assert report.outcome == Outcome.COMPLETED
    body = service.calls[1].body
    assert '<q1:clientVersion xmlns:q1="http://developer.intuit.com/">' in body
    assert '<strVersion xsi:type="xsd:string">2.3.0.215</strVersion>' in body
    assert '<qbXMLMajorVers xsi:type="xsd:int">16</qbXMLMajorVers>' in service.calls[3].body


async def test_scheduled_updates_honour_the_wait_hint(service, company, monkeypatch):
    delays: list[float] = []

    async def record(_stop, delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr("simulators.webconnector.agent._sleep_unless_stopped", record)
    service.script.authenticate = ["T", "none", "120"]
    reports = await _agent(service, company).run_every(30, cycles=3)
    assert [report.outcome for report in reports] == [Outcome.NO_WORK] * 3
    assert delays == [120, 120]


async def test_many_agents_run_side_by_side(service, clock):
    companies = [demo_company(transactions=0, clock=clock) for _ in range(20)]
    service.script.percents = [100] * 20
    service.script.requests = [qbxml(journal_entry(ref=f"A{n}")) for n in range(20)]
    reports = await asyncio.gather(*(_agent(service, company).run_cycle() for company in companies))
    assert all(report.outcome == Outcome.COMPLETED for report in reports)
    assert sorted(ref for company in companies for ref in _refs(company)) == sorted(
        f"A{n}" for n in range(20)
    )


async def test_the_command_line_runs_updates_against_a_service(service):
    service.script.requests = [QUERY]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "simulators.webconnector", "--url", service.url, "--user", "api",
        "--password", "secret", "--transactions", "10", "--every", "0", "--cycles", "2",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    output, _ = await process.communicate()
    lines = [json.loads(line) for line in output.decode().splitlines()]
    assert [line["outcome"] for line in lines] == ["completed", "completed"]
    assert (
        lines[0]["messages"] == 1 and service.params("authenticate")[0]["strPassword"] == "secret"
    )
