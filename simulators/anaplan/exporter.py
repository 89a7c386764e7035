"""Renders a module export as delimited text, streaming rows straight to disk."""

import csv
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import product
from pathlib import Path
from typing import Any, TextIO

from .definitions import ExportDefinition
from .modules import TIME, Axis, Key, Module
from .numbers import format_number

VALUE_HEADER = "Value"
ZERO = Decimal(0)


def write_export(export: ExportDefinition, path: Path) -> int:
    """Writes the header and data rows to `path`; returns the number of data rows."""
    rows = 0
    with path.open("w", encoding=export.encoding, newline="", buffering=1 << 20) as stream:
        writer = _writer(stream, export)
        writer.writerow(header_names(export))
        for row in data_rows(export):
            writer.writerow(row)
            rows += 1
    return rows


def _writer(stream: TextIO, export: ExportDefinition) -> Any:
    return csv.writer(
        stream,
        delimiter=export.separator,
        quotechar=export.delimiter or None,
        quoting=csv.QUOTE_MINIMAL if export.delimiter else csv.QUOTE_NONE,
        lineterminator=export.line_ending,
        escapechar=None if export.delimiter else "\\",
    )


def header_names(export: ExportDefinition) -> list[str]:
    if export.header_names:
        return list(export.header_names)
    return [axis.name for axis in row_axes(export)] + value_headers(export)


def value_headers(export: ExportDefinition) -> list[str]:
    if not export.multi_column:
        return [VALUE_HEADER]
    return [label for label, _ in columns(export)]


def row_axes(export: ExportDefinition) -> list[Axis]:
    axes = export.module.axes
    if not export.multi_column:
        return list(axes)
    return [axis for axis in axes if axis.name != export.column_axis]


def columns(export: ExportDefinition) -> list[tuple[str, tuple[str, ...]]]:
    """Value columns of a multi-column export, each with the members it sums."""
    module = export.module
    if export.column_axis == TIME and module.calendar is not None:
        wanted = set(export.filters.get(TIME, module.calendar.months))
        pairs = module.calendar.columns(export.time_totals)
        return [(label, months) for label, months in pairs if set(months) <= wanted]
    return [(member, (member,)) for member in members(export, module.axis(export.column_axis))]


def members(export: ExportDefinition, axis: Axis) -> Sequence[str]:
    chosen = export.filters.get(axis.name)
    return axis.members() if chosen is None else [m for m in axis.members() if m in chosen]


def data_rows(export: ExportDefinition) -> Iterator[list[str]]:
    if export.multi_column:
        return _multi_column_rows(export)
    return _single_column_rows(export)


def _single_column_rows(export: ExportDefinition) -> Iterator[list[str]]:
    module = export.module
    for key in product(*(members(export, axis) for axis in module.axes)):
        value = module.lookup(key) or ZERO
        if value or not export.omit_empty_rows:
            yield [*key, format_number(value)]


def _multi_column_rows(export: ExportDefinition) -> Iterator[list[str]]:
    module = export.module
    position = module.axis_index(export.column_axis)
    summed = [sums for _, sums in columns(export)]
    for row_key in product(*(members(export, axis) for axis in row_axes(export))):
        values = [_sum(module, row_key, position, sums) for sums in summed]
        if any(values) or not export.omit_empty_rows:
            yield [*row_key, *map(format_number, values)]


def _sum(module: Module, row_key: Key, position: int, sums: tuple[str, ...]) -> Decimal:
    before, after = row_key[:position], row_key[position:]
    return sum((module.lookup((*before, member, *after)) or ZERO for member in sums), ZERO)


def metadata(export: ExportDefinition) -> dict[str, object]:
    axes = row_axes(export)
    values = value_headers(export)
    return {
        "columnCount": len(axes) + len(values),
        "dataTypes": [axis.data_type for axis in axes] + ["NUMBER"] * len(values),
        "delimiter": export.delimiter,
        "encoding": export.encoding,
        "exportFormat": export.export_format,
        "headerNames": header_names(export),
        "listNames": [axis.list_name for axis in axes] + [""] * len(values),
        "rowCount": export_row_count(export),
        "separator": export.separator,
        "layout": export.layout,
    }


def export_row_count(export: ExportDefinition) -> int:
    """Rows of the last run; before any run, the number of row combinations."""
    if export.last_row_count is not None:
        return export.last_row_count
    count = 1
    for axis in row_axes(export):
        count *= len(members(export, axis))
    return count
