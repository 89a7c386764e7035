"""Ledger actuals written as the CSV file an Anaplan import reads (the import's own layout).

`ActualsImport.columns` names the import's source columns in a fixed order of roles:
account, cost center, period, version, amount. Every row carries the import's version label
(e.g. "Actual"); periods are written in the connection's `period_format` and amounts as plain
decimals, with the separator and quote character the import reads. Rows are produced in
batches of text so a large import never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from domain.amounts import format_amount
from domain.connection import ActualsImport
from domain.errors import PermanentError
from domain.period import Period

ROLES = ("account", "cost center", "period", "version", "amount")


@dataclass(frozen=True, slots=True)
class ActualAmount:
    account: str
    cost_center: str
    period: Period
    amount: Decimal


class ImportLayoutError(PermanentError):
    pass


def import_header(actuals: ActualsImport) -> list[str]:
    if len(actuals.columns) != len(ROLES):
        raise ImportLayoutError(
            f"the actuals import needs {len(ROLES)} columns ({', '.join(ROLES)}), "
            f"got {list(actuals.columns)}"
        )
    return list(actuals.columns)


@dataclass(frozen=True, slots=True)
class ImportFile:
    """How the file is written: in the import's columns, separator and quote character."""

    actuals: ActualsImport
    period_format: str
    separator: str = ","
    quotechar: str = '"'

    def text(self, rows: Iterable[ActualAmount], batch: int = 1000) -> Iterator[str]:
        """The file's text, header first, in pieces of up to `batch` rows."""
        yield self.header()
        iterator = iter(rows)
        while chunk := list(islice(iterator, batch)):
            yield self.rows(chunk)

    def header(self) -> str:
        return self._lines([import_header(self.actuals)])

    def rows(self, rows: Iterable[ActualAmount]) -> str:
        return self._lines(self._cells(row) for row in rows)

    def _cells(self, row: ActualAmount) -> list[str]:
        period = row.period.label(self.period_format)
        version = self.actuals.version_label
        return [row.account, row.cost_center, period, version, format_amount(row.amount)]

    def _lines(self, rows: Iterable[list[str]]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=self.separator, quotechar=self.quotechar, lineterminator="\r\n"
        )
        writer.writerows(rows)
        return buffer.getvalue()
