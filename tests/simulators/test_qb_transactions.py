"""TransactionQuery over the whole ledger: rows, detail levels and filters."""

from tests.simulators.conftest import add_journal_entry, one

JUNE = (
    "<TransactionDateRangeFilter><FromTxnDate>2027-06-01</FromTxnDate>"
    "<ToTxnDate>2027-06-30</ToTxnDate></TransactionDateRangeFilter>"
)


def _rows(session, inner: str) -> list:
    return one(session, f"<TransactionQueryRq>{inner}</TransactionQueryRq>").findall(
        "TransactionRet"
    )


def test_summary_rows_by_default_one_per_transaction(session, company):
    rows = _rows(session, "")
    assert len(rows) == len(company.txns)
    assert all(row.find("TxnLineID") is None for row in rows)
    assert {row.findtext("TxnType") for row in rows} == {
        "Invoice",
        "Bill",
        "Check",
        "Deposit",
        "JournalEntry",
    }


def test_a_check_summary_is_the_bank_credit_and_its_lines_are_the_expenses(session):
    check = next(row for row in _rows(session, "") if row.findtext("TxnType") == "Check")
    by_ref = f"<RefNumber>{check.findtext('RefNumber')}</RefNumber>"
    lines = _rows(
        session,
        f"{by_ref}<TransactionDetailLevelFilter>AllExceptSummary</TransactionDetailLevelFilter>",
    )
    assert check.find("AccountRef").findtext("FullName") == "Operating Checking"
    assert float(check.findtext("Amount")) < 0
    assert all(line.findtext("TxnLineID") for line in lines)
    assert sum(float(line.findtext("Amount")) for line in lines) == -float(check.findtext("Amount"))


def test_detail_level_all_gives_summary_and_lines(session):
    add_journal_entry(session, ref="JE-ALL")
    rows = _rows(
        session,
        "<RefNumber>JE-ALL</RefNumber><TransactionDetailLevelFilter>All</TransactionDetailLevelFilter>",
    )
    assert [row.find("TxnLineID") is None for row in rows] == [True, False, False]
    assert [row.findtext("Amount") for row in rows] == ["1500.00", "1500.00", "-1500.00"]


def test_class_account_type_and_transaction_type_filters(session):
    detail = "<TransactionDetailLevelFilter>AllExceptSummary</TransactionDetailLevelFilter>"
    by_class = _rows(
        session,
        f"{JUNE}<TransactionClassFilter><FullName>Risk Advisory</FullName>"
        f"</TransactionClassFilter>{detail}",
    )
    by_type = _rows(
        session,
        f"{JUNE}<TransactionAccountFilter><AccountTypeFilter>OrdinaryIncome</AccountTypeFilter></TransactionAccountFilter>{detail}",
    )
    bills = _rows(
        session,
        f"{JUNE}<TransactionTypeFilter><TxnTypeFilter>Bill</TxnTypeFilter></TransactionTypeFilter>",
    )
    assert by_class and by_type and bills
    assert {row.findtext("TxnDate")[:7] for row in by_class + by_type + bills} == {"2027-06"}
    assert {row.findtext("TxnType") for row in bills} == {"Bill"}
    income = {"Professional Fees:Consulting Fees", "Professional Fees:Advisory Retainers",
              "Professional Fees:Implementation Services", "Reimbursed Expenses"}  # fmt: skip
    assert {row.find("AccountRef").findtext("FullName") for row in by_type} <= income


def test_txn_ids_select_summary_rows(session):
    txn_id = add_journal_entry(session).findtext("TxnID")
    (row,) = _rows(session, f"<TxnID>{txn_id}</TxnID>")
    assert (row.findtext("TxnType"), row.findtext("Amount")) == ("JournalEntry", "1500.00")


def test_modified_date_filter(session, clock):
    clock.advance(86400)
    add_journal_entry(session, ref="LATE")
    rows = _rows(
        session,
        "<TransactionModifiedDateRangeFilter><FromModifiedDate>2027-07-16</FromModifiedDate></TransactionModifiedDateRangeFilter>",
    )
    assert [row.findtext("RefNumber") for row in rows] == ["LATE"]
