"""Import failure dumps turned into per-row reasons.

A dump is a CSV: "_Status_", the source file's columns, "_Line_" (the row's line in the
uploaded file), then "_Error_1_", "_Error_2_", ... Status E means the row was rejected,
W that it loaded with a warning. Dumps can be large: the first `limit` rows are kept as
values, the rest only counted (the whole dump is kept in the blob store).
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.anaplan.objects import TextFormat
from adapters.anaplan.textstream import RecordDecoder
from domain.csvstream import CsvRecord

STATUS, LINE, ERROR = "_Status_", "_Line_", "_Error_"


@dataclass(frozen=True, slots=True)
class RowRejection:
    line: int | None  # in the uploaded file
    status: str  # E: rejected, W: loaded with a warning
    values: tuple[tuple[str, str], ...]  # the row as uploaded, by source column
    reasons: tuple[str, ...]

    @property
    def rejected(self) -> bool:
        return self.status == "E"


class DumpReader:
    def __init__(self, limit: int = 1000) -> None:
        self._decoder = RecordDecoder(TextFormat())
        self._limit = limit
        self._header: list[str] | None = None
        self.rows: list[RowRejection] = []
        self.count = 0

    def feed(self, data: bytes, final: bool = False) -> None:
        for record in self._decoder.feed(data, final):
            if self._header is None:
                self._header = record.cells
            elif not record.blank:
                self.count += 1
                if len(self.rows) < self._limit:
                    self.rows.append(self._row(record))

    def _row(self, record: CsvRecord) -> RowRejection:
        assert self._header is not None
        values, reasons, status, line = [], [], "", None
        for name, cell in zip(self._header, record.cells, strict=False):
            if name == STATUS:
                status = cell.strip()
            elif name == LINE:
                line = _line_number(cell)
            elif name.startswith(ERROR):
                reasons += [cell.strip()] if cell.strip() else []
            else:
                values.append((name, cell))
        return RowRejection(line, status, tuple(values), tuple(reasons))


def _line_number(cell: str) -> int | None:
    """isdigit() alone takes '²', which int() refuses."""
    text = cell.strip()
    return int(text) if text.isascii() and text.isdigit() else None
