"""Fuzzing the qbXML response parser: whatever QuickBooks (or something pretending to be
it) hands back, parsing either gives well-typed records or raises UnreadableResponse with
a message -- never another exception, never a NaN amount or an impossible time stamp."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from adapters.qbxml.hcp import company_file_facts
from adapters.qbxml.parse import UnreadableResponse, parse_response
from domain.qbwc.versions import negotiate
from domain.qbxml.timestamps import QbTimestamp
from tests.fuzz.qbxml_documents import document, responses
from tests.fuzz.strategies import FULLWIDTH_2027, xml_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qbwc"
OFFSET = re.compile(r"[+-](0[0-9]|1[0-4]):[0-5][0-9]")


def values(record: object):
    """A record and every value in it, nested records and tuples included."""
    yield record
    if dataclasses.is_dataclass(record):
        for item in dataclasses.fields(record):
            yield from values(getattr(record, item.name))
    elif isinstance(record, tuple):
        for item in record:
            yield from values(item)


def assert_well_typed(text: str) -> None:
    try:
        parsed = parse_response(text)
    except UnreadableResponse as error:
        assert str(error)
        return
    for response in parsed:
        assert isinstance(response.status.code, int)
        for value in values(response.records):
            if isinstance(value, Decimal):
                assert value.is_finite() and abs(value) < Decimal(10) ** 15, value
            if isinstance(value, QbTimestamp):
                assert value.offset is None or re.fullmatch(
                    r"[+-](0\d|1[0-4]):[0-5]\d", value.offset
                )


def one(kind: str, ret: str, tag: str, value: str) -> list:
    """A response with one record holding one field: how found cases are kept."""
    return [(kind, {}, [(ret, {}, None, [(tag, {}, value, [])])])]


@given(responses)
@example(one("JournalEntryAdd", "JournalEntryRet", "Amount", "NaN"))
@example(one("AccountQuery", "AccountRet", "Balance", "1E+999999999"))
@example(one("TransactionQuery", "TransactionRet", "Amount", "1_000"))
@example(one("TransactionQuery", "TransactionRet", "TimeModified", FULLWIDTH_2027 + "-07-15"))
@example(one("TransactionQuery", "TransactionRet", "TimeModified", "2027-07-15T10:00:00+99:00"))
def test_generated_responses_read_cleanly_or_are_refused_with_a_reason(answers):
    assert_well_typed(document(answers))


@given(st.text(max_size=300))
@example("")
@example("<QBXML>")
@example("<?xml version='1.0'?><QBXML><QBXMLMsgsRs/></QBXML>")
@example(
    "<QBXML><QBXMLMsgsRs><AccountQueryRs><?pi x?><!-- c --></AccountQueryRs></QBXMLMsgsRs></QBXML>"
)
def test_any_text_reads_cleanly_or_is_refused_with_a_reason(text):
    assert_well_typed(text)


FIXTURE_TEXTS = sorted(
    path.read_text() for path in FIXTURES.glob("*.xml") if "Rs" in path.name or "HCP" in path.name
)


@given(
    st.sampled_from(FIXTURE_TEXTS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 8), xml_text), min_size=1, max_size=4),
)
def test_captured_responses_with_random_edits_read_cleanly_or_are_refused(original, edits):
    text = original
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    assert_well_typed(text)


@given(responses, st.integers(0, 99), st.integers(0, 99))
@example(
    [("HostQuery", {}, [("HostRet", {}, None, [("SupportedQBXMLVersion", {}, "1" * 5000, [])])])],
    13,
    0,
)
def test_a_company_file_report_never_stops_a_session(answers, major, minor):
    facts = company_file_facts(
        document(answers), company_file="C:\\a.qbw", country="US", major=major, minor=minor,
        owner_id="{0}",
    )  # fmt: skip
    negotiate("13.0", facts.reported_version, facts.supported_versions)
