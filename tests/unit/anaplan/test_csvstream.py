"""Records come out whole however the text was cut into pieces."""

import pytest

from domain.csvstream import CsvFormatError, CsvRecord, CsvStream

TEXT = 'a,b\r\n"x\ny",2\n"say ""hi""",3\n\nlast,"4"'
RECORDS = [
    CsvRecord(1, ["a", "b"]),
    CsvRecord(2, ["x\ny", "2"]),
    CsvRecord(4, ['say "hi"', "3"]),
    CsvRecord(5, []),
    CsvRecord(6, ["last", "4"]),
]


def parse(pieces, **dialect):
    stream = CsvStream(**dialect)
    records = [record for piece in pieces for record in stream.feed(piece)]
    return records + list(stream.close())


@pytest.mark.parametrize("cut", range(len(TEXT) + 1))
def test_any_cut_gives_the_same_records(cut):
    assert parse([TEXT[:cut], TEXT[cut:]]) == RECORDS


def test_one_character_at_a_time():
    assert parse(list(TEXT)) == RECORDS


def test_other_separators_and_quotes():
    assert parse(["a\t'b\tc'\n1\t2\n"], separator="\t", quotechar="'") == [
        CsvRecord(1, ["a", "b\tc"]),
        CsvRecord(2, ["1", "2"]),
    ]


def test_a_quote_left_open_is_an_error_naming_its_line():
    with pytest.raises(CsvFormatError, match="line 2"):
        parse(['a,b\n"open,1\nstill open\n'])


def test_a_stray_quote_is_an_error_naming_its_line():
    stream = CsvStream()
    with pytest.raises(CsvFormatError, match="line 2"):
        list(stream.feed('a,b\n"x"y,2\n'))
