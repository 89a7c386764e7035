"""Async edges of the domain's CSV code: plan cells out of an export's byte stream, and an
import file's bytes out of ledger actuals. Memory stays flat either way."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable

from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.objects import TextFormat
from adapters.anaplan.textstream import records
from domain.connection import PlanExport
from domain.csvstream import CsvFormatError
from domain.import_file import ActualAmount, ImportFile
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
    file: ImportFile,
    rows: Iterable[ActualAmount] | AsyncIterable[ActualAmount],
    encoding: str,
    batch: int = 1000,
) -> AsyncIterator[bytes]:
    """The import file in the encoding the import reads, a batch of rows at a time."""
    if isinstance(rows, Iterable):
        for text in file.text(rows, batch):
            yield _encoded(text, encoding)
        return
    yield _encoded(file.header(), encoding)
    pending: list[ActualAmount] = []
    async for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            yield _encoded(file.rows(pending), encoding)
            pending = []
    if pending:
        yield _encoded(file.rows(pending), encoding)


def _encoded(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as bad:
        unwritable = bad.object[bad.start : bad.end]
        raise AnaplanMismatch(
            f"the import reads {encoding}, which cannot hold {unwritable!r}"
        ) from None
