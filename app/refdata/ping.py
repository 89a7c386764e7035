"""Ping: can the connection reach Anaplan now, and what did QuickBooks last tell us?

Anaplan is asked live, step by step, each step timed: log in, reach the model, find the
plan export and the actuals import the settings name. QuickBooks cannot be called (the Web
Connector calls us), so its side is what the latest sessions and chart read recorded. No
secret appears in the answer: errors name the call and Anaplan's status text only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from adapters.anaplan.client import AnaplanClient
from adapters.anaplan.errors import AnaplanNotFound
from adapters.postgres.reference import ReferenceReads
from app.caller import Caller
from app.refdata.anaplan import ANAPLAN_ERRORS, PING_HTTP, describe
from app.refdata.sources import ChartInfo, SourceReader
from domain.connection import AnaplanAuth, ConnectionSettings
from domain.connections import Connection


@dataclass(frozen=True, slots=True)
class PingStep:
    name: str
    ok: bool
    milliseconds: int
    detail: str
    failure: str | None = None  # bad_credentials / not_found / rate_limited / unreachable ...


@dataclass(frozen=True, slots=True)
class AnaplanPing:
    ok: bool
    workspace_id: str
    model_id: str
    model_name: str | None
    model_state: str | None
    steps: list[PingStep]


@dataclass(frozen=True, slots=True)
class QuickBooksStatus:
    contacted: bool  # a Web Connector has opened a session for this connection
    last_contact_at: datetime | None = None
    session_id: str | None = None
    session_ended_at: datetime | None = None
    session_end_reason: str | None = None
    refusal: str | None = None
    web_connector_version: str | None = None
    client_address: str | None = None
    reported_at: datetime | None = None  # when QuickBooks last described itself
    product_name: str | None = None
    product_version: str | None = None
    supported_qbxml_versions: list[str] = field(default_factory=list)
    qbxml_version: str | None = None  # the one the session speaks
    company_file: str | None = None
    company_name: str | None = None
    file_id_matches: bool | None = None
    class_tracking: bool | None = None
    chart: ChartInfo | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PingReport:
    connection_id: str
    ok: bool  # Anaplan answered every step
    anaplan: AnaplanPing
    quickbooks: QuickBooksStatus


Step = Callable[[], Awaitable[str]]


class Pinger:
    def __init__(self, reader: SourceReader, reads: ReferenceReads) -> None:
        self._reader = reader
        self._reads = reads

    async def ping(self, caller: Caller, connection_id: str) -> PingReport:
        sources = await self._reader.quickbooks(caller, connection_id)
        anaplan = await self._anaplan(sources.connection, caller.actor)
        quickbooks = await self._quickbooks(sources.connection, sources.chart)
        return PingReport(connection_id, anaplan.ok, anaplan, quickbooks)

    async def _anaplan(self, connection: Connection, actor: str) -> AnaplanPing:
        settings = connection.settings
        cid = connection.connection_id
        model: dict[str, str] = {}
        steps: list[PingStep] = []
        async with self._reader.anaplan.gateway(PING_HTTP) as gateway:
            client = await gateway.client(cid, f"ping-{uuid.uuid4().hex[:12]}", actor)
            checks: list[tuple[str, Step]] = [
                ("authenticate", lambda: _login(gateway.authenticate, cid, settings)),
                ("model", lambda: _model(client, model)),
                ("plan export", lambda: _action(client, *_plan_action(settings))),
                ("actuals import", lambda: _action(client, *_actuals_action(settings))),
            ]
            for name, check in checks:
                steps.append(await _timed(name, check))
                if not steps[-1].ok:
                    break
        return AnaplanPing(
            ok=all(step.ok for step in steps) and len(steps) == len(checks),
            workspace_id=settings.anaplan.workspace_id,
            model_id=settings.anaplan.model_id,
            model_name=model.get("name"),
            model_state=model.get("state"),
            steps=steps,
        )

    async def _quickbooks(
        self, connection: Connection, chart: ChartInfo | None
    ) -> QuickBooksStatus:
        cid = connection.connection_id
        latest = await self._reads.latest_session(cid)
        if latest is None:
            notes = ["no Web Connector has connected yet: install the .qwc file and run it"]
            return QuickBooksStatus(contacted=False, chart=chart, notes=notes)
        reported = await self._reads.latest_reported_session(cid)
        clients = await self._reads.clients(cid)
        company = reported.state.company if reported else None
        state = latest.state
        expected = connection.settings.quickbooks.file_id
        matches = (
            None
            if company is None or company.file_id is None
            else (company.file_id.strip("{}").casefold() == expected.strip("{}").casefold())
        )
        return QuickBooksStatus(
            contacted=True,
            last_contact_at=latest.last_seen_at,
            session_id=latest.session_id,
            session_ended_at=latest.ended_at,
            session_end_reason=state.end_reason,
            refusal=state.refusal,
            web_connector_version=state.client_version,
            client_address=clients[0].address if clients else None,
            reported_at=reported.last_seen_at if reported else None,
            product_name=company.product_name if company else None,
            product_version=company.product_version if company else None,
            supported_qbxml_versions=list(company.supported_versions) if company else [],
            qbxml_version=reported.state.qbxml_version if reported else None,
            company_file=company.company_file if company else None,
            company_name=company.company_name if company else None,
            file_id_matches=matches,
            class_tracking=company.class_tracking if company else None,
            chart=chart,
            notes=_qb_notes(state.refusal, matches, chart),
        )


async def _timed(name: str, check: Step) -> PingStep:
    started = time.perf_counter()
    try:
        detail = await check()
    except ANAPLAN_ERRORS as error:
        failure = describe(error)
        elapsed = _ms(started)
        return PingStep(name, False, elapsed, failure.message, failure.kind.value)
    return PingStep(name, True, _ms(started), detail)


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


async def _login(
    authenticate: Callable[[str], Awaitable[None]], cid: str, settings: ConnectionSettings
) -> str:
    await authenticate(cid)
    anaplan = settings.anaplan
    who = (
        f" as {anaplan.username}" if anaplan.auth is AnaplanAuth.BASIC and anaplan.username else ""
    )
    return f"{anaplan.auth} login accepted{who}"


async def _model(client: AnaplanClient, into: dict[str, str]) -> str:
    info = await client.model()
    into.update(name=info.name, state=info.active_state)
    return f"model {info.name!r} ({info.active_state}) in workspace {info.workspace_id}"


def _plan_action(settings: ConnectionSettings) -> tuple[str, str]:
    export = settings.plan_export
    return ("processes" if export.is_process else "exports"), export.action


def _actuals_action(settings: ConnectionSettings) -> tuple[str, str]:
    actuals = settings.actuals_import
    return ("processes" if actuals.is_process else "imports"), actuals.action


async def _action(client: AnaplanClient, kind: str, name: str) -> str:
    """Found by listing (an id alone would be taken on trust by the client)."""
    wanted = name.strip()
    for action in await client.actions(kind):
        if wanted in (action.name, action.id):
            return f"{kind[:-1]} {action.name!r} found ({action.id})"
    raise AnaplanNotFound(f"the model has no {kind[:-1]} named or numbered {wanted!r}")


def _qb_notes(refusal: str | None, matches: bool | None, chart: ChartInfo | None) -> list[str]:
    notes = []
    if refusal:
        notes.append(f"the latest session was refused: {refusal}")
    if matches is False:
        notes.append("the open company file is not the one this connection was set up for")
    if chart is None:
        notes.append("QuickBooks' chart of accounts has not been read yet")
    return notes
