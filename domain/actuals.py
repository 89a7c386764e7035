"""Ledger actuals written as the CSV file an Anaplan import reads.

`ActualsImport.columns` names the import's source columns in a fixed order of roles:
account, cost center, period, version, amount. Every row carries the import's version label
(e.g. "Actual"); periods are written in the connection's `period_format` and amounts as plain
decimals. Rows are produced in batches of text so a large import never sits in memory whole.
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
from domain.periods import Period

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


def import_csv(
    actuals: ActualsImport,
    rows: Iterable[ActualAmount],
    period_format: str,
    batch: int = 1000,
) -> Iterator[str]:
    """The file's text, header first, in pieces of up to `batch` rows."""
    yield header_text(actuals)
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        yield rows_text(actuals, chunk, period_format)


def header_text(actuals: ActualsImport) -> str:
    return _lines([import_header(actuals)])


def rows_text(actuals: ActualsImport, rows: Iterable[ActualAmount], period_format: str) -> str:
    return _lines(_cells(row, actuals.version_label, period_format) for row in rows)


def _cells(row: ActualAmount, version: str, period_format: str) -> list[str]:
    period = row.period.label(period_format)
    return [row.account, row.cost_center, period, version, format_amount(row.amount)]


def _lines(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
