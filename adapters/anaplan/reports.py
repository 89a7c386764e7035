"""What the client hands back: exported files, import outcomes with per-row reasons,
process outcomes per action."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.anaplan.dumps import DumpReader, RowRejection
from adapters.anaplan.objects import TextFormat
from adapters.anaplan.results import ActionResult
from adapters.anaplan.transfers import Transfer


@dataclass(frozen=True, slots=True)
class ExportResult:
    export_id: str
    task_id: str | None  # None: downloaded without running the export
    sha256: str  # the file in the blob store
    size: int
    chunks: int
    format: TextFormat


@dataclass(frozen=True, slots=True)
class ActionReport:
    """One import's (or process step's) outcome: row counts from the task's details, and the
    failure dump's rows (the first ones; `rejected_rows` counts them all)."""

    object_id: str
    successful: bool
    messages: tuple[str, ...]
    processed: int
    loaded: int
    warnings: int
    ignored: int
    failed: int
    rejections: tuple[RowRejection, ...] = ()
    rejected_rows: int = 0
    dump_sha256: str | None = None

    @classmethod
    def of(
        cls, result: ActionResult, dump: DumpReader | None = None, dump_sha256: str | None = None
    ) -> ActionReport:
        warnings = result.rows("warningsRowCount")
        return cls(
            result.object_id,
            result.successful,
            result.messages,
            processed=result.rows("totalRowCount"),
            loaded=result.rows("successRowCount") + warnings,
            warnings=warnings,
            ignored=result.rows("ignoredCount"),
            failed=result.rows("failedCount"),
            rejections=tuple(dump.rows) if dump else (),
            rejected_rows=dump.count if dump else 0,
            dump_sha256=dump_sha256,
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    task_id: str
    upload: Transfer
    report: ActionReport


@dataclass(frozen=True, slots=True)
class ProcessResult:
    process_id: str
    task_id: str
    successful: bool
    steps: tuple[ActionReport, ...]

    def step(self, object_id: str) -> ActionReport | None:
        return next((step for step in self.steps if step.object_id == object_id), None)
