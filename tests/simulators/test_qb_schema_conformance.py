"""Every response validates against qbXML 13.0 (the `responses` helper checks it for
each test); here a broad message, error responses and the shapes of real captures."""

from pathlib import Path

from lxml import etree

from tests.simulators.conftest import add_journal_entry, qbxml, valid_response

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qbwc"

EVERYTHING = (
    '<HostQueryRq requestID="1"/><CompanyQueryRq requestID="2"/><PreferencesQueryRq requestID="3"/>'
    '<AccountQueryRq requestID="4"><ActiveStatus>All</ActiveStatus></AccountQueryRq>'
    '<ClassQueryRq requestID="5"/>'
    '<JournalEntryQueryRq requestID="6"><IncludeLineItems>true</IncludeLineItems>'
    "</JournalEntryQueryRq>"
    '<TransactionQueryRq requestID="7"><TransactionDetailLevelFilter>All'
    "</TransactionDetailLevelFilter></TransactionQueryRq>"
    '<TxnDeletedQueryRq requestID="8"><TxnDelType>JournalEntry</TxnDelType></TxnDeletedQueryRq>'
    '<GeneralSummaryReportQueryRq requestID="9"><GeneralSummaryReportType>TrialBalance'
    "</GeneralSummaryReportType></GeneralSummaryReportQueryRq>"
    '<GeneralSummaryReportQueryRq requestID="10"><GeneralSummaryReportType>ProfitAndLossByClass'
    "</GeneralSummaryReportType></GeneralSummaryReportQueryRq>"
    '<JournalEntryAddRq requestID="11"><JournalEntryAdd><JournalDebitLine><AccountRef>'
    "<FullName>Nope</FullName></AccountRef><Amount>1.00</Amount></JournalDebitLine>"
    "</JournalEntryAdd></JournalEntryAddRq>"
    '<CustomerQueryRq requestID="12"/>'
)


def test_every_kind_of_response_is_valid_qbxml_13(session):
    txn_id = add_journal_entry(session, ref="GONE").findtext("TxnID")
    session.process(
        qbxml(f"<TxnDelRq><TxnDelType>JournalEntry</TxnDelType><TxnID>{txn_id}</TxnID></TxnDelRq>")
    )
    result = session.process(qbxml(EVERYTHING, on_error="continueOnError"))
    messages = valid_response(result.response_xml).find("QBXMLMsgsRs")
    assert [response.get("requestID") for response in messages] == [str(n) for n in range(1, 13)]
    assert all(len(response) for response in messages[:10])


def test_journal_entry_ret_has_the_element_order_of_a_real_quickbooks_response(session):
    real = etree.parse(str(FIXTURES / "JournalEntryAddRs.status0.xml")).find(".//JournalEntryRet")
    ours = add_journal_entry(session, klass=None)
    assert [child.tag for child in ours] == [
        child.tag for child in real if child.tag not in ("JournalCreditLine",)
    ] + ["JournalCreditLine"]
    real_line = [child.tag for child in real.find("JournalDebitLine")]
    assert [child.tag for child in ours.find("JournalCreditLine")] == real_line


def test_the_hcp_response_has_the_shape_qbwc_sends(session):
    ours = valid_response(session.hcp_response("{3C1A86E2-7D4B-4F0A-9E55-2B8D41C7A9F3}"))
    real = etree.parse(
        str(FIXTURES / "HostQuery-CompanyQuery-PreferencesQuery.strHCPResponse.QBPro2006.xml")
    )

    def shape(root: etree._Element) -> list[tuple[str, str, str]]:
        return [(rs.tag, rs.get("requestID"), rs[0].tag) for rs in root.find("QBXMLMsgsRs")]

    assert shape(ours) == shape(real.getroot())
    data_ext = ours.find(".//CompanyRet/DataExtRet")
    assert data_ext.findtext("DataExtName") == "FileID"
