"""What module and list imports share: row counts, the run's dump, task result details."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .definitions import ListImport, ModuleImport
from .dumps import DumpWriter
from .filestore import StoredContent
from .source import SourceReader, SourceRow


class ImportFailed(Exception):
    """The import cannot run at all (no data, a mapping that does not fit the module)."""


@dataclass
class RowCounts:
    created: int = 0
    updated: int = 0
    warned_created: int = 0
    warned_updated: int = 0
    rejected: int = 0

    @property
    def successful(self) -> int:
        return self.created + self.updated

    @property
    def warned(self) -> int:
        return self.warned_created + self.warned_updated

    @property
    def total(self) -> int:
        return self.successful + self.warned + self.rejected


@dataclass
class StagedImport:
    counts: RowCounts
    dump: StoredContent | None
    apply: Callable[[], None]
    target_name: str


@dataclass
class ImportRun:
    """Per-run bookkeeping shared by module and list imports."""

    reader: SourceReader
    dump: DumpWriter
    counts: RowCounts = field(default_factory=RowCounts)

    def reject(self, row: SourceRow, error: str) -> None:
        self.counts.rejected += 1
        self.dump.write("E", row.cells, row.line, error)

    def warn(self, row: SourceRow, error: str) -> None:
        self.dump.write("W", row.cells, row.line, error)


def start_run(definition: ModuleImport | ListImport, dump_path: Path, chunk_size: int) -> ImportRun:
    content = definition.file.content
    if content is None or content.size == 0:
        raise ImportFailed(f"No data has been uploaded to file {definition.file.name}")
    reader = SourceReader(content, definition.source)
    width = len(definition.source.headers)
    dump = DumpWriter(dump_path, lambda: reader.dump_headers(width), chunk_size)
    return ImportRun(reader, dump)


def column(headers: list[str], header: str) -> int:
    if header not in headers:
        raise ImportFailed(f"Column {header!r} is not in the import's source columns")
    return headers.index(header)


def optional_column(headers: list[str], header: str | None) -> int | None:
    return None if header is None else column(headers, header)


def rows_detail(target_name: str, counts: RowCounts) -> dict[str, object]:
    """A `details[]` entry in the documented hierarchyRowsProcessed shape."""
    values = {
        "hierarchyName": target_name,
        "successRowCount": counts.successful,
        "successCreateCount": counts.created,
        "successUpdateCount": counts.updated,
        "warningsRowCount": counts.warned,
        "warningsCreateCount": counts.warned_created,
        "warningsUpdateCount": counts.warned_updated,
        "failedCount": counts.rejected,
        "ignoredCount": counts.rejected,
        "totalRowCount": counts.total,
        "totalCreateCount": counts.created + counts.warned_created,
        "totalUpdateCount": counts.updated + counts.warned_updated,
        "invalidCount": 0,
        "updatedCount": counts.updated + counts.warned_updated,
        "renamedCount": 0,
        "createdCount": counts.created + counts.warned_created,
    }
    text = (
        f"{target_name}: {counts.successful} ({counts.created}/{counts.updated}) rows "
        f"successful, {counts.rejected} ignored "
    )
    flat = [str(part) for pair in values.items() for part in pair]
    return {
        "localMessageText": text,
        "occurrences": 0,
        "type": "hierarchyRowsProcessed",
        "values": flat,
    }
