"""Bytes arriving in chunks to CSV records: incremental decoding (a multi-byte character may
be cut between two chunks) feeding the domain's push parser."""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterable, AsyncIterator, Iterator

from adapters.anaplan.objects import TextFormat
from domain.csvstream import CsvFormatError, CsvRecord, CsvStream


class RecordDecoder:
    def __init__(self, text: TextFormat) -> None:
        encoding = codecs.lookup(text.encoding).name
        # A byte order mark some tools put before UTF-8 text is not part of the first header.
        encoding = "utf-8-sig" if encoding == "utf-8" else encoding
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._stream = CsvStream(text.separator, text.delimiter or '"')
        self._encoding = text.encoding

    def feed(self, data: bytes, final: bool = False) -> Iterator[CsvRecord]:
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as bad:
            raise CsvFormatError(
                self._stream.line, f"the text is not valid {self._encoding}: {bad.reason}"
            ) from None
        yield from self._stream.feed(text)
        if final:
            yield from self._stream.close()


async def records(chunks: AsyncIterable[bytes], text: TextFormat) -> AsyncIterator[CsvRecord]:
    decoder = RecordDecoder(text)
    async for chunk in chunks:
        for record in decoder.feed(chunk):
            yield record
    for record in decoder.feed(b"", final=True):
        yield record
