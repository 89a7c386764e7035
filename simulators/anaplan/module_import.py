"""MODULE_DATA imports: rows into module cells; a rejected row changes nothing."""

from decimal import Decimal
from pathlib import Path

from .definitions import ModuleImport
from .importer import ImportFailed, StagedImport, column, start_run
from .modules import TIME, Key
from .numbers import parse_number
from .source import SourceRow


def stage_module_import(definition: ModuleImport, dump_path: Path, chunk_size: int) -> StagedImport:
    plan = _ModulePlan(definition)
    run = start_run(definition, dump_path, chunk_size)
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
        self.order = self.module.axis_names
        self.column_of = {
            axis: (self._index(header), self.module.axis(axis).resolve)
            for axis, header in definition.columns.items()
        }
        fixed = {axis: self._fixed(axis, text) for axis, text in definition.fixed.items()}
        self.values = [
            (self._index(header), fixed | self._pins(pins))
            for header, pins in definition.values.items()
        ]
        self._check_coverage()

    def _index(self, header: str) -> int:
        return column(self.source.headers, header)

    def _fixed(self, axis: str, text: str) -> str:
        member = self.module.axis(axis).resolve(text)
        if member is None:
            raise ImportFailed(f"{text!r} is not a member of {axis}")
        return member

    def _pins(self, pins: dict[str, str]) -> dict[str, str]:
        return {axis: self._fixed(axis, text) for axis, text in pins.items()}

    def _check_coverage(self) -> None:
        for _, pinned in self.values:
            missing = set(self.order) - set(self.column_of) - set(pinned)
            if missing:
                raise ImportFailed(f"No source for {sorted(missing)} in {self.module.name}")

    def cells(self, row: SourceRow) -> tuple[dict[Key, Decimal], str | None]:
        members: dict[str, str] = {}
        for axis, (index, resolve) in self.column_of.items():
            member = resolve(row.cell(index))
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
            cells[tuple(coords[name] for name in self.order)] = value
        return cells, None


def _unknown_member(axis: str, text: str) -> str:
    if axis == TIME:
        return f"Invalid time period: {text}"
    return f"Item not located in {axis} list: {text}"
