"""Bytes arriving in chunks to CSV records: incremental decoding (a multi-byte character may
be cut between two chunks) feeding the domain's push parser."""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterable, AsyncIterator, Iterator

from adapters.anaplan.objects import TextFormat
from domain.csvstream import CsvFormatError, CsvRecord, CsvStream

# Stands in for undecodable bytes when looking for the line they are on: a lone surrogate,
# which no strict decoder ever produces.
_MARK = "\udc00"


def _mark_undecodable(bad: UnicodeError) -> tuple[str, int]:
    assert isinstance(bad, UnicodeDecodeError)
    return _MARK, bad.end


codecs.register_error("mlc-mark-undecodable", _mark_undecodable)


class RecordDecoder:
    def __init__(self, text: TextFormat) -> None:
        try:
            encoding = codecs.lookup(text.encoding).name
        except LookupError:
            raise CsvFormatError(1, f"the text's encoding {text.encoding!r} is unknown") from None
        # A byte order mark some tools put before UTF-8 text is not part of the first header.
        self._codec = "utf-8-sig" if encoding == "utf-8" else encoding
        self._decoder = codecs.getincrementaldecoder(self._codec)(errors="strict")
        self._stream = CsvStream(text.separator, text.delimiter or '"')
        self._encoding = text.encoding

    def feed(self, data: bytes, final: bool = False) -> Iterator[CsvRecord]:
        state = self._decoder.getstate()
        try:
            text = self._decoder.decode(data, final)
        except UnicodeError as bad:  # UTF-16 without a byte order mark is not a DecodeError
            reason = bad.reason if isinstance(bad, UnicodeDecodeError) else str(bad)
            # The records before the bad byte come first, as they would had the bytes been
            # cut just before it: the first error in the file is the one reported.
            yield from self._stream.feed(self._readable_part(state, data, final))
            raise CsvFormatError(
                self._stream.line_after(""), f"the text is not valid {self._encoding}: {reason}"
            ) from None
        yield from self._stream.feed(text)
        if final:
            yield from self._stream.close()

    def _readable_part(self, state: tuple[bytes, int], data: bytes, final: bool) -> str:
        """The text `data` decodes to before its first undecodable byte."""
        decoder = codecs.getincrementaldecoder(self._codec)(errors="mlc-mark-undecodable")
        decoder.setstate(state)
        try:
            return decoder.decode(data, final).partition(_MARK)[0]
        except UnicodeError:
            return ""


async def records(chunks: AsyncIterable[bytes], text: TextFormat) -> AsyncIterator[CsvRecord]:
    decoder = RecordDecoder(text)
    async for chunk in chunks:
        for record in decoder.feed(chunk):
            yield record
    for record in decoder.feed(b"", final=True):
        yield record
