"""HIERARCHY_DATA imports: rows into list items, created or updated by name or code."""

from dataclasses import dataclass
from pathlib import Path

from .definitions import ListImport
from .importer import ImportRun, StagedImport, column, optional_column, start_run
from .source import SourceRow


def stage_list_import(definition: ListImport, dump_path: Path, chunk_size: int) -> StagedImport:
    run = start_run(definition, dump_path, chunk_size)
    rows = _ListRows(definition)
    upserts: list[_Upsert] = []
    seen: set[str] = set(definition.target.names)
    for row in run.reader.rows():
        if row.blank:
            continue
        upsert, error = rows.read(row)
        if upsert is None:
            run.reject(row, error or "")
            continue
        _count_upsert(run, row, upsert, seen, error)
        upserts.append(upsert)
    target = definition.target
    return StagedImport(
        run.counts, run.dump.close(), lambda: _apply_upserts(definition, upserts), target.name
    )


@dataclass
class _Upsert:
    name: str
    code: str | None
    parent: str | None
    properties: dict[str, str]


class _ListRows:
    def __init__(self, definition: ListImport) -> None:
        self.definition = definition
        headers = definition.source.headers
        self.name_at = column(headers, definition.name_column)
        self.code_at = optional_column(headers, definition.code_column)
        self.parent_at = optional_column(headers, definition.parent_column)
        self.props_at = {
            prop: column(headers, header) for header, prop in definition.property_columns.items()
        }

    def read(self, row: SourceRow) -> tuple[_Upsert | None, str | None]:
        """The upsert for a row and its warning, or (None, error) when the row is rejected."""
        name = row.cell(self.name_at).strip()
        if not name:
            return None, f"Invalid name: {row.cell(self.name_at)}"
        code = self._code(row)
        parent, warning = self._parent(row)
        properties = {prop: row.cell(index) for prop, index in self.props_at.items()}
        return _Upsert(name, code, parent, properties), warning

    def _code(self, row: SourceRow) -> str | None:
        if self.code_at is None:
            return None
        return row.cell(self.code_at).strip() or None

    def _parent(self, row: SourceRow) -> tuple[str | None, str | None]:
        if self.parent_at is None or not row.cell(self.parent_at).strip():
            return None, None
        parent_list = self.definition.target.parent
        item = parent_list.resolve(row.cell(self.parent_at).strip()) if parent_list else None
        return (item.name, None) if item else (None, "Invalid parent")


def _count_upsert(
    run: ImportRun, row: SourceRow, upsert: _Upsert, seen: set[str], warning: str | None
) -> None:
    existing = upsert.name in seen
    seen.add(upsert.name)
    if warning:
        run.warn(row, warning)
        run.counts.warned_updated += existing
        run.counts.warned_created += not existing
    else:
        run.counts.updated += existing
        run.counts.created += not existing


def _apply_upserts(definition: ListImport, upserts: list[_Upsert]) -> None:
    target = definition.target
    for upsert in upserts:
        item = target.by_name(upsert.name) or target.add(upsert.name)
        if upsert.code is not None and upsert.code != item.code:
            target.recode(item, upsert.code)
        item.parent = upsert.parent
        item.properties.update(upsert.properties)
