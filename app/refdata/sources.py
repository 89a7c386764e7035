"""What the reference-data checks compare: the mapping in force, QuickBooks' chart reads,
and the Anaplan members (the connection's lists, when it names them, and the latest
exported plan, read back from the blob store).

A source that cannot be read is reported, not raised: the checks go on with the others
and say what they could not check.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from adapters.anaplan.client import AnaplanClient
from adapters.anaplan.objects import TextFormat
from adapters.anaplan.plancsv import plan_cells
from adapters.postgres.blobs import BlobNotFound, BlobStore
from adapters.postgres.reference import ReferenceReads
from app.bootstrap import Container
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.mappings import mapping_stream
from app.qbwc.sources.chart import chart_stream
from app.refdata.anaplan import ANAPLAN_ERRORS, READ_HTTP, AnaplanAccess, describe
from domain.chart import Chart, chart_from
from domain.connections import Connection
from domain.envelope import RecordedEvent
from domain.events import ChartOfAccountsRead, MappingImported, PlanExported
from domain.mapping import Mapping, MappingKind
from domain.mapping_check import MappingProblem, ProblemKind
from domain.members import Members, collect
from domain.plan import PlanFormatError


@dataclass(frozen=True, slots=True)
class ChartInfo:
    read_at: datetime
    session_id: str
    accounts: int
    classes: int
    class_tracking: bool


@dataclass(frozen=True, slots=True)
class PlanInfo:
    run_id: str
    exported_at: datetime
    sha256: str
    accounts: int  # distinct members seen
    cost_centers: int


@dataclass(frozen=True, slots=True)
class ListInfo:
    member_kind: MappingKind
    name: str
    members: int


@dataclass(frozen=True, slots=True)
class MappingInfo:
    uploaded: bool  # False: none uploaded; members map to the same names
    rules: int
    match_same_names: bool


@dataclass
class Sources:
    connection: Connection
    mapping: Mapping
    mapping_info: MappingInfo
    reads: list[RecordedEvent]  # ChartOfAccountsRead, oldest first
    members: Members = field(default_factory=Members)
    plan: PlanInfo | None = None
    lists: list[ListInfo] = field(default_factory=list)
    unchecked: list[MappingProblem] = field(default_factory=list)

    @property
    def chart_reads(self) -> list[ChartOfAccountsRead]:
        return [r.event for r in self.reads if isinstance(r.event, ChartOfAccountsRead)]

    @property
    def latest_read(self) -> ChartOfAccountsRead | None:
        reads = self.chart_reads
        return reads[-1] if reads else None

    @property
    def latest_chart(self) -> Chart | None:
        """The latest read as the chart targets are checked against."""
        read = self.latest_read
        if read is None:
            return None
        return chart_from(read.accounts, read.classes, read.class_tracking)

    @property
    def chart(self) -> ChartInfo | None:
        if not self.reads:
            return None
        recorded = self.reads[-1]
        read = recorded.event
        assert isinstance(read, ChartOfAccountsRead)
        return ChartInfo(
            recorded.recorded_at,
            read.session_id,
            len(read.accounts),
            len(read.classes),
            read.class_tracking,
        )


@dataclass
class _Seen:
    """Members gathered so far, per kind."""

    listed: dict[MappingKind, tuple[str, list[str]]] = field(default_factory=dict)
    planned: dict[MappingKind, set[str]] = field(default_factory=dict)


class SourceReader:
    def __init__(self, container: Container, admin: ConnectionAdmin) -> None:
        self._store = container.store
        self._blobs = BlobStore(container.pool)
        self._reads = ReferenceReads(container.pool)
        self._admin = admin
        self.anaplan = AnaplanAccess(container)

    async def quickbooks(self, caller: Caller, connection_id: str) -> Sources:
        """The connection, its mapping and chart reads: no outside system is asked."""
        connection = await self._admin.visible(caller, connection_id)
        mapping, info = await self._mapping(connection_id)
        reads = await self._store.read_stream(chart_stream(connection_id))
        chart_reads = [r for r in reads if isinstance(r.event, ChartOfAccountsRead)]
        return Sources(connection, mapping, info, chart_reads)

    async def everything(self, caller: Caller, connection_id: str, actor: str) -> Sources:
        """Also the Anaplan members: the connection's lists and the latest exported plan."""
        sources = await self.quickbooks(caller, connection_id)
        seen = _Seen()
        exported = await self._reads.latest_plan_export(connection_id)
        export = sources.connection.settings.plan_export
        if export.account_list or export.cost_center_list:
            correlation = f"refdata-{uuid.uuid4().hex[:12]}"
            async with self.anaplan.client(connection_id, correlation, actor, READ_HTTP) as client:
                await self._list(client, MappingKind.ACCOUNT, export.account_list, sources, seen)
                await self._list(client, MappingKind.CLASS, export.cost_center_list, sources, seen)
        if exported is not None:
            await self._plan(exported, sources, seen)
        planned = {kind: list(names) for kind, names in seen.planned.items()}
        sources.members = collect(seen.listed, planned, sources.mapping)
        return sources

    async def _mapping(self, connection_id: str) -> tuple[Mapping, MappingInfo]:
        events = await self._store.read_stream(mapping_stream(connection_id))
        imports = [e.event for e in events if isinstance(e.event, MappingImported)]
        if not imports:
            return Mapping(), MappingInfo(False, 0, True)
        latest = imports[-1]
        mapping = Mapping(latest.rules, latest.match_same_names)
        return mapping, MappingInfo(True, len(latest.rules), latest.match_same_names)

    async def _list(
        self,
        client: AnaplanClient,
        kind: MappingKind,
        list_name: str | None,
        sources: Sources,
        seen: _Seen,
    ) -> None:
        if not list_name:
            return
        try:
            members = [m.name for m in await client.list_members(list_name)]
        except ANAPLAN_ERRORS as error:
            why = f"the Anaplan list {list_name!r} could not be read: {describe(error)}"
            sources.unchecked.append(_unchecked(why, kind))
            return
        seen.listed[kind] = (list_name, members)
        sources.lists.append(ListInfo(kind, list_name, len(members)))

    async def _plan(self, exported: RecordedEvent, sources: Sources, seen: _Seen) -> None:
        """The members in the exported file, read back as the export wrote it."""
        event = exported.event
        assert isinstance(event, PlanExported)
        settings = sources.connection.settings
        text = TextFormat(event.separator, event.quote, event.encoding)
        accounts: set[str] = set()
        centers: set[str] = set()
        try:
            async for cell in plan_cells(
                self._blobs.stream(event.sha256), settings.plan_export, settings.period_format, text
            ):
                accounts.add(cell.account)
                centers.add(cell.cost_center)
        except (PlanFormatError, BlobNotFound) as error:
            why = f"the plan exported by run {event.run_id} could not be read: {error}"
            sources.unchecked.append(_unchecked(why))
            return
        centers.discard("")  # an account planned without a cost center
        seen.planned = {MappingKind.ACCOUNT: accounts, MappingKind.CLASS: centers}
        sources.plan = PlanInfo(
            event.run_id, exported.recorded_at, event.sha256, len(accounts), len(centers)
        )


def _unchecked(why: str, kind: MappingKind | None = None) -> MappingProblem:
    return MappingProblem(ProblemKind.UNCHECKED, why, kind)
