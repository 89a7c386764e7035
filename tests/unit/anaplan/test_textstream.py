"""Export bytes to records: decoding errors name the line of the bad byte, however the
bytes arrived."""

from __future__ import annotations

import pytest

from adapters.anaplan.objects import TextFormat
from adapters.anaplan.textstream import RecordDecoder
from domain.csvstream import CsvFormatError

UTF8 = TextFormat()
DATA = "a,b\r\nc,d\r\ne,\xe9\r\n".encode("latin-1")  # Latin-1 é where UTF-8 is promised


def read(pieces: list[bytes], text: TextFormat = UTF8) -> list[list[str]]:
    decoder = RecordDecoder(text)
    records = []
    for index, piece in enumerate(pieces):
        records += [r.cells for r in decoder.feed(piece, final=index == len(pieces) - 1)]
    return records


@pytest.mark.parametrize("cut", range(len(DATA) + 1))
def test_the_bad_byte_is_placed_on_its_line_wherever_the_bytes_were_cut(cut):
    # It was the line of the record pending when the bad chunk arrived: 1 or 3 by cut.
    with pytest.raises(CsvFormatError, match="line 3: the text is not valid UTF-8"):
        read([DATA[:cut], DATA[cut:], b""])


def test_records_before_the_bad_byte_come_first():
    decoder = RecordDecoder(TextFormat())
    seen = []
    with pytest.raises(CsvFormatError):
        seen.extend(r.cells for r in decoder.feed(DATA, final=True))
    assert seen == [["a", "b"], ["c", "d"]]


def test_utf16_without_a_byte_order_mark_is_a_format_error():
    # Python's incremental UTF-16 decoder raises a bare UnicodeError, which escaped.
    with pytest.raises(CsvFormatError, match="line 1: the text is not valid UTF-16"):
        read(["a,b\n".encode("utf-16-le"), b""], TextFormat(encoding="UTF-16"))


def test_utf16_with_its_mark_is_read():
    assert read(["a;b\n".encode("utf-16"), b""], TextFormat(separator=";", encoding="UTF-16")) == [
        ["a", "b"]
    ]


def test_an_unknown_encoding_is_a_format_error():
    with pytest.raises(CsvFormatError, match="encoding 'EBCDIC-XYZ' is unknown"):
        RecordDecoder(TextFormat(encoding="EBCDIC-XYZ"))
