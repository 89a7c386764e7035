"""The Anaplan client of one connection and one run: discovery, exports into the blob store,
imports with per-row reasons, processes.

Every task holds the model's lock (one task per model across all workers) from before it
starts until its files are moved: an export's file is overwritten by the next run of that
export, and Anaplan does not lock an import's file while the import reads it. Failed calls
are recorded (AnaplanRequestFailed) before they are raised.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from adapters.anaplan.discovery import Discovery
from adapters.anaplan.dumps import DumpReader
from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import (
    AnaplanAuthFailed,
    AnaplanMismatch,
    AnaplanRefused,
    AnaplanUnavailable,
)
from adapters.anaplan.files import Download, FileOptions, Files, Transfer
from adapters.anaplan.objects import (
    ExportMetadata,
    FileInfo,
    ImportMetadata,
    ListMember,
    ModelInfo,
    Named,
    ProcessMetadata,
    Workspace,
    looks_like_id,
)
from adapters.anaplan.plancsv import actuals_file, plan_cells
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.ports import Mutex, Recorder
from adapters.anaplan.reports import ActionReport, ExportResult, ImportResult, ProcessResult
from adapters.anaplan.results import ActionResult
from adapters.anaplan.tasks import Action, StartRecovery, TaskRunner
from adapters.anaplan.transport import Sleep, Transport
from adapters.postgres.blobs import BlobStore
from domain.actuals import ActualAmount, import_header
from domain.connection import ActualsImport, AnaplanSettings, PlanExport
from domain.events import AnaplanRequestFailed
from domain.plan import PlanCell

P = ParamSpec("P")
T = TypeVar("T")
RECORDED = (AnaplanUnavailable, AnaplanRefused, AnaplanAuthFailed)


@dataclass(frozen=True, slots=True)
class ClientOptions:
    files: FileOptions = field(default_factory=FileOptions)
    polling: PollPolicy = field(default_factory=PollPolicy)
    recovery: StartRecovery = field(default_factory=StartRecovery)
    max_reasons: int = 1000  # failure-dump rows kept as values; the rest are counted
    page_size: int = 5000  # items per page of a list (Anaplan's maximum)


def records_failures(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[T]]:
    """Record a call that gave up in the event log, once, before it propagates."""

    @functools.wraps(method)
    async def recording(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(*args, **kwargs)
        except RECORDED as failure:
            client = args[0]
            assert isinstance(client, AnaplanClient)
            await client._record_failure(failure)
            raise

    return recording


class AnaplanClient:
    def __init__(
        self,
        settings: AnaplanSettings,
        transport: Transport,
        blobs: BlobStore,
        locks: Mutex,
        recorder: Recorder,
        options: ClientOptions = ClientOptions(),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._at = Endpoints(settings.api_url, settings.workspace_id, settings.model_id)
        self._blobs = blobs
        self._locks = locks
        self._recorder = recorder
        self._options = options
        self.discovery = Discovery(transport, self._at, options.page_size)
        self._files = Files(transport, self._at, self.discovery, recorder, options.files)
        self._tasks = TaskRunner(
            transport, self._at, recorder, options.polling, options.recovery, sleep
        )
        self._import_headers: dict[str, tuple[str, ...]] = {}

    def __repr__(self) -> str:
        return f"AnaplanClient(model={self._at.model_id})"

    # -- discovery ------------------------------------------------------------------------------

    @records_failures
    async def workspaces(self) -> list[Workspace]:
        return await self.discovery.workspaces()

    @records_failures
    async def models(self) -> list[ModelInfo]:
        return await self.discovery.models()

    @records_failures
    async def actions(self, kind: str) -> list[Named]:
        """exports, imports, processes, actions (other actions), lists or modules."""
        return await self.discovery.named(kind)

    @records_failures
    async def files(self) -> list[FileInfo]:
        return await self.discovery.files()

    @records_failures
    async def export_metadata(self, export: str) -> ExportMetadata:
        found = await self.discovery.resolve("exports", export)
        return await self.discovery.export_metadata(found.id)

    @records_failures
    async def import_metadata(self, import_: str) -> ImportMetadata:
        found = await self.discovery.resolve("imports", import_)
        return await self.discovery.import_metadata(found.id)

    @records_failures
    async def process_metadata(self, process: str) -> ProcessMetadata:
        found = await self.discovery.resolve("processes", process)
        return await self.discovery.process_metadata(found.id)

    @records_failures
    async def list_members(self, list_: str) -> list[ListMember]:
        found = await self.discovery.resolve("lists", list_)
        return await self.discovery.list_members(found.id)

    # -- exports --------------------------------------------------------------------------------

    @records_failures
    async def export_to_blob(self, export: str | PlanExport) -> ExportResult:
        """Run the export (or the process holding it) and stream its file into the blob store."""
        if isinstance(export, PlanExport) and export.is_process:
            return await self._export_by_process(export.action)
        name = export.action if isinstance(export, PlanExport) else export
        action = await self._action("exports", name)
        async with self._model_lock():
            outcome = (await self._tasks.run(action)).raise_if_failed()
            return await self._download_export(action.id, outcome.task_id)

    async def _export_by_process(self, process: str) -> ExportResult:
        action = await self._action("processes", process)
        steps = (await self.discovery.process_metadata(action.id)).actions
        exports = [step for step in steps if step.id.startswith("116")]
        if len(exports) != 1:
            raise AnaplanMismatch(
                f"process {action.name or action.id} runs {len(exports)} exports; the plan "
                "must come from exactly one"
            )
        async with self._model_lock():
            outcome = (await self._tasks.run(action)).raise_if_failed()
            return await self._download_export(exports[0].id, outcome.task_id)

    @records_failures
    async def download_export(self, export: str) -> ExportResult:
        """The file the export's last run left, into the blob store, without running it."""
        action = await self._action("exports", export)
        async with self._model_lock():
            return await self._download_export(action.id, None)

    async def _download_export(self, export_id: str, task_id: str | None) -> ExportResult:
        info = await self.discovery.file(export_id)  # an export's file has the export's id
        what = self._file_download(info, "export", task_id)
        moved = await self._files.download_to_blob(self._blobs, what)
        return ExportResult(export_id, task_id, moved.sha256, moved.size, moved.chunks, info.format)

    async def stream_file(self, file: str) -> AsyncIterator[bytes]:
        """A model file (an export's output or an import's data source) as it is now, in
        pieces; nothing is stored. Close the iterator (contextlib.aclosing) if you stop
        early: it holds the model's lock while it runs."""
        try:
            info = await self.discovery.file(file)
            async with self._model_lock():
                async for piece in self._files.download(self._file_download(info, "file")):
                    yield piece
        except RECORDED as failure:
            await self._record_failure(failure)
            raise

    def _file_download(self, info: FileInfo, purpose: str, task_id: str | None = None) -> Download:
        # Chunks are numbered from 0 (the docs and every client rely on it), so the file
        # listing's chunkCount spares a request for the chunk list.
        chunks = tuple(str(n) for n in range(info.chunk_count))
        return Download(self._at.file(info.id), chunks, info.id, purpose, task_id)

    def plan_cells(
        self, export: ExportResult, plan: PlanExport, period_format: str
    ) -> AsyncIterator[PlanCell]:
        """The plan values of an exported file, read back from the blob store."""
        return plan_cells(self._blobs.stream(export.sha256), plan, period_format, export.format)

    # -- imports --------------------------------------------------------------------------------

    @records_failures
    async def import_actuals(
        self,
        actuals: ActualsImport,
        rows: Iterable[ActualAmount] | AsyncIterable[ActualAmount],
        period_format: str,
    ) -> ImportResult:
        """Write the rows as the import's file (kept in the blob store), upload it, run the
        import (or the process holding it) and read back counts and per-row reasons."""
        header = tuple(import_header(actuals))
        async with self._blobs.writer("text/csv") as spool:
            async for data in actuals_file(actuals, rows, period_format):
                await spool.write(data)
        content = self._blobs.stream(spool.sha256)
        if actuals.is_process:
            return await self._import_by_process(actuals, content, spool.size)
        action = await self._action("imports", actuals.action)
        await self._check_columns(action, header)
        return await self._import(action, content, spool.size)

    @records_failures
    async def upload_file(
        self, file: str, content: bytes | AsyncIterable[bytes], size: int | None = None
    ) -> Transfer:
        """Upload to an import data source file (by name or id) without running an import."""
        file_id = file if looks_like_id(file) else (await self.discovery.file(file)).id
        async with self._model_lock():
            return await self._files.upload(file_id, *_sized(content, size))

    @records_failures
    async def import_file(
        self, import_: str, content: bytes | AsyncIterable[bytes], size: int | None = None
    ) -> ImportResult:
        """Upload `content` to the import's data source file and run the import."""
        action = await self._action("imports", import_)
        return await self._import(action, *_sized(content, size))

    async def _import(
        self, action: Action, content: AsyncIterable[bytes], size: int | None
    ) -> ImportResult:
        source = (await self.discovery.resolve("imports", action.id)).data_source_id
        if source is None:
            raise AnaplanMismatch(f"import {action.name or action.id} reads no file")
        async with self._model_lock():
            upload = await self._files.upload(source, content, size)
            outcome = await self._tasks.run(action)
            dump = self._at.import_dump(action.id, outcome.task_id)
            report = await self._report(outcome.result, dump, outcome.task_id)
        outcome.raise_if_failed(report)
        return ImportResult(outcome.task_id, upload, report)

    async def _import_by_process(
        self, actuals: ActualsImport, content: AsyncIterable[bytes], size: int
    ) -> ImportResult:
        action = await self._action("processes", actuals.action)
        source = await self.discovery.file(actuals.data_source)
        steps = (await self.discovery.process_metadata(action.id)).actions
        step = next((s for s in steps if s.data_source_id == source.id), None)
        if step is None:
            raise AnaplanMismatch(f"process {actuals.action} has no import of {source.name}")
        await self._check_columns(Action("imports", step.id, step.name), tuple(actuals.columns))
        async with self._model_lock():
            upload = await self._files.upload(source.id, content, size)
            result = await self._process(action)
        report = result.step(step.id) or ActionReport.of(ActionResult(step.id, False, False, ()))
        return ImportResult(result.task_id, upload, report)

    async def _check_columns(self, action: Action, header: tuple[str, ...]) -> None:
        if action.id not in self._import_headers:
            metadata = await self.discovery.import_metadata(action.id)
            self._import_headers[action.id] = metadata.headers
        expected = self._import_headers[action.id]
        if expected and expected != header:
            raise AnaplanMismatch(
                f"import {action.name or action.id} reads columns {list(expected)}; the "
                f"connection writes {list(header)}"
            )

    # -- processes ------------------------------------------------------------------------------

    @records_failures
    async def run_process(self, process: str) -> ProcessResult:
        """Run a process; each step's counts and failure dump rows come back per action."""
        action = await self._action("processes", process)
        async with self._model_lock():
            return await self._process(action)

    async def _process(self, action: Action) -> ProcessResult:
        """Raises AnaplanTaskError, with the ProcessResult as its report, when it failed."""
        outcome = await self._tasks.run(action)
        steps = []
        for step in outcome.result.nested:
            dump = self._at.process_dump(action.id, outcome.task_id, step.object_id)
            steps.append(await self._report(step, dump, outcome.task_id))
        result = ProcessResult(action.id, outcome.task_id, outcome.successful, tuple(steps))
        outcome.raise_if_failed(result)
        return result

    # -- shared ---------------------------------------------------------------------------------

    async def _report(self, result: ActionResult, dump_url: str, task_id: str) -> ActionReport:
        if not result.failure_dump_available:
            return ActionReport.of(result)
        reader = DumpReader(self._options.max_reasons)
        chunks = tuple(await self._files.chunk_ids(dump_url))
        what = Download(dump_url, chunks, result.object_id, "dump", task_id)
        moved = await self._files.download_to_blob(self._blobs, what, also=reader.feed)
        reader.feed(b"", final=True)
        return ActionReport.of(result, reader, moved.sha256)

    async def _action(self, kind: str, name_or_id: str) -> Action:
        found = await self.discovery.resolve(kind, name_or_id)
        return Action(kind, found.id, found.name)

    def _model_lock(self) -> contextlib.AbstractAsyncContextManager[None]:
        return self._locks.hold(f"anaplan-model:{self._at.model_id}")

    async def _record_failure(self, failure: Exception) -> None:
        if getattr(failure, "recorded", False):
            return
        failure.recorded = True  # type: ignore[attr-defined]
        await self._recorder.record(
            AnaplanRequestFailed(
                method=getattr(failure, "method", ""),
                path=getattr(failure, "path", ""),
                attempts=getattr(failure, "attempts", 1),
                status=getattr(failure, "status", None),
                error=str(failure),
            )
        )


def _sized(
    content: bytes | AsyncIterable[bytes], size: int | None
) -> tuple[AsyncIterable[bytes], int | None]:
    if isinstance(content, bytes):
        return _once(content), len(content)
    return content, size


async def _once(content: bytes) -> AsyncIterator[bytes]:
    yield content
