"""Plan values read from an Anaplan export, in the layout the user chose for it.

Single-column (TABULAR_SINGLE_COLUMN): one row per cell, with a period column and a value
column. Multi-column (TABULAR_MULTI_COLUMN): one row per account/cost center/version with the
periods across the columns; header cells that are not periods in the connection's
`period_format` and not one of the named columns (quarter and year totals, line items) are
ignored. An empty value is no cell (see domain.amounts). An empty cost center is allowed: an
account planned without a class. The first record is the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from domain.amounts import MalformedAmount, parse_amount
from domain.connection import ExportLayout, PlanColumns, PlanExport
from domain.csvstream import CsvRecord
from domain.errors import PermanentError
from domain.period import Period, parse_period


@dataclass(frozen=True, slots=True)
class PlanCell:
    account: str
    cost_center: str
    version: str
    period: Period
    amount: Decimal
    memo: str | None = None


class PlanFormatError(PermanentError):
    """The export does not read as the connection describes it; names the line and column."""

    def __init__(self, line: int, column: str, message: str) -> None:
        where = f"line {line}, column {column!r}" if column else f"line {line}"
        super().__init__(f"{where}: {message}")
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class _Row:
    """Positions of the columns every row has, whatever the layout."""

    account: int
    cost_center: int
    version: int
    memo: int | None


class PlanReader:
    """Turns the records of one export, header first, into plan cells."""

    def __init__(self, export: PlanExport, period_format: str) -> None:
        self._export = export
        self._period_format = period_format
        self._names: list[str] = []
        self._row: _Row | None = None
        self._values: list[tuple[int, Period | None]] = []  # value column, its fixed period
        self._period_at: int | None = None  # single-column: where each row names its period

    def cells(self, record: CsvRecord) -> Iterator[PlanCell]:
        if self._row is None:
            self._read_header(record)
            return iter(())
        if record.blank:
            return iter(())
        return self._cells(record)

    def _read_header(self, record: CsvRecord) -> None:
        self._names = [name.strip() for name in record.cells]
        columns = self._export.columns
        self._row = _Row(
            self._index(columns.account, record.line),
            self._index(columns.cost_center, record.line),
            self._index(columns.version, record.line),
            None if columns.memo is None else self._index(columns.memo, record.line),
        )
        if self._export.layout is ExportLayout.SINGLE_COLUMN:
            self._period_at = self._index(columns.period, record.line)
            self._values = [(self._index(columns.amount, record.line), None)]
        else:
            self._values = self._period_columns(columns, record.line)

    def _index(self, name: str, line: int) -> int:
        if not name:
            raise PlanFormatError(line, name, "the connection names no column for this role")
        try:
            return self._names.index(name.strip())
        except ValueError:
            found = ", ".join(repr(n) for n in self._names)
            raise PlanFormatError(line, name, f"no such column; the export has {found}") from None

    def _period_columns(self, columns: PlanColumns, line: int) -> list[tuple[int, Period | None]]:
        named = {columns.account, columns.cost_center, columns.version, columns.memo}
        found: list[tuple[int, Period | None]] = []
        for index, name in enumerate(self._names):
            period = None if name in named else parse_period(name, self._period_format)
            if period is not None:
                found.append((index, period))
        if not found:
            raise PlanFormatError(
                line, "", f"no column is a period in the format {self._period_format!r}"
            )
        return found

    def _cells(self, record: CsvRecord) -> Iterator[PlanCell]:
        row = self._row
        assert row is not None
        if len(record.cells) < len(self._names):
            raise PlanFormatError(
                record.line,
                self._names[len(record.cells)],
                f"the row has {len(record.cells)} cells, the header {len(self._names)}",
            )
        keys = (self._key(record, row.account), record.cells[row.cost_center].strip())
        version = self._key(record, row.version)
        memo = None if row.memo is None else record.cells[row.memo].strip() or None
        for index, fixed in self._values:
            amount = self._amount(record, index)
            if amount is not None:
                period = fixed or self._period(record)
                yield PlanCell(keys[0], keys[1], version, period, amount, memo)

    def _key(self, record: CsvRecord, index: int) -> str:
        value = record.cells[index].strip()
        if not value:
            raise PlanFormatError(record.line, self._names[index], "empty")
        return value

    def _amount(self, record: CsvRecord, index: int) -> Decimal | None:
        try:
            return parse_amount(record.cells[index])
        except MalformedAmount as bad:
            raise PlanFormatError(record.line, self._names[index], str(bad)) from None

    def _period(self, record: CsvRecord) -> Period:
        assert self._period_at is not None
        text = record.cells[self._period_at]
        period = parse_period(text, self._period_format)
        if period is None:
            raise PlanFormatError(
                record.line,
                self._names[self._period_at],
                f"{text!r} is not a month in the format {self._period_format!r}",
            )
        return period
