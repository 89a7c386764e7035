"""QuickBooks accounts and classes pushed into the Anaplan lists through list imports.

By default only what drift calls new in QuickBooks is pushed; `all` pushes every account
and class that could be planned. Each list is one import run, recorded as an event on the
stream `refdata-<connection_id>` with the file in the blob store; a failure is recorded
too and does not stop the other list.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from adapters.anaplan.client import AnaplanClient
from adapters.anaplan.errors import AnaplanTaskError
from adapters.anaplan.reports import ActionReport
from adapters.postgres.blobs import BlobStore
from app.caller import Caller
from app.errors import Refused
from app.refdata.anaplan import ANAPLAN_ERRORS, describe
from app.refdata.checks import no_chart
from app.refdata.sources import SourceReader, Sources
from domain.connection import ListPush
from domain.drift import DriftKind, drift, items
from domain.envelope import Metadata
from domain.events import AnaplanListPushed, AnaplanListPushFailed
from domain.list_push import ListLayoutError, PushedMember, list_csv, list_header, pushed_members
from domain.mapping import MappingKind
from domain.ports import AppendRequest, EventStore
from domain.qbwc.books import ChartAccount, ChartClass

STREAM_KIND = "refdata"


def refdata_stream(connection_id: str) -> str:
    return f"refdata-{connection_id}"


class PushScope(StrEnum):
    NEW = "new"  # what no Anaplan member maps to yet
    ALL = "all"  # every account and class that could be planned


class PushStatus(StrEnum):
    PUSHED = "pushed"
    FAILED = "failed"
    NOTHING_TO_PUSH = "nothing_to_push"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True, slots=True)
class ListPushResult:
    member_kind: MappingKind
    status: PushStatus
    import_action: str | None
    members: list[PushedMember] = field(default_factory=list)
    task_id: str | None = None
    rows_loaded: int = 0
    rows_failed: int = 0
    rejections: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PushReport:
    connection_id: str
    push_id: str
    scope: PushScope
    results: list[ListPushResult]


@dataclass(frozen=True, slots=True)
class _Run:
    connection_id: str
    push_id: str
    actor: str
    settings: ListPush


@dataclass(frozen=True, slots=True)
class _Job:
    kind: MappingKind
    action: str
    members: list[PushedMember]


class ListPusher:
    def __init__(self, store: EventStore, blobs: BlobStore, reader: SourceReader) -> None:
        self._store = store
        self._blobs = blobs
        self._reader = reader

    async def push(
        self,
        caller: Caller,
        connection_id: str,
        scope: PushScope = PushScope.NEW,
        kinds: Sequence[MappingKind] = (MappingKind.ACCOUNT, MappingKind.CLASS),
    ) -> PushReport:
        sources = await self._sources(caller, connection_id, scope)
        settings = sources.connection.settings.list_push
        assert settings is not None  # checked by _sources
        push_id = uuid.uuid4().hex
        results, jobs = [], []
        for kind in dict.fromkeys(kinds):
            action = _action(settings, kind)
            members = _members(sources, kind, scope)
            if action is None:
                results.append(ListPushResult(kind, PushStatus.NOT_CONFIGURED, None, members))
            elif not members:
                results.append(ListPushResult(kind, PushStatus.NOTHING_TO_PUSH, action))
            else:
                jobs.append(_Job(kind, action, members))
        if jobs:
            results += await self._run(caller, sources, push_id, jobs)
        results.sort(key=lambda r: list(MappingKind).index(r.member_kind))
        return PushReport(connection_id, push_id, scope, results)

    async def _sources(self, caller: Caller, connection_id: str, scope: PushScope) -> Sources:
        sources = await self._reader.quickbooks(caller, connection_id)
        connection = sources.connection
        if connection.settings.list_push is None:
            raise Refused(
                "pushing to Anaplan lists is off for this connection: name the list imports "
                "in its settings (list_push.accounts_import, list_push.classes_import)"
            )
        if not connection.enabled:
            raise Refused(f"connection {connection_id!r} is disabled")
        if sources.latest_read is None:
            raise no_chart(connection_id)
        if scope is PushScope.NEW:
            sources = await self._reader.everything(caller, connection_id, caller.actor)
        return sources

    async def _run(
        self, caller: Caller, sources: Sources, push_id: str, jobs: list[_Job]
    ) -> list[ListPushResult]:
        connection = sources.connection
        assert connection.settings.list_push is not None
        run = _Run(connection.connection_id, push_id, caller.actor, connection.settings.list_push)
        meta = Metadata(
            actor=caller.actor,
            tenant_id=connection.tenant_id,
            connection_id=connection.connection_id,
            correlation_id=push_id,
        )
        stream = refdata_stream(connection.connection_id)
        results = []
        async with self._reader.anaplan.client(run.connection_id, push_id, run.actor) as client:
            for job in jobs:
                event = await self._push(client, job, run)
                await self._store.append(AppendRequest(stream, STREAM_KIND, [event], metadata=meta))
                results.append(_result(job, event))
        return results

    async def _push(
        self, client: AnaplanClient, job: _Job, run: _Run
    ) -> AnaplanListPushed | AnaplanListPushFailed:
        try:
            data = await _file(client, job, run.settings)
            sha256 = await self._keep(data)
            result = await client.import_file(job.action, data)
        except AnaplanTaskError as error:
            report = error.report if isinstance(error.report, ActionReport) else None
            return _failed(run, job, str(describe(error)) + _rejected(report))
        except ANAPLAN_ERRORS as error:
            return _failed(run, job, str(describe(error)))
        return AnaplanListPushed(
            connection_id=run.connection_id,
            push_id=run.push_id,
            member_kind=job.kind.value,
            import_action=job.action,
            task_id=result.task_id,
            sha256=sha256,
            members=tuple(job.members),
            rows_loaded=result.report.loaded,
            rows_failed=result.report.failed,
            rejections=_rejections(result.report),
            requested_by=run.actor,
        )

    async def _keep(self, data: bytes) -> str:
        async with self._blobs.writer("text/csv") as spool:
            await spool.write(data)
        return spool.sha256


def _failed(run: _Run, job: _Job, error: str) -> AnaplanListPushFailed:
    return AnaplanListPushFailed(
        connection_id=run.connection_id,
        push_id=run.push_id,
        member_kind=job.kind.value,
        import_action=job.action,
        members=tuple(job.members),
        error=error,
        requested_by=run.actor,
    )


def _action(settings: ListPush, kind: MappingKind) -> str | None:
    action = settings.accounts_import if kind is MappingKind.ACCOUNT else settings.classes_import
    return action.strip() if action and action.strip() else None


def _members(sources: Sources, kind: MappingKind, scope: PushScope) -> list[PushedMember]:
    read = sources.latest_read
    assert read is not None
    if kind is MappingKind.CLASS and not read.class_tracking:
        return []
    if scope is PushScope.ALL:
        wanted = {item.list_id for item in items(read, kind) if item.plannable}
    else:
        found = drift(sources.chart_reads, sources.members, sources.mapping)
        wanted = {
            d.list_id
            for d in found
            if d.kind is DriftKind.NEW_IN_QUICKBOOKS and d.member_kind is kind and d.list_id
        }
    entries: list[ChartAccount | ChartClass] = [
        *(read.accounts if kind is MappingKind.ACCOUNT else read.classes)
    ]
    return pushed_members((e for e in entries if e.list_id in wanted), kind, sources.mapping)


async def _file(client: AnaplanClient, job: _Job, settings: ListPush) -> bytes:
    """The list import's file, in its columns, separator, quote character and encoding."""
    metadata = await client.import_metadata(job.action)
    text_format = metadata.format
    columns = (
        settings.account_columns if job.kind is MappingKind.ACCOUNT else settings.class_columns
    )
    header = list_header(columns, metadata.headers)
    text = list_csv(
        job.members, columns, header, text_format.separator, text_format.delimiter or '"'
    )
    try:
        return text.encode(text_format.encoding)
    except (UnicodeEncodeError, LookupError) as bad:
        raise ListLayoutError(f"the import reads {text_format.encoding}: {bad}") from None


def _rejections(report: ActionReport | None) -> tuple[str, ...]:
    if report is None:
        return ()
    return tuple(
        f"line {row.line}: {'; '.join(row.reasons)}" for row in report.rejections if row.rejected
    )


def _rejected(report: ActionReport | None) -> str:
    rows = _rejections(report)
    return f" ({len(rows)} rows rejected: {rows[0]}...)" if rows else ""


def _result(job: _Job, event: AnaplanListPushed | AnaplanListPushFailed) -> ListPushResult:
    if isinstance(event, AnaplanListPushFailed):
        return ListPushResult(
            job.kind, PushStatus.FAILED, job.action, job.members, error=event.error
        )
    return ListPushResult(
        job.kind,
        PushStatus.PUSHED,
        job.action,
        job.members,
        event.task_id,
        event.rows_loaded,
        event.rows_failed,
        list(event.rejections),
    )
