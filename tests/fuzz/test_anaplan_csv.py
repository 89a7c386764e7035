"""Fuzzing the Anaplan CSV readers: exports (bytes in chunks cut anywhere -> records ->
plan cells), import failure dumps, numbers, period labels and mapping files. Each gives
its values or its own error naming the line -- never another exception, never a value
that depends on where the chunks were cut."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from adapters.anaplan.dumps import DumpReader
from adapters.anaplan.objects import TextFormat
from adapters.anaplan.textstream import RecordDecoder
from domain.amounts import MalformedAmount, format_amount, parse_amount
from domain.connection import ExportLayout, PlanColumns, PlanExport
from domain.csvstream import CsvFormatError
from domain.mapping import BadMappingFile, mapping_csv, parse_mapping_csv
from domain.period import UnknownPeriodFormat, parse_period
from domain.plan import PlanFormatError, PlanReader
from tests.fuzz.strategies import ARABIC_123, NUMBERISH

SINGLE = PlanExport(
    action="Plan",
    layout=ExportLayout.SINGLE_COLUMN,
    columns=PlanColumns(
        account="Account", cost_center="CC", version="Versions", period="Time", amount="Value"
    ),
)
MULTI = PlanExport(
    action="Plan",
    layout=ExportLayout.MULTI_COLUMN,
    columns=PlanColumns(account="Account", cost_center="CC", version="Versions"),
)
FORMATS = [
    TextFormat(),
    TextFormat(separator="\t", encoding="ISO-8859-1"),
    TextFormat(separator=";", delimiter="'", encoding="UTF-16"),
]
cell = st.one_of(
    NUMBERISH,
    st.sampled_from(["Jan 27", "Feb 27", "Jan 1800", "Q1 FY27", "Rent", "Budget", ""]),
    st.text(max_size=12),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=7), max_size=8)
headers = st.sampled_from(
    [
        ["Account", "CC", "Versions", "Time", "Value"],
        ["Account", "CC", "Versions", "Jan 27", "Feb 27", "FY27"],
        ["Account", "Versions", "Value"],
    ]
)


def written(records: list[list[str]], text: TextFormat) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=text.separator, quotechar=text.delimiter).writerows(records)
    return out.getvalue().encode(text.encoding, errors="replace")


def chunked(data: bytes, cuts: list[float]) -> list[bytes]:
    points = sorted({int(cut * len(data)) for cut in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


def plan(pieces: list[bytes], text: TextFormat, export: PlanExport) -> tuple[str, object]:
    """The cells, or the error's text: what a caller would get."""
    decoder, reader = RecordDecoder(text), PlanReader(export, "MMM YY")
    cells = []
    try:
        for index, piece in enumerate(pieces):
            for record in decoder.feed(piece, final=index == len(pieces) - 1):
                cells.extend(reader.cells(record))
    except (CsvFormatError, PlanFormatError) as error:
        assert str(error).startswith("line ")
        return "error", str(error)
    return "cells", cells


cuts = st.lists(st.floats(0, 1), max_size=6)


@given(headers, rows, st.sampled_from(FORMATS), st.sampled_from([SINGLE, MULTI]), cuts, st.binary())
@example(
    ["Account", "CC", "Versions", "Time", "Value"],
    [["Rent", "Ops", "Budget", "Jan 1800", "1"]],
    FORMATS[0],
    SINGLE,
    [],
    b"",
)
def test_exports_read_the_same_however_they_are_cut(header, body, text, export, cuts, tail):
    data = written([header, *body], text) + tail
    whole = plan([data, b""], text, export)
    assert plan([*chunked(data, cuts), b""], text, export) == whole
    if whole[0] == "cells":
        for found in whole[1]:
            assert found.amount.is_finite() and found.account and found.version


@given(st.binary(max_size=400), st.sampled_from(FORMATS), cuts)
@example(b'"open quote\n' + b"x" * 100, FORMATS[0], [])
@example(b"\xff\xfe\xfa", FORMATS[0], [0.5])
@example(b"a,b\rc\n", FORMATS[0], [])
@example(b"a,\x00b\n", FORMATS[0], [])
def test_any_bytes_are_records_or_an_error_naming_a_line(data, text, cuts):
    for export in (SINGLE, MULTI):
        plan([*chunked(data, cuts), b""], text, export)


unmarked_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufeff"), max_size=20
)


@given(st.lists(st.lists(unmarked_text, min_size=1, max_size=5), min_size=1, max_size=6), cuts)
def test_what_csv_writes_the_stream_reads_back_in_any_pieces(records, cuts):
    data = written(records, TextFormat())
    decoder = RecordDecoder(TextFormat())
    pieces = [*chunked(data, cuts), b""]
    read = [r.cells for i, p in enumerate(pieces) for r in decoder.feed(p, i == len(pieces) - 1)]
    assert read == records


@given(st.one_of(NUMBERISH, st.text(max_size=30)))
@example("1e-999999999")
@example(ARABIC_123)
def test_numbers_are_values_none_or_malformed(text):
    try:
        value = parse_amount(text)
    except MalformedAmount as error:
        assert repr(text[:40]) in str(error)
        return
    if value is not None:
        assert value.is_finite()
        assert len(format_amount(value)) < 700  # a double's digits, never a billion zeros
        assert Decimal(format_amount(value)) == value


@given(st.text(max_size=20), st.sampled_from(["MMM YY", "YYYY-MM", "MMM YYYY", "MM/YYYY"]))
@example("Jan 1800", "MMM YYYY")
def test_labels_are_a_period_or_none(label, period_format):
    period = parse_period(label, period_format)
    assert period is None or parse_period(period.label(period_format), period_format) == period


@given(st.text(max_size=12))
def test_a_period_format_is_usable_or_refused_up_front(period_format):
    try:
        parse_period("Jan 27", period_format)
    except UnknownPeriodFormat as error:
        assert period_format in str(error) or repr(period_format) in str(error)


@given(st.binary(max_size=300), cuts)
@example(b"_Status_,A,_Line_,_Error_1_\nE,x,\xd9\xa3,bad\n", [])
@example("_Status_,A,_Line_,_Error_1_\nE,x,\u00b2,bad\n".encode(), [])
def test_dumps_read_or_fail_with_a_line(data, cuts):
    reader = DumpReader()
    pieces = chunked(data, cuts)
    try:
        for index, piece in enumerate(pieces):
            reader.feed(piece, final=index == len(pieces) - 1)
    except CsvFormatError as error:
        assert str(error).startswith("line ")
        return
    assert all(row.line is None or row.line >= 0 for row in reader.rows)


MAPPING_HEADER = "kind,anaplan_member,quickbooks_name\n"
mapping_rows = st.lists(
    st.tuples(
        st.sampled_from(["account", "class", "Account", "other", ""]),
        st.text(max_size=15),
        st.text(max_size=15),
    ),
    max_size=6,
)


def mapping_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return MAPPING_HEADER + out.getvalue()


@given(st.one_of(mapping_rows.map(mapping_text), st.text(max_size=200).map(MAPPING_HEADER.__add__)))
@example(MAPPING_HEADER + 'account,"' + "x" * 200_000 + '",b\n')
@example(MAPPING_HEADER + "account,a\rb,c\n")
@example(MAPPING_HEADER + "account,a\x00,b\n")
@example(MAPPING_HEADER + 'account,"open,b\n')
def test_mapping_files_are_rules_or_a_list_of_problems(text):
    try:
        mapping = parse_mapping_csv(text)
    except BadMappingFile as error:
        assert error.problems and all(problem for problem in error.problems)
        return
    for rule in mapping.rules:
        names = rule.anaplan_member + rule.quickbooks_name
        assert names.isprintable() or not any(ord(c) < 32 for c in names)
    assert parse_mapping_csv(mapping_csv(mapping)) == mapping
