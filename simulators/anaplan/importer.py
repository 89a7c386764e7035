"""Runs import definitions over uploaded files: validates rows, stages changes, writes dumps."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .definitions import ListImport, ModuleImport
from .dumps import DumpWriter
from .filestore import StoredContent
from .modules import TIME, Key
from .numbers import parse_number
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
class _Run:
    """Per-run bookkeeping shared by module and list imports."""

    reader: SourceReader
    dump: DumpWriter
    counts: RowCounts = field(default_factory=RowCounts)

    def reject(self, row: SourceRow, error: str) -> None:
        self.counts.rejected += 1
        self.dump.write("E", row.cells, row.line, error)

    def warn(self, row: SourceRow, error: str) -> None:
        self.dump.write("W", row.cells, row.line, error)


def _start(definition: ModuleImport | ListImport, dump_path: Path, chunk_size: int) -> _Run:
    content = definition.file.content
    if content is None or content.size == 0:
        raise ImportFailed(f"No data has been uploaded to file {definition.file.name}")
    reader = SourceReader(content, definition.source)
    width = len(definition.source.headers)
    dump = DumpWriter(dump_path, lambda: reader.dump_headers(width), chunk_size)
    return _Run(reader, dump)


# -- module data ---------------------------------------------------------------------------


def stage_module_import(definition: ModuleImport, dump_path: Path, chunk_size: int) -> StagedImport:
    plan = _ModulePlan(definition)
    run = _start(definition, dump_path, chunk_size)
    staged: dict[Key, Decimal] = {}
    for row in run.reader.rows():
        if row.blank:
            continue
        cells, error = plan.cells(row)
        if error is not None:
            run.reject(row, error)
            continue
        staged.update(cells)
        run.counts.updated += 1
    module = definition.module
    return StagedImport(
        run.counts, run.dump.close(), lambda: module.cells.update(staged), module.name
    )


class _ModulePlan:
    """Where each axis of a cell comes from: a source column, a fixed member, a value column."""

    def __init__(self, definition: ModuleImport) -> None:
        self.module = definition.module
        self.source = definition.source
        self.column_of = {axis: self._index(header) for axis, header in definition.columns.items()}
        fixed = {axis: self._fixed(axis, text) for axis, text in definition.fixed.items()}
        self.values = [
            (self._index(header), fixed | self._pins(pins))
            for header, pins in definition.values.items()
        ]
        self._check_coverage()

    def _index(self, header: str) -> int:
        return _column(self.source.headers, header)

    def _fixed(self, axis: str, text: str) -> str:
        member = self.module.axis(axis).resolve(text)
        if member is None:
            raise ImportFailed(f"{text!r} is not a member of {axis}")
        return member

    def _pins(self, pins: dict[str, str]) -> dict[str, str]:
        return {axis: self._fixed(axis, text) for axis, text in pins.items()}

    def _check_coverage(self) -> None:
        for _, pinned in self.values:
            missing = set(self.module.axis_names) - set(self.column_of) - set(pinned)
            if missing:
                raise ImportFailed(f"No source for {sorted(missing)} in {self.module.name}")

    def cells(self, row: SourceRow) -> tuple[dict[Key, Decimal], str | None]:
        members: dict[str, str] = {}
        for axis, index in self.column_of.items():
            member = self.module.axis(axis).resolve(row.cell(index))
            if member is None:
                return {}, _unknown_member(axis, row.cell(index))
            members[axis] = member
        return self._values(row, members)

    def _values(
        self, row: SourceRow, members: dict[str, str]
    ) -> tuple[dict[Key, Decimal], str | None]:
        cells: dict[Key, Decimal] = {}
        for index, pinned in self.values:
            text = row.cell(index)
            if not text.strip():
                continue
            value = parse_number(text, self.source.decimal_separator)
            if value is None:
                return {}, f"Invalid number: {text}"
            coords = members | pinned
            cells[tuple(coords[name] for name in self.module.axis_names)] = value
        return cells, None


def _column(headers: list[str], header: str) -> int:
    if header not in headers:
        raise ImportFailed(f"Column {header!r} is not in the import's source columns")
    return headers.index(header)


def _optional_column(headers: list[str], header: str | None) -> int | None:
    return None if header is None else _column(headers, header)


def _unknown_member(axis: str, text: str) -> str:
    if axis == TIME:
        return f"Invalid time period: {text}"
    return f"Item not located in {axis} list: {text}"


# -- list items ----------------------------------------------------------------------------


def stage_list_import(definition: ListImport, dump_path: Path, chunk_size: int) -> StagedImport:
    run = _start(definition, dump_path, chunk_size)
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
        self.name_at = _column(headers, definition.name_column)
        self.code_at = _optional_column(headers, definition.code_column)
        self.parent_at = _optional_column(headers, definition.parent_column)
        self.props_at = {
            prop: _column(headers, column) for column, prop in definition.property_columns.items()
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
    run: _Run, row: SourceRow, upsert: _Upsert, seen: set[str], warning: str | None
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


# -- task result details -------------------------------------------------------------------


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
