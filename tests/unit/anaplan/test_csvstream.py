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


def test_a_record_is_bounded_so_an_open_quote_cannot_hold_the_whole_file():
    stream = CsvStream(max_record=100)
    list(stream.feed("a,b\n"))
    with pytest.raises(CsvFormatError, match=r"line 2: a record runs over 100 .*quote left open"):
        for _ in range(20):
            list(stream.feed('"open,' if _ == 0 else "more text\n"))


def test_a_long_record_under_the_bound_is_read():
    stream = CsvStream(max_record=100)
    assert [r.cells for r in stream.feed("x" * 99 + "\n")] == [["x" * 99]]
