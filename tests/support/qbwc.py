"""Helpers for Web Connector tests: a connection with a password, test work sources and a
Web Connector agent wired to a simulated QuickBooks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from adapters.qbwc.qwc import OWNER_ID
from app.bootstrap import Container
from app.qbwc.work import (
    AbandonReason,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkState,
)
from domain.connection import CredentialKind
from domain.qbxml.journal import JournalEntryAdd, JournalEntryQuery
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.responses import JournalEntryRet, QbxmlResponse
from domain.qbxml.statuses import Outcome
from simulators.quickbooks import CompanyFile, SimulatedClock, demo_company
from simulators.webconnector import WebConnectorAgent
from tests.support.factories import connection_settings

PASSWORD = "correct horse battery staple"
TENANT = "tenant-qb"


async def qbwc_connection(
    container: Container,
    company: CompanyFile,
    username: str = "harborline",
    password: str = PASSWORD,
    **quickbooks: object,
) -> str:
    settings = connection_settings(username)
    settings = replace(
        settings,
        quickbooks=replace(settings.quickbooks, file_id=company.settings.file_id, **quickbooks),
    )
    cid = await container.connections.create(TENANT, settings, "test")
    await container.connections.set_secret(cid, CredentialKind.QBWC_PASSWORD, password, "test")
    return cid


def company(transactions: int = 60, **options: object) -> CompanyFile:
    return demo_company(transactions=transactions, clock=SimulatedClock(), **options)


def agent(url: str, quickbooks: CompanyFile, **options: object) -> WebConnectorAgent:
    options = {"owner_id": OWNER_ID, "noop_wait": 0.0, **options}
    password = options.pop("password", PASSWORD)
    username = options.pop("username", "harborline")
    return WebConnectorAgent(f"{url}/qbwc", username, password, quickbooks, **options)


@dataclass
class Seen:
    session_id: str
    planned: PlannedRequest
    response: QbxmlResponse | None = None
    reason: AbandonReason | None = None


@dataclass
class ScriptedSource:
    """Plans what the test queues; records every accept and abandon."""

    name: str = "scripted"
    queue: list[PlannedRequest] = field(default_factory=list)
    waiting: bool = False
    accepted: list[Seen] = field(default_factory=list)
    abandoned: list[Seen] = field(default_factory=list)
    plans: int = 0

    def add(self, request: QbxmlRequest, key: str, **options: object) -> None:
        self.queue.append(PlannedRequest(request=request, key=key, **options))

    async def has_work(self, connection_id: str) -> WorkState:
        if self.queue:
            return WorkState.READY
        return WorkState.WAITING if self.waiting else WorkState.NONE

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        self.plans += 1
        planned, self.queue = self.queue, []
        return planned

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        self.accepted.append(Seen(session.session_id, planned, response))

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        self.abandoned.append(Seen(session.session_id, planned, reason=reason))


@dataclass
class Posting:
    entry: JournalEntryAdd
    queried_in: str | None = None  # session whose query said "not there"
    posted: JournalEntryRet | None = None
    failed: str | None = None
    attempts: int = 0


@dataclass
class JournalPoster:
    """The journal pattern the session layer must make easy: in every session, query by
    RefNumber before adding; add only after a "no match" in the same session; resend on
    a lock; stop on a bad reference. In memory: fine for a single-process test."""

    name: str = "journal-test"
    postings: dict[str, Posting] = field(default_factory=dict)
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)

    def post(self, entry: JournalEntryAdd) -> None:
        assert entry.ref_number
        self.postings[entry.ref_number] = Posting(entry)

    async def has_work(self, connection_id: str) -> WorkState:
        open_ = [p for p in self.postings.values() if p.posted is None and p.failed is None]
        return WorkState.READY if open_ else WorkState.NONE

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        planned = []
        for ref, posting in self.postings.items():
            if posting.posted or posting.failed:
                continue
            if posting.queried_in != session.session_id:
                planned.append(
                    PlannedRequest(request=JournalEntryQuery(ref_numbers=(ref,)), key=ref)
                )
            else:
                planned.append(PlannedRequest(request=posting.entry, key=ref))
        return planned

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        posting = self.postings[planned.key]
        self.outcomes.append((planned.request.KIND, response.outcome))
        if isinstance(planned.request, JournalEntryQuery):
            found = [r for r in response.records if isinstance(r, JournalEntryRet)]
            if found:
                posting.posted = found[0]
            elif response.outcome is Outcome.NO_MATCH:
                posting.queried_in = session.session_id
            return
        posting.attempts += 1
        if response.outcome is Outcome.OK:
            posting.posted = response.records[0]  # type: ignore[assignment]
        elif response.outcome is not Outcome.RESEND:
            posting.failed = f"{response.status.code}: {response.status.message}"

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        self.postings[planned.key].queried_in = None  # the outcome is unknown: query again


async def soap(url: str, method: str, params: list[tuple[str, str | int]]) -> tuple[int, str]:
    """One raw SOAP call the way QBWC makes it (document/literal)."""
    import aiohttp

    from simulators.webconnector.soap import envelope, soap_action

    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": soap_action(method)}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/qbwc", data=envelope(method, params).encode(), headers=headers) as reply,
    ):
        return reply.status, await reply.text()


async def session_events(container: Container, session_id: str | None = None) -> list:
    """The events of every Web Connector session (or of one), session by session."""
    rows = await container.pool.fetch(
        "SELECT session_id FROM qbwc_sessions ORDER BY created_at, session_id"
    )
    ids = [row["session_id"] for row in rows if session_id in (None, row["session_id"])]
    events = []
    for sid in ids:
        events.extend(await container.store.read_stream(f"qbwc-session-{sid}"))
    return events


async def login_failures(container: Container, connection_id: str | None = None) -> list:
    stream = f"qbwc-logins-{connection_id}" if connection_id else "qbwc-logins"
    return [e.event for e in await container.store.read_stream(stream)]
