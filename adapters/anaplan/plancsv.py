"""Async edges of the domain's CSV code: plan cells out of an export's byte stream, and an
import file's bytes out of ledger actuals. Memory stays flat either way."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable

from adapters.anaplan.objects import TextFormat
from adapters.anaplan.textstream import records
from domain.actuals import ActualAmount, header_text, import_csv, rows_text
from domain.connection import ActualsImport, PlanExport
from domain.csvstream import CsvFormatError
from domain.plan import PlanCell, PlanFormatError, PlanReader


async def plan_cells(
    chunks: AsyncIterable[bytes], plan: PlanExport, period_format: str, text: TextFormat
) -> AsyncIterator[PlanCell]:
    reader = PlanReader(plan, period_format)
    try:
        async for record in records(chunks, text):
            for cell in reader.cells(record):
                yield cell
    except CsvFormatError as bad:
        raise PlanFormatError(bad.line, "", bad.reason) from None


async def actuals_file(
    actuals: ActualsImport,
    rows: Iterable[ActualAmount] | AsyncIterable[ActualAmount],
    period_format: str,
    batch: int = 1000,
) -> AsyncIterator[bytes]:
    """The import file, UTF-8, a batch of rows at a time."""
    if isinstance(rows, Iterable):
        for text in import_csv(actuals, rows, period_format, batch):
            yield text.encode()
        return
    yield header_text(actuals).encode()
    pending: list[ActualAmount] = []
    async for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            yield rows_text(actuals, pending, period_format).encode()
            pending = []
    if pending:
        yield rows_text(actuals, pending, period_format).encode()
