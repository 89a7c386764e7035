"""A push parser for delimited text that arrives in pieces cut anywhere.

Exports come down in chunks whose boundaries fall mid-row (and, before decoding, mid
character). The parser keeps only the unfinished record between pieces, so memory stays flat
however large the file. A record is complete at a newline outside quotes: the number of quote
characters seen in it is even, since a quote inside a quoted field is written doubled.
Records ending in CR LF or LF are both read; a lone CR is not a line end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

# A record (a row, with every line break inside its quotes) is kept whole until it ends: a
# quote left open would otherwise hold the rest of the file in memory.
MAX_RECORD = 4 * 2**20


class CsvFormatError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CsvRecord:
    line: int  # the physical line the record starts on, from 1
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


class CsvStream:
    def __init__(
        self, separator: str = ",", quotechar: str = '"', max_record: int = MAX_RECORD
    ) -> None:
        self._separator = separator
        self._quotechar = quotechar
        self._max_record = max_record
        self._pending: list[str] = []
        self._pending_size = 0
        self._open_quote = False
        self._line = 1  # where the pending record starts

    @property
    def line(self) -> int:
        """The line the unfinished record starts on."""
        return self._line

    def line_after(self, text: str) -> int:
        """The line `text` would end on, were it fed now (to place an error inside it)."""
        return self._line + sum(piece.count("\n") for piece in self._pending) + text.count("\n")

    def feed(self, text: str) -> Iterator[CsvRecord]:
        """The records `text` completes, in order (read them before feeding more)."""
        complete: list[tuple[int, str]] = []
        start = 0
        while (end := text.find("\n", start)) >= 0:
            if self._add(text[start : end + 1]):
                complete.append(self._take())
            start = end + 1
        self._add(text[start:])
        return self._parse(complete)

    def close(self) -> Iterator[CsvRecord]:
        """The last record when the text does not end with a newline."""
        if self._open_quote:
            raise CsvFormatError(self._line, "a quoted field is not closed at the end of the file")
        return self._parse([self._take()] if self._pending else [])

    def _take(self) -> tuple[int, str]:
        text = "".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        line, self._line = self._line, self._line + text.count("\n")
        return line, text

    def _add(self, piece: str) -> bool:
        """Append to the pending record; True when the piece ended it."""
        if piece:
            self._pending.append(piece)
            self._pending_size += len(piece)
            self._open_quote ^= piece.count(self._quotechar) % 2 == 1
            if self._pending_size > self._max_record:
                raise CsvFormatError(
                    self._line,
                    f"a record runs over {self._max_record} characters"
                    + (" (a quote left open?)" if self._open_quote else ""),
                )
        return piece.endswith("\n") and not self._open_quote

    def _parse(self, records: list[tuple[int, str]]) -> Iterator[CsvRecord]:
        reader = csv.reader(
            (text for _, text in records),
            delimiter=self._separator,
            quotechar=self._quotechar,
            strict=True,
        )
        for line, _ in records:
            try:
                cells = next(reader)
            except csv.Error as bad:
                raise CsvFormatError(line, str(bad)) from None
            yield CsvRecord(line, cells)
