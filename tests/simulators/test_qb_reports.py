"""GeneralSummaryReportQuery: TrialBalance and Profit & Loss by class, cross-checked
against TransactionQuery and AccountQuery."""

from collections import defaultdict

from tests.simulators.conftest import add_journal_entry, one, status


def _period(first: str, last: str) -> str:
    return (
        f"<ReportPeriod><FromReportDate>{first}</FromReportDate>"
        f"<ToReportDate>{last}</ToReportDate></ReportPeriod>"
    )


JUNE = _period("2027-06-01", "2027-06-30")


def _report(session, kind: str, inner: str = JUNE):
    response = one(
        session,
        f"<GeneralSummaryReportQueryRq><GeneralSummaryReportType>{kind}</GeneralSummaryReportType>{inner}</GeneralSummaryReportQueryRq>",
    )
    assert status(response) == 0
    return response.find("ReportRet")


def _cells(row) -> dict[int, str]:
    return {int(cell.get("colID")): cell.get("value") for cell in row.findall("ColData")}


def _columns(report) -> dict[int, str]:
    return {
        int(desc.get("colID")): (desc.find("ColTitle").get("value") or "")
        for desc in report.findall("ColDesc")
    }


def test_trial_balance_balances_and_matches_account_balances(session):
    add_journal_entry(session)
    today = "<ReportPeriod><ToReportDate>2027-07-15</ToReportDate></ReportPeriod>"
    report = _report(session, "TrialBalance", today)
    assert report.findtext("ReportTitle") == "Trial Balance"
    assert report.findtext("ReportSubtitle") == "As of July 15, 2027"
    rows = report.find("ReportData")
    total = _cells(rows.find("TotalRow"))
    assert total[2] == total[3]
    rent = next(
        row
        for row in rows.findall("DataRow")
        if row.find("RowData").get("value") == "Accrued Liabilities:Budget Offset"
    )
    assert _cells(rent) == {1: "2100 · Accrued Liabilities:2130 · Budget Offset", 3: "1500.00"}
    assert int(report.findtext("NumRows")) == len(rows)


def test_profit_and_loss_by_class_matches_transaction_lines(session):
    report = _report(session, "ProfitAndLossByClass")
    columns = _columns(report)
    assert columns[max(columns)] == "TOTAL" and "Risk Advisory" in columns.values()
    expected = _june_lines_by_account_and_class(session)
    for row in report.find("ReportData").findall("DataRow"):
        account = row.find("RowData").get("value")
        for col_id, value in _cells(row).items():
            if col_id in (1, max(columns)):
                continue
            assert float(value) == round(expected[(account, columns[col_id])], 2), (
                account,
                columns[col_id],
            )


def test_profit_and_loss_sections_and_net_income(session):
    rows = list(_report(session, "ProfitAndLossStandard").find("ReportData"))
    labels = {row.get("value") or _cells(row)[1]: row for row in rows}
    assert rows[0].tag == "TextRow" and rows[0].get("value") == "Ordinary Income/Expense"
    total = lambda label: float(_cells(labels[label])[2])  # noqa: E731
    assert rows[-1].tag == "TotalRow"
    other = total("Net Other Income") if "Net Other Income" in labels else 0.0
    net = total("Gross Profit") - total("Total Expense") + other
    assert round(net, 2) == total("Net Income")
    assert "Total 6000 · Payroll Expenses" in labels


def test_class_filter_and_monthly_columns(session):
    one_class = "<ReportClassFilter><FullName>Risk Advisory</FullName></ReportClassFilter>"
    filtered = _report(session, "ProfitAndLossByClass", JUNE + one_class)
    assert set(_columns(filtered).values()) == {"", "Risk Advisory", "TOTAL"}
    year = _period("2027-01-01", "2027-12-31")
    monthly = _report(
        session, "ProfitAndLossStandard", year + "<SummarizeColumnsBy>Month</SummarizeColumnsBy>"
    )
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert list(_columns(monthly).values())[1:] == [*(f"{m} 27" for m in months), "TOTAL"]


def test_report_types_the_simulator_lacks_get_1030(session):
    response = one(
        session,
        "<GeneralSummaryReportQueryRq><GeneralSummaryReportType>SalesByRepSummary</GeneralSummaryReportType></GeneralSummaryReportQueryRq>",
    )
    assert status(response) == 1030


def _june_lines_by_account_and_class(session) -> dict[tuple[str, str], float]:
    rows = one(
        session,
        "<TransactionQueryRq><TransactionDateRangeFilter><FromTxnDate>2027-06-01</FromTxnDate><ToTxnDate>2027-06-30</ToTxnDate></TransactionDateRangeFilter>"
        "<TransactionDetailLevelFilter>AllExceptSummary</TransactionDetailLevelFilter></TransactionQueryRq>",
    ).findall("TransactionRet")
    by_line = {line.line_id: line for txn in session.company.txns.values() for line in txn.lines}
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        line = by_line[row.findtext("TxnLineID")]
        natural = 1 if line.account.debit_normal else -1
        klass = line.qb_class.full_name if line.qb_class else "Unclassified"
        sums[(row.find("AccountRef").findtext("FullName"), klass)] += natural * float(
            row.findtext("Amount")
        )
    return sums
