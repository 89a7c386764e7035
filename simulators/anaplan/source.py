"""Reads an uploaded import source as the import definition describes it."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .definitions import SourceFormat
from .filestore import StoredContent


@dataclass
class SourceRow:
    line: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


class SourceReader:
    """Iterates data rows; `headers` holds the file's own header row (for the failure dump)."""

    def __init__(self, content: StoredContent, source: SourceFormat) -> None:
        self._content = content
        self._source = source
        self.headers: list[str] = []

    def rows(self) -> Iterator[SourceRow]:
        with self._content.open() as raw:
            text = io.TextIOWrapper(
                raw, encoding=self._source.encoding, errors="replace", newline=""
            )
            reader = csv.reader(
                text, delimiter=self._source.separator, quotechar=self._source.delimiter or None
            )
            yield from self._data_rows(reader)

    def _data_rows(self, reader: Any) -> Iterator[SourceRow]:
        """`reader` is a csv reader; its line_num is the physical line for the dump."""
        for record_number, cells in enumerate(reader, start=1):
            if record_number == self._source.header_row:
                self.headers = cells
            elif record_number >= self._source.first_data_row:
                yield SourceRow(reader.line_num, cells)

    def dump_headers(self, width: int) -> list[str]:
        names = self.headers or []
        return [_column_name(names, index) for index in range(max(width, len(names)))]


def _column_name(names: list[str], index: int) -> str:
    name = names[index] if index < len(names) else ""
    return name or f"Column {index + 1}"
