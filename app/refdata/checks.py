"""The mapping validated against both systems, and the drift between their lists."""

from __future__ import annotations

from dataclasses import dataclass

from app.caller import Caller
from app.errors import Refused
from app.qbwc.sources.chart import ChartOfAccounts
from app.refdata.sources import ChartInfo, ListInfo, MappingInfo, PlanInfo, SourceReader, Sources
from domain.drift import DriftItem, drift
from domain.mapping_check import MappingProblem, check_mapping
from domain.ports import EventStore


@dataclass(frozen=True, slots=True)
class Refresh:
    request_id: str
    note: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    connection_id: str
    valid: bool
    problems: list[MappingProblem]
    members_checked: int
    mapping: MappingInfo
    chart: ChartInfo | None
    plan: PlanInfo | None
    lists: list[ListInfo]
    refresh: Refresh | None
    notes: list[str]


@dataclass(frozen=True, slots=True)
class DriftReport:
    connection_id: str
    items: list[DriftItem]
    reads_compared: int
    chart: ChartInfo
    mapping: MappingInfo
    plan: PlanInfo | None
    lists: list[ListInfo]
    unchecked: list[MappingProblem]  # Anaplan sources that could not be read
    notes: list[str]


def no_chart(connection_id: str) -> Refused:
    return Refused(
        f"no chart of accounts has been read from QuickBooks for connection {connection_id!r} "
        "yet: request a read (POST /connections/{id}/mapping/validate?refresh=true, or "
        "`mlc mapping check ID --refresh`) and let the Web Connector run"
    )


class Checks:
    def __init__(self, store: EventStore, reader: SourceReader) -> None:
        self._chart = ChartOfAccounts(store)
        self._reader = reader

    async def validate(
        self, caller: Caller, connection_id: str, refresh: bool = False
    ) -> ValidationReport:
        sources = await self._reader.everything(caller, connection_id, caller.actor)
        requested = await self._refresh(caller, sources) if refresh else None
        settings = sources.connection.settings
        problems = sources.unchecked + check_mapping(
            sources.mapping, sources.members, sources.latest_chart, settings.posting
        )
        return ValidationReport(
            connection_id=connection_id,
            valid=not problems,
            problems=problems,
            members_checked=len(sources.members.members),
            mapping=sources.mapping_info,
            chart=sources.chart,
            plan=sources.plan,
            lists=sources.lists,
            refresh=requested,
            notes=_coverage(sources),
        )

    async def drift(self, caller: Caller, connection_id: str) -> DriftReport:
        sources = await self._reader.everything(caller, connection_id, caller.actor)
        chart = sources.chart
        if chart is None:
            raise no_chart(connection_id)
        notes = []
        if not chart.class_tracking:
            notes.append("class tracking is off in QuickBooks: only accounts are compared")
        reads = sources.chart_reads
        return DriftReport(
            connection_id=connection_id,
            items=drift(reads, sources.members, sources.mapping),
            reads_compared=len(reads),
            chart=chart,
            mapping=sources.mapping_info,
            plan=sources.plan,
            lists=sources.lists,
            unchecked=sources.unchecked,
            notes=notes + _coverage(sources),
        )

    async def _refresh(self, caller: Caller, sources: Sources) -> Refresh:
        connection = sources.connection
        request_id = await self._chart.request(connection.connection_id, caller.actor)
        every = connection.settings.quickbooks.run_every_minutes
        chart = sources.chart
        using = f"the read of {chart.read_at.isoformat()}" if chart else "no read (none yet)"
        note = (
            "a new read of QuickBooks' chart of accounts and class list was requested; the "
            f"Web Connector makes it on its next cycle (every {every} minutes). This report "
            f"uses {using}."
        )
        if not connection.enabled:
            note += " The connection is disabled: enable it, or the read never happens."
        return Refresh(request_id, note)


def _coverage(sources: Sources) -> list[str]:
    notes = []
    if not sources.mapping_info.uploaded:
        notes.append("no mapping has been uploaded: every member maps to the same name")
    if sources.plan is None and not sources.lists:
        notes.append(
            "no plan has been exported and the connection names no Anaplan lists "
            "(plan_export.account_list, plan_export.cost_center_list): only the mapping's "
            "own rules were checked"
        )
    return notes
