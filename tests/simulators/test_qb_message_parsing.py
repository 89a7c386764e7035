"""What QuickBooks' parser accepts, and what it answers with an HRESULT instead."""

import pytest

from simulators.quickbooks import PRO_2014, CompanyFile, QuickBooksSession
from tests.simulators.conftest import journal_entry, one, qbxml, responses, status

PARSE_ERROR = "0x80040400"
ACCOUNT_QUERY = '<AccountQueryRq requestID="1"><FullName>Occupancy:Rent</FullName></AccountQueryRq>'


def _hresult(session: QuickBooksSession, text: str) -> str:
    result = session.process(text)
    assert result.response_xml == ""
    return result.hresult


def test_a_valid_message_gets_a_response_shaped_like_quickbooks_own(session):
    result = session.process(qbxml(ACCOUNT_QUERY))
    assert result.hresult == "" and result.message == ""
    assert result.response_xml.startswith('<?xml version="1.0" ?>\n<QBXML>\n')
    assert "<?qbxml" not in result.response_xml


def test_malformed_xml_is_a_parse_error_with_quickbooks_message(session):
    result = session.process(qbxml(ACCOUNT_QUERY).replace("</AccountQueryRq>", ""))
    assert result.hresult == PARSE_ERROR
    assert result.message == "QuickBooks found an error when parsing the provided XML text stream."


def test_a_message_without_the_qbxml_instruction_is_a_parse_error(session):
    text = qbxml(ACCOUNT_QUERY).replace('<?qbxml version="13.0"?>', "")
    assert _hresult(session, text) == PARSE_ERROR


def test_a_qbxml_version_the_product_lacks_is_refused(clock):
    session = QuickBooksSession(CompanyFile(product=PRO_2014, clock=clock))
    assert _hresult(session, qbxml(ACCOUNT_QUERY, version="16.0")) == "0x80040423"
    assert session.process(qbxml(ACCOUNT_QUERY, version="13.0")).hresult == ""


@pytest.mark.parametrize(
    ("description", "body"),
    [
        ("elements out of schema order", journal_entry().replace(
            "<TxnDate>2027-07-01</TxnDate><RefNumber>AP-1</RefNumber>",
            "<RefNumber>AP-1</RefNumber><TxnDate>2027-07-01</TxnDate>")),
        ("an amount with one decimal", journal_entry(amount="1500.5")),
        ("a RefNumber over 11 characters", journal_entry(ref="AP-00012345678")),
        ("a header Memo (not in QuickBooks Desktop)", journal_entry().replace(
            "<RefNumber>AP-1</RefNumber>", "<RefNumber>AP-1</RefNumber><Memo>header</Memo>")),
        ("TaxAmount on a line (not in QuickBooks Desktop)", journal_entry().replace(
            "<Amount>1500.00</Amount><Memo>",
            "<Amount>1500.00</Amount><TaxAmount>1.00</TaxAmount><Memo>")),
        ("an element the schema does not know", ACCOUNT_QUERY.replace(
            "<FullName>", "<Nickname>x</Nickname><FullName>")),
    ],
)  # fmt: skip
def test_what_quickbooks_desktop_cannot_parse(session, company, description, body):
    before = len(company.txns)
    assert _hresult(session, qbxml(body)) == PARSE_ERROR, description
    assert len(company.txns) == before


def test_rollback_on_error_is_refused(session):
    assert _hresult(session, qbxml(ACCOUNT_QUERY, on_error="rollbackOnError")) == PARSE_ERROR


def test_raw_characters_outside_latin1_make_the_message_unparseable(session, company):
    body = journal_entry().replace("<Memo>accrual</Memo>", "<Memo>Zürich 北京</Memo>")
    assert _hresult(session, qbxml(body)) == PARSE_ERROR
    assert not any(txn.ref_number == "AP-1" for txn in company.txns.values())


def test_character_references_outside_latin1_are_stored_as_question_marks(session):
    body = journal_entry().replace("<Memo>accrual</Memo>", "<Memo>Zürich &#x5317;&#x4EAC;</Memo>")
    ret = one(session, body).find("JournalEntryRet")
    assert ret.find("JournalDebitLine").findtext("Memo") == "Zürich ??"


def test_an_iso_8859_1_declared_message_keeps_its_accents(session):
    text = qbxml(journal_entry().replace("accrual", "Régularisation")).replace(
        "utf-8", "ISO-8859-1"
    )
    result = session.process(text)
    assert "Régularisation" in result.response_xml


def test_request_ids_are_echoed_and_absent_ones_stay_absent(session):
    with_id, without_id = responses(
        session, ACCOUNT_QUERY + ACCOUNT_QUERY.replace(' requestID="1"', "")
    )
    assert with_id.get("requestID") == "1"
    assert "requestID" not in without_id.attrib


def test_a_request_id_longer_than_50_characters_gets_1060(session):
    response = one(session, ACCOUNT_QUERY.replace('requestID="1"', f'requestID="{"r" * 51}"'))
    assert status(response) == 1060
    assert response.get("statusSeverity") == "Error"
    assert "max 50 chars" in response.get("statusMessage")


def test_stop_on_error_stops_without_rolling_back(session, company):
    body = (
        journal_entry(ref="FIRST", request_id="1")
        + journal_entry(debit="No Such Account", ref="SECOND", request_id="2")
        + journal_entry(ref="THIRD", request_id="3")
    )
    first, second = responses(session, body)
    assert (status(first), status(second)) == (0, 3140)
    refs = {txn.ref_number for txn in company.txns.values()}
    assert "FIRST" in refs and "THIRD" not in refs


def test_continue_on_error_processes_every_request(session, company):
    body = journal_entry(debit="No Such Account", ref="SECOND", request_id="2") + journal_entry(
        ref="THIRD"
    )
    failed, ok = responses(session, body, on_error="continueOnError")
    assert (status(failed), status(ok)) == (3140, 0)
    assert any(txn.ref_number == "THIRD" for txn in company.txns.values())


def test_warnings_do_not_stop_a_stop_on_error_message(session):
    partial = (
        '<AccountQueryRq requestID="1"><ListID>nope</ListID><ListID>{}</ListID></AccountQueryRq>'
    )
    rent = one(session, ACCOUNT_QUERY).find("AccountRet").findtext("ListID")
    warned, after = responses(session, partial.format(rent) + ACCOUNT_QUERY)
    assert (status(warned), warned.get("statusSeverity"), status(after)) == (500, "Warn", 0)


def test_requests_the_simulator_does_not_implement_get_1030(session):
    response = one(
        session,
        '<CustomerQueryRq requestID="9"><FullName>Atlas Freight Lines</FullName></CustomerQueryRq>',
    )
    assert response.tag == "CustomerQueryRs"
    assert (status(response), response.get("statusSeverity")) == (1030, "Error")


def test_response_data_include_none_returns_statuses_only(session):
    response = one(session, journal_entry(), extra=' responseData="includeNone"')
    assert status(response) == 0 and len(response) == 0
