"""Every request the product can send renders to qbXML that Intuit's 13.0 schema accepts,
in schema order, with the declaration, the version instruction, onError and requestIDs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from adapters.qbxml import builders
from adapters.qbxml.render import OutgoingRequest, render_message
from adapters.qbxml.schema import SchemaViolation
from domain.qbxml.requests import JournalEntryQuery, TransactionQuery
from domain.qbxml.rules import prepared
from tests.support.qbxml import every_request, journal_entry

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "adapters" / "qbxml" / "schema" / "13.0" / "qbxmlops130.xsd"
REQUESTS = every_request()


def independent_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def parsed(text: str) -> etree._Element:
    return etree.fromstring(text.split("\n", 2)[2].encode())


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_request_renders_schema_valid_qbxml(name):
    request = prepared(REQUESTS[name])
    iteration = "Start" if request.ITERABLE and not getattr(request, "txn_ids", ()) else None
    text = render_message("13.0", [OutgoingRequest("7.1", request, iteration)])
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="13.0"?>\n')
    document = parsed(text)
    assert independent_schema().validate(document), independent_schema().error_log
    (rq,) = document.find("QBXMLMsgsRq")
    assert rq.tag == f"{request.KIND}Rq" and rq.get("requestID") == "7.1"


def test_several_requests_share_one_message_with_continue_on_error():
    text = render_message(
        "13.0",
        [OutgoingRequest(f"1.{i}", prepared(r)) for i, r in enumerate(REQUESTS.values(), 1)],
    )
    messages = parsed(text).find("QBXMLMsgsRq")
    assert messages.get("onError") == "continueOnError"
    assert len(messages) == len(REQUESTS)


def test_journal_entries_never_carry_a_header_memo_and_keep_schema_order():
    add = parsed(render_message("13.0", [OutgoingRequest("1", journal_entry())]))
    entry = add.find(".//JournalEntryAdd")
    assert [child.tag for child in entry] == [
        "TxnDate",
        "RefNumber",
        "JournalDebitLine",
        "JournalCreditLine",
    ]
    debit = entry.find("JournalDebitLine")
    assert [child.tag for child in debit] == ["AccountRef", "Amount", "Memo", "ClassRef"]
    assert debit.findtext("Amount") == "1500.00"


def test_iterator_attributes_are_written_for_start_and_continue():
    query = TransactionQuery(max_returned=100)
    start = parsed(render_message("13.0", [OutgoingRequest("1", query, "Start")]))
    assert start.find(".//TransactionQueryRq").get("iterator") == "Start"
    more = parsed(
        render_message("13.0", [OutgoingRequest("2", query, "Continue", "{eb05f701-e727}")])
    )
    rq = more.find(".//TransactionQueryRq")
    assert (rq.get("iterator"), rq.get("iteratorID")) == ("Continue", "{eb05f701-e727}")


def test_requests_without_iterators_refuse_iterator_attributes():
    with pytest.raises(SchemaViolation, match="no iterator"):
        render_message("13.0", [OutgoingRequest("1", REQUESTS["AccountQuery"], "Start")])


def test_the_negotiated_version_is_written_in_the_instruction():
    text = render_message("16.0", [OutgoingRequest("1", JournalEntryQuery(ref_numbers=("A",)))])
    assert '<?qbxml version="16.0"?>' in text


def test_a_renderer_bug_is_caught_before_sending(monkeypatch):
    def out_of_order(rq, add):
        entry = etree.SubElement(rq, "JournalEntryAdd")
        etree.SubElement(entry, "RefNumber").text = add.ref_number
        etree.SubElement(entry, "TxnDate").text = add.txn_date.isoformat()

    monkeypatch.setitem(builders._BUILDERS, type(journal_entry()), out_of_order)
    with pytest.raises(SchemaViolation, match=r"13\.0 schema"):
        render_message("13.0", [OutgoingRequest("1", journal_entry())])


def test_text_outside_latin1_never_reaches_quickbooks():
    with pytest.raises(SchemaViolation, match="Latin-1"):
        render_message("13.0", [OutgoingRequest("1", journal_entry(memo="\u9884\u7b97"))])


def test_request_ids_are_limited_to_fifty_characters():
    with pytest.raises(SchemaViolation, match="longer than 50"):
        render_message("13.0", [OutgoingRequest("x" * 51, journal_entry())])
