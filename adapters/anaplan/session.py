"""What the bulk operations on one model share: its URLs, discovery, file moves, task
runner, the blob store, the model lock, and how a task's result becomes a report."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from adapters.anaplan.discovery import Discovery
from adapters.anaplan.downloads import Download, Downloads
from adapters.anaplan.dumps import DumpReader
from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.objects import FileInfo
from adapters.anaplan.ports import Mutex
from adapters.anaplan.reports import ActionReport, ExportResult
from adapters.anaplan.results import ActionResult
from adapters.anaplan.tasks import Action, TaskRunner
from adapters.anaplan.uploads import Uploads
from adapters.postgres.blobs import BlobStore


@dataclass(frozen=True)
class ModelSession:
    at: Endpoints
    discovery: Discovery
    downloads: Downloads
    uploads: Uploads
    tasks: TaskRunner
    blobs: BlobStore
    locks: Mutex
    max_reasons: int

    def lock(self) -> AbstractAsyncContextManager[None]:
        """Held around every task and its file moves: one task per model, all workers."""
        return self.locks.hold(f"anaplan-model:{self.at.model_id}")

    async def action(self, kind: str, name_or_id: str) -> Action:
        found = await self.discovery.resolve(kind, name_or_id)
        return Action(kind, found.id, found.name)

    def file_download(self, info: FileInfo, purpose: str, task_id: str | None = None) -> Download:
        # Chunks are numbered from 0 (the docs and every client rely on it), so the file
        # listing's chunkCount spares a request for the chunk list.
        chunks = tuple(str(n) for n in range(info.chunk_count))
        return Download(self.at.file(info.id), chunks, info.id, purpose, task_id)

    async def download_export(self, export_id: str, task_id: str | None) -> ExportResult:
        """The export's file (it has the export's id) into the blob store; how its text is
        written comes from the export's own metadata."""
        text = (await self.discovery.export_metadata(export_id)).format
        info = await self.discovery.file(export_id)
        moved = await self.downloads.download_to_blob(
            self.blobs, self.file_download(info, "export", task_id)
        )
        return ExportResult(export_id, task_id, moved.sha256, moved.size, moved.chunks, text)

    async def report(self, result: ActionResult, dump_url: str, task_id: str) -> ActionReport:
        """Counts from the result; per-row reasons from its failure dump, if it has one."""
        if not result.failure_dump_available:
            return ActionReport.of(result)
        reader = DumpReader(self.max_reasons)
        chunks = tuple(await self.downloads.chunk_ids(dump_url))
        what = Download(dump_url, chunks, result.object_id, "dump", task_id)
        moved = await self.downloads.download_to_blob(self.blobs, what, also=reader.feed)
        reader.feed(b"", final=True)
        return ActionReport.of(result, reader, moved.sha256)
