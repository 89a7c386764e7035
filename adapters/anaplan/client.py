"""The Anaplan client of one connection and one run: discovery, exports into the blob store,
imports with per-row reasons, processes, and plain file moves.

Every task holds the model's lock (one task per model across all workers) from before it
starts until its files are moved. Calls that give up are recorded (AnaplanRequestFailed)
before they are raised.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from adapters.anaplan import exporting
from adapters.anaplan.discovery import Discovery
from adapters.anaplan.downloads import Downloads
from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import AnaplanAuthFailed, AnaplanRefused, AnaplanUnavailable
from adapters.anaplan.importing import Imports
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
from adapters.anaplan.plancsv import plan_cells
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.ports import Mutex, Recorder
from adapters.anaplan.processes import run_process
from adapters.anaplan.reports import ExportResult, ImportResult, ProcessResult
from adapters.anaplan.session import ModelSession
from adapters.anaplan.tasks import StartRecovery, TaskRunner
from adapters.anaplan.transfers import Transfer
from adapters.anaplan.transport import Sleep, Transport
from adapters.anaplan.uploads import UploadOptions, Uploads
from adapters.postgres.blobs import BlobStore
from domain.connection import ActualsImport, AnaplanSettings, PlanExport
from domain.events import AnaplanRequestFailed
from domain.import_file import ActualAmount
from domain.plan import PlanCell

P = ParamSpec("P")
T = TypeVar("T")
RECORDED = (AnaplanUnavailable, AnaplanRefused, AnaplanAuthFailed)


@dataclass(frozen=True, slots=True)
class ClientOptions:
    uploads: UploadOptions = field(default_factory=UploadOptions)
    polling: PollPolicy = field(default_factory=PollPolicy)
    recovery: StartRecovery = field(default_factory=StartRecovery)
    read_ahead: int = 8  # download pieces (up to 256 KB each) fetched ahead of the reader
    max_reasons: int = 1000  # failure-dump rows kept as values; the rest are counted
    page_size: int = 5000  # items per page of a list (Anaplan's maximum)


def records_failures(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
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
        options: ClientOptions | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        options = options or ClientOptions()
        at = Endpoints(settings.api_url, settings.workspace_id, settings.model_id)
        discovery = Discovery(transport, at, options.page_size)
        self.discovery = discovery
        self._recorder = recorder
        self._model = ModelSession(
            at,
            discovery,
            Downloads(transport, at, discovery, recorder, options.read_ahead),
            Uploads(transport, at, recorder, options.uploads),
            TaskRunner(transport, at, recorder, options.polling, options.recovery, sleep),
            blobs,
            locks,
            options.max_reasons,
        )
        self._imports = Imports(self._model)

    def __repr__(self) -> str:
        return f"AnaplanClient(model={self._model.at.model_id})"

    # -- discovery ------------------------------------------------------------------------------

    @records_failures
    async def workspaces(self) -> list[Workspace]:
        return await self.discovery.workspaces()

    @records_failures
    async def models(self) -> list[ModelInfo]:
        return await self.discovery.models()

    @records_failures
    async def model(self) -> ModelInfo:
        return await self.discovery.model()

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
        if isinstance(export, str):
            return await exporting.export_to_blob(self._model, export)
        if export.is_process:
            return await exporting.export_by_process(self._model, export.action)
        return await exporting.export_to_blob(self._model, export.action)

    @records_failures
    async def download_export(self, export: str) -> ExportResult:
        """The file the export's last run left, into the blob store, without running it."""
        action = await self._model.action("exports", export)
        async with self._model.lock():
            return await self._model.download_export(action.id, None)

    def plan_cells(
        self, export: ExportResult, plan: PlanExport, period_format: str
    ) -> AsyncIterator[PlanCell]:
        """The plan values of an exported file, read back from the blob store."""
        stream = self._model.blobs.stream(export.sha256)
        return plan_cells(stream, plan, period_format, export.format)

    async def stream_file(self, file: str) -> AsyncIterator[bytes]:
        """A model file (an export's output or an import's data source) as it is now, in
        pieces; nothing is stored. Close the iterator (contextlib.aclosing) if you stop
        early: it holds the model's lock while it runs."""
        try:
            info = await self.discovery.file(file)
            async with self._model.lock():
                download = self._model.file_download(info, "file")
                async for piece in self._model.downloads.download(download):
                    yield piece
        except RECORDED as failure:
            await self._record_failure(failure)
            raise

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
        return await self._imports.actuals(actuals, rows, period_format)

    @records_failures
    async def import_file(
        self, import_: str, content: bytes | AsyncIterable[bytes], size: int | None = None
    ) -> ImportResult:
        """Upload `content` to the import's data source file and run the import."""
        target = await self._imports.target(import_)
        return await self._imports.run(target, *_sized(content, size))

    @records_failures
    async def upload_file(
        self, file: str, content: bytes | AsyncIterable[bytes], size: int | None = None
    ) -> Transfer:
        """Upload to an import data source file (by name or id) without running an import."""
        file_id = file if looks_like_id(file) else (await self.discovery.file(file)).id
        async with self._model.lock():
            return await self._model.uploads.upload(file_id, *_sized(content, size))

    # -- processes ------------------------------------------------------------------------------

    @records_failures
    async def run_process(self, process: str) -> ProcessResult:
        """Run a process; each step's counts and failure dump rows come back per action."""
        action = await self._model.action("processes", process)
        async with self._model.lock():
            return await run_process(self._model, action)

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
