"""Classes created in QuickBooks on request, when the connection allows it: the names
given, and/or every class a mapping target names that the chart lacks. QuickBooks adds them
(parents first) on the next Web Connector cycle, then the chart is read again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.caller import Caller
from app.errors import InvalidInput, Refused
from app.qbwc.sources.chart import ChartOfAccounts
from app.refdata.checks import no_chart
from app.refdata.sources import SourceReader, Sources
from domain.chart import Chart
from domain.class_names import class_name_problem, classes_to_add
from domain.mapping import MappingKind
from domain.mapping_check import ProblemKind, check_mapping
from domain.ports import EventStore


@dataclass(frozen=True, slots=True)
class ClassRequest:
    connection_id: str
    request_id: str | None  # None: nothing to create
    classes: list[str]  # to be created, parents first
    already_present: list[str]
    note: str


class ClassCreator:
    def __init__(self, store: EventStore, reader: SourceReader) -> None:
        self._chart = ChartOfAccounts(store)
        self._reader = reader

    async def create(
        self, caller: Caller, connection_id: str, names: Sequence[str], missing_targets: bool
    ) -> ClassRequest:
        wanted = [name.strip() for name in names]
        problems = [p for p in map(class_name_problem, wanted) if p]
        if problems:
            raise InvalidInput("; ".join(problems))
        if not wanted and not missing_targets:
            raise InvalidInput("name the classes to create, or ask for the missing targets")
        sources = await self._reader.quickbooks(caller, connection_id)
        chart = _allowed(sources)
        if missing_targets:
            sources = await self._reader.everything(caller, connection_id, caller.actor)
            wanted += _missing_targets(sources, chart)
        to_add = classes_to_add(wanted, chart)
        present = sorted({n for n in wanted if n.casefold() not in {a.casefold() for a in to_add}})
        if not to_add:
            note = "nothing to create: every class is already in QuickBooks"
            return ClassRequest(connection_id, None, [], present, note)
        request_id = await self._chart.request(connection_id, caller.actor, add_classes=to_add)
        every = sources.connection.settings.quickbooks.run_every_minutes
        note = (
            f"QuickBooks creates {len(to_add)} classes on the next Web Connector cycle (every "
            f"{every} minutes), parents first, then reads the chart again"
        )
        return ClassRequest(connection_id, request_id, to_add, present, note)


def _allowed(sources: Sources) -> Chart:
    """The chart to create into, when the connection and QuickBooks allow it."""
    connection = sources.connection
    if not connection.settings.allow_creating_classes:
        raise Refused(
            "creating classes in QuickBooks is off for this connection: an admin may turn "
            "it on (allow_creating_classes in its settings)"
        )
    if not connection.enabled:
        raise Refused(f"connection {connection.connection_id!r} is disabled")
    chart = sources.latest_chart
    if chart is None:
        raise no_chart(connection.connection_id)
    if not chart.class_tracking:
        raise Refused("class tracking is off in QuickBooks: turn it on before adding classes")
    return chart


def _missing_targets(sources: Sources, chart: Chart) -> list[str]:
    posting = sources.connection.settings.posting
    problems = check_mapping(sources.mapping, sources.members, chart, posting)
    return [
        p.target
        for p in problems
        if p.kind is ProblemKind.MISSING_TARGET and p.member_kind is MappingKind.CLASS and p.target
    ]
