"""Fuzzing POST /qbwc through the real service over HTTP: whatever arrives -- bytes, well-
formed calls with hostile parameters, or hostile qbXML answers inside a live session --
the reply is a SOAP envelope: a result, or a soap:Client fault. Never a soap:Server
fault (the server failed), never a bare HTTP error, never a hang; and a session's stored
state is always the fold of its recorded events (nothing half-written).

The service and its database live for the whole of a test, across examples, on purpose:
garbage must not hurt the calls that follow it. Deadlines are off because every example
is an HTTP round trip through PostgreSQL, whose time is the machine's, not the code's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from adapters.qbwc.operations import OPERATIONS
from adapters.qbwc.qwc import OWNER_ID
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader
from domain import codec
from domain.qbwc.session import SessionState, fold
from simulators.quickbooks.handlers.host_queries import hcp_response
from simulators.webconnector.soap import envelope
from tests.fuzz.qbxml_documents import document, responses
from tests.fuzz.strategies import NUMBERISH, xml_text
from tests.support.qbwc import PASSWORD, company, qbwc_connection
from tests.support.server import running_service, service_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qbwc"
SOAP_ENV = "{http://schemas.xmlsoap.org/soap/envelope/}"
NAMESPACE = "{http://developer.intuit.com/}"
LIMIT = 2**16
TICKET = "\x00ticket"  # stands for the live session's ticket in generated calls
SERVICE = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
# Calls inside sessions cost a few database round trips each, and the sources fold their
# growing streams on every call: fewer examples keep these two tests to seconds.
SESSION = settings(SERVICE, max_examples=max(10, settings.default.max_examples // 3))


@dataclass
class World:
    url: str
    container: object
    connection_id: str
    quickbooks: object
    http: aiohttp.ClientSession
    ticket: str = ""
    sent_hcp: bool = False
    statuses: dict[int, int] = field(default_factory=dict)

    async def post(self, body: bytes, content_type: str = "text/xml; charset=utf-8"):
        headers = {"Content-Type": content_type, "SOAPAction": '"http://developer.intuit.com/"'}
        timeout = aiohttp.ClientTimeout(total=30)
        async with self.http.post(
            f"{self.url}/qbwc", data=body, headers=headers, timeout=timeout
        ) as reply:
            return reply.status, await reply.read()

    async def call(self, operation: str, params: list[tuple[str, str | int]]) -> str:
        status, body = await self.post(envelope(operation, params).encode())
        return answer(status, body, operation)

    async def in_flight(self) -> str:
        """A live session with a message out to QuickBooks; its ticket."""
        for attempt in range(4):
            if attempt:  # asked only when needed: the sources fold their whole streams
                await ChartOfAccounts(self.container.store).request(self.connection_id, "fuzz")
                await self._ledger().request_sync(self.connection_id, "fuzz")
            if not self.ticket and not await self._authenticate():
                continue
            if await self.call("sendRequestXML", self._send_params()):
                return self.ticket
            await self.call("closeConnection", [("ticket", self.ticket)])
            self.ticket = ""
        raise AssertionError("no message was sent in four sessions")

    async def fresh(self) -> str:
        """A session just opened: its first sendRequestXML (the HCP) is still to come."""
        if self.ticket:
            await self.call("closeConnection", [("ticket", self.ticket)])
        await ChartOfAccounts(self.container.store).request(self.connection_id, "fuzz")
        assert await self._authenticate()
        return self.ticket

    async def _authenticate(self) -> bool:
        """Whether a session opened (not "none": no work)."""
        credentials = [("strUserName", "harborline"), ("strPassword", PASSWORD)]
        _, body = await self.post(envelope("authenticate", credentials).encode())
        ticket, status = [s.text or "" for s in etree.fromstring(body).iter(f"{NAMESPACE}string")][
            :2
        ]
        assert status not in ("nvu", "busy"), status
        self.ticket, self.sent_hcp = ("", False) if status == "none" else (ticket, False)
        return bool(self.ticket)

    def _send_params(self) -> list[tuple[str, str | int]]:
        hcp = "" if self.sent_hcp else hcp_response(self.quickbooks, OWNER_ID)
        self.sent_hcp = True
        path = self.quickbooks.path
        return [
            ("ticket", self.ticket),
            ("strHCPResponse", hcp),
            ("strCompanyFileName", path),
            ("qbXMLCountry", "US"),
            ("qbXMLMajorVers", 13),
            ("qbXMLMinorVers", 0),
        ]

    def _ledger(self) -> LedgerReader:
        return next(s for s in self.container.work_sources if isinstance(s, LedgerReader))


def answer(status: int, body: bytes, operation: str | None = None) -> str:
    """The result text of a reply, or "" for a fault; asserts it is one of the two."""
    assert status in (200, 413, 500), (status, body[:300])
    root = etree.fromstring(body)
    assert root.tag == f"{SOAP_ENV}Envelope"
    (payload,) = root.find(f"{SOAP_ENV}Body")
    if status != 200:
        assert payload.tag == f"{SOAP_ENV}Fault"
        assert payload.findtext("faultcode") == "soap:Client", payload.findtext("faultstring")
        return ""
    if operation is not None:
        assert payload.tag == f"{NAMESPACE}{operation}Response"
    (result,) = payload
    return "".join(result.itertext())


async def assert_sessions_consistent(world: World, latest_only: bool = False) -> None:
    """Each session row (or the one used last) holds the fold of its stream, at the
    stream's version."""
    rows = await world.container.pool.fetch(
        "SELECT session_id, state::text, version FROM qbwc_sessions"
        + (" ORDER BY last_seen_at DESC LIMIT 1" if latest_only else "")
    )
    for row in rows:
        events = await world.container.store.read_stream(f"qbwc-session-{row['session_id']}")
        stored = codec.from_dict(SessionState, json.loads(row["state"]))
        assert fold([e.event for e in events]) == stored
        assert row["version"] == len(events)


@pytest.fixture
async def world(db_url):
    service_config = service_settings(
        db_url, qbwc_max_body_bytes=LIMIT, qbwc_login_max_failures=10**6
    )
    async with running_service(service_config) as svc, aiohttp.ClientSession() as http:
        quickbooks = company(transactions=20)
        cid = await qbwc_connection(svc.container, quickbooks)
        yield World(svc.url, svc.container, cid, quickbooks, http)
        await assert_sessions_consistent(World(svc.url, svc.container, cid, quickbooks, http))


CAPTURED = sorted(path.read_bytes() for path in FIXTURES.glob("*.request.xml"))
edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 8), st.binary(max_size=8)), max_size=4)


def edited(original: bytes, changes) -> bytes:
    for where, cut, insert in changes:
        at = int(where * len(original))
        original = original[:at] + insert + original[at + cut :]
    return original


@SERVICE
@given(
    st.one_of(st.binary(max_size=300), st.builds(edited, st.sampled_from(CAPTURED), edits)),
    st.sampled_from(["text/xml; charset=utf-8", "application/soap+xml", "text/plain", ""]),
)
@example(b"<a>" * 20 + b"</a>" * 20, "text/xml")
@example(b"\xef\xbb\xbf" + CAPTURED[0], "text/xml")
async def test_any_body_gets_a_reply_or_a_client_fault(world, body, content_type):
    answer(*await world.post(body, content_type))


hostile = st.one_of(
    xml_text,
    NUMBERISH,
    st.sampled_from([TICKET, TICKET + "x", "", " ", "nvu", "0x80040400", "-1", "99999999999"]),
    responses.map(document),
)


@st.composite
def calls(draw):
    operation = draw(st.sampled_from(sorted(OPERATIONS)))
    names = [name for name, _ in OPERATIONS[operation].params]
    names += draw(st.lists(st.sampled_from(["ticket", "bogus", "strVersion"]), max_size=2))
    return operation, [(name, draw(hostile)) for name in draw(st.permutations(names))]


@SESSION
@given(calls(), st.booleans())
@example(("sendRequestXML", [("ticket", TICKET), ("qbXMLMajorVers", "x")]), True)
@example(("sendRequestXML", [("ticket", TICKET), ("qbXMLMajorVers", "9" * 5000)]), True)
@example(("clientVersion", [("strVersion", "9" * 5000)]), False)
async def test_well_formed_calls_with_hostile_parameters(world, call, fresh):
    operation, params = call
    ticket = ""
    if any(value == TICKET for _, value in params):
        ticket = await (world.fresh() if fresh else world.in_flight())
    params = [(name, str(value).replace(TICKET, ticket)) for name, value in params]
    status, body = await world.post(envelope(operation, params).encode())
    answer(status, body, operation)
    if operation == "closeConnection" or operation == "connectionError":
        world.ticket = ""


@SESSION
@given(responses, st.sampled_from(["", "", "0x80040400", "0x8004040D", "junk"]), xml_text)
@example(
    [
        (
            "AccountQuery",
            {"requestID": "1"},
            [("AccountRet", {}, None, [("Balance", {}, "NaN", [])])],
        )
    ],
    "",
    "",
)
async def test_hostile_answers_inside_a_live_session(world, answers, hresult, message):
    ticket = await world.in_flight()
    params = [("ticket", ticket), ("response", document(answers))]
    percent = await world.call(
        "receiveResponseXML", [*params, ("hresult", hresult), ("message", message)]
    )
    assert -1 <= int(percent) <= 100
    if int(percent) < 0 or int(percent) >= 100:
        await world.call("getLastError", [("ticket", ticket)])
        await world.call("closeConnection", [("ticket", ticket)])
        world.ticket = ""
    await assert_sessions_consistent(world, latest_only=True)
