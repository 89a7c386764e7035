"""JournalEntryAdd / Query / Mod, TxnDel, TxnVoid and TxnDeletedQuery."""

from simulators.quickbooks import CompanyFile, CompanySettings, QuickBooksSession
from tests.simulators.conftest import add_journal_entry, journal_entry, one, responses, status

BUDGET_OFFSET = "Accrued Liabilities:Budget Offset"


def _balance(session: QuickBooksSession, account: str) -> str:
    response = one(session, f"<AccountQueryRq><FullName>{account}</FullName></AccountQueryRq>")
    return response.find("AccountRet").findtext("Balance")


def _query(session: QuickBooksSession, inner: str, **attributes: str) -> list:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return one(session, f"<JournalEntryQueryRq{attrs}>{inner}</JournalEntryQueryRq>")


def _mod(ret, lines: str = "", header: str = "") -> str:
    return (
        '<JournalEntryModRq requestID="m"><JournalEntryMod>'
        f"<TxnID>{ret.findtext('TxnID')}</TxnID><EditSequence>{ret.findtext('EditSequence')}</EditSequence>"
        f"{header}{lines}</JournalEntryMod></JournalEntryModRq>"
    )


def test_an_added_entry_carries_ids_and_moves_balances(session):
    before = _balance(session, BUDGET_OFFSET)
    ret = add_journal_entry(session)
    assert [child.tag for child in ret][:7] == [
        "TxnID", "TimeCreated", "TimeModified", "EditSequence", "TxnNumber", "TxnDate", "RefNumber",
    ]  # fmt: skip
    debit, credit = ret.find("JournalDebitLine"), ret.find("JournalCreditLine")
    assert debit.findtext("TxnLineID") != credit.findtext("TxnLineID")
    assert debit.find("ClassRef").findtext("FullName") == "IT & Facilities"
    assert float(_balance(session, BUDGET_OFFSET)) == float(before) + 1500


def test_an_unbalanced_entry_is_refused_and_not_recorded(session, company):
    body = journal_entry().replace(
        "<Amount>1500.00</Amount></JournalCreditLine>",
        "<Amount>1400.00</Amount></JournalCreditLine>",
    )
    before = len(company.txns)
    response = one(session, body)
    assert status(response) == 3180
    assert "Transaction not in balance" in response.get("statusMessage")
    assert len(company.txns) == before


def test_unknown_account_and_class_references_get_3140(session):
    account = one(session, journal_entry(debit="Moon Rent"))
    klass = one(session, journal_entry(klass="Moon Office"))
    assert status(account) == status(klass) == 3140
    assert 'QuickBooks Account "Moon Rent" in the JournalEntry' in account.get("statusMessage")
    assert 'QuickBooks Class "Moon Office"' in klass.get("statusMessage")


def test_an_inactive_account_cannot_be_posted_to(session):
    response = one(session, journal_entry(debit="Fax Services"))
    assert status(response) == 3140
    assert "Fax Services" in response.get("statusMessage")


def test_class_references_need_class_tracking(clock):
    company = CompanyFile(CompanySettings(class_tracking=False), clock=clock)
    company.add_account("Rent", "Expense")
    company.add_account("Accrued", "OtherCurrentLiability")
    session = QuickBooksSession(company)
    response = one(session, journal_entry(debit="Rent", credit="Accrued", klass="Anything"))
    assert status(response) == 3250
    assert add_journal_entry(session, debit="Rent", credit="Accrued", klass=None) is not None


def test_a_missing_ref_number_is_assigned_from_the_journal_sequence(session):
    add_journal_entry(session, ref="4711")
    assert add_journal_entry(session, ref=None).findtext("RefNumber") == "4712"


def test_query_by_ref_number_ignores_case_and_returns_lines_only_on_request(session):
    add_journal_entry(session, ref="Ap-Case")
    bare = _query(session, "<RefNumber>AP-CASE</RefNumber>")
    with_lines = _query(
        session, "<RefNumber>ap-case</RefNumber><IncludeLineItems>true</IncludeLineItems>"
    )
    assert bare.find("JournalEntryRet").find("JournalDebitLine") is None
    assert len(with_lines.find("JournalEntryRet").findall("JournalDebitLine")) == 1


def test_query_by_txn_id_warns_about_missing_ids_and_fails_when_all_are_missing(session):
    txn_id = add_journal_entry(session).findtext("TxnID")
    partial = _query(session, f"<TxnID>{txn_id}</TxnID><TxnID>DEAD-1</TxnID>")
    missing = _query(session, "<TxnID>DEAD-1</TxnID>")
    assert (status(partial), len(partial.findall("JournalEntryRet"))) == (500, 1)
    assert status(missing) == 3120 and '"DEAD-1"' in missing.get("statusMessage")


def test_query_with_no_match_is_status_1_info(session):
    response = _query(session, "<RefNumber>NOTHING</RefNumber>")
    assert (status(response), response.get("statusSeverity")) == (1, "Info")


def test_filters_select_by_ref_prefix_date_and_account_with_children(session):
    add_journal_entry(session, ref="ZZ-1", txn_date="2027-07-02")
    add_journal_entry(session, ref="ZZ-2", txn_date="2027-07-09", debit="Technology:IT Support")
    prefix = (
        "<RefNumberFilter><MatchCriterion>StartsWith</MatchCriterion>"
        "<RefNumber>zz-</RefNumber></RefNumberFilter>"
    )
    dated = "<TxnDateRangeFilter><FromTxnDate>2027-07-05</FromTxnDate></TxnDateRangeFilter>"
    account = (
        "<AccountFilter><FullNameWithChildren>Technology</FullNameWithChildren></AccountFilter>"
    )

    def refs(response) -> set[str]:
        return {ret.findtext("RefNumber") for ret in response.findall("JournalEntryRet")}

    assert refs(_query(session, f"<MaxReturned>50</MaxReturned>{prefix}")) == {"ZZ-1", "ZZ-2"}
    assert refs(_query(session, f"{dated}{prefix}")) == {"ZZ-2"}
    assert "ZZ-2" in refs(_query(session, f"{dated}{account}")) and "ZZ-1" not in refs(
        _query(session, account)
    )


def test_include_ret_element_trims_the_ret(session):
    add_journal_entry(session, ref="TRIM")
    inner = (
        "<RefNumber>TRIM</RefNumber><IncludeRetElement>TxnID</IncludeRetElement>"
        "<IncludeRetElement>EditSequence</IncludeRetElement>"
    )
    ret = _query(session, inner).find("JournalEntryRet")
    assert [child.tag for child in ret] == ["TxnID", "EditSequence"]


def test_mod_with_a_stale_edit_sequence_gets_3200(session, company, clock):
    ret = add_journal_entry(session)
    clock.advance(5)
    company.touch(ret.findtext("TxnID"))
    response = one(session, _mod(ret, header="<RefNumber>NEW</RefNumber>"))
    assert status(response) == 3200
    assert (
        response.get("statusMessage")
        == f'The provided edit sequence "{ret.findtext("EditSequence")}" is out-of-date. '
    )


def test_mod_changes_the_listed_lines_adds_minus_one_and_drops_the_rest(session, clock):
    ret = add_journal_entry(session)
    debit, credit = ret.find("JournalDebitLine"), ret.find("JournalCreditLine")
    lines = (
        f"<JournalLineMod><TxnLineID>{debit.findtext('TxnLineID')}</TxnLineID><Amount>1000.00</Amount></JournalLineMod>"
        "<JournalLineMod><TxnLineID>-1</TxnLineID><JournalLineType>Debit</JournalLineType>"
        "<AccountRef><FullName>Occupancy:Utilities</FullName></AccountRef><Amount>500.00</Amount></JournalLineMod>"
        f"<JournalLineMod><TxnLineID>{credit.findtext('TxnLineID')}</TxnLineID></JournalLineMod>"
    )
    clock.advance(60)
    modded = one(session, _mod(ret, lines)).find("JournalEntryRet")
    debits = modded.findall("JournalDebitLine")
    assert [line.findtext("Amount") for line in debits] == ["1000.00", "500.00"]
    assert debits[0].findtext("TxnLineID") == debit.findtext("TxnLineID")
    assert debits[0].find("ClassRef").findtext("FullName") == "IT & Facilities"
    assert modded.findtext("EditSequence") != ret.findtext("EditSequence")
    assert modded.findtext("TimeModified") > ret.findtext("TimeModified")

    only_credit = (
        f"<JournalLineMod><TxnLineID>{credit.findtext('TxnLineID')}</TxnLineID></JournalLineMod>"
    )
    assert status(one(session, _mod(modded, only_credit))) == 3180


def test_an_unbalanced_mod_leaves_the_entry_as_it_was(session, company):
    ret = add_journal_entry(session)
    debit_id = ret.find("JournalDebitLine").findtext("TxnLineID")
    lines = (
        f"<JournalLineMod><TxnLineID>{debit_id}</TxnLineID><Amount>1.00</Amount></JournalLineMod>"
    )
    credit_id = ret.find("JournalCreditLine").findtext("TxnLineID")
    lines += f"<JournalLineMod><TxnLineID>{credit_id}</TxnLineID></JournalLineMod>"
    assert status(one(session, _mod(ret, lines))) == 3180
    txn = company.txns[ret.findtext("TxnID")]
    assert [line.amount for line in txn.lines] == [150000, 150000]
    assert txn.edit_sequence == ret.findtext("EditSequence")


def test_mod_with_an_unknown_line_id_gets_3000(session):
    ret = add_journal_entry(session)
    response = one(
        session, _mod(ret, "<JournalLineMod><TxnLineID>0-0</TxnLineID></JournalLineMod>")
    )
    assert status(response) == 3000


def test_a_header_only_mod_keeps_lines_and_the_edit_sequence_changes_even_within_a_second(session):
    ret = add_journal_entry(session)
    first = one(session, _mod(ret, header="<RefNumber>R2</RefNumber>")).find("JournalEntryRet")
    second = one(session, _mod(first, header="<TxnDate>2027-07-03</TxnDate>")).find(
        "JournalEntryRet"
    )
    assert (
        len(
            {
                ret.findtext("EditSequence"),
                first.findtext("EditSequence"),
                second.findtext("EditSequence"),
            }
        )
        == 3
    )
    assert (second.findtext("RefNumber"), second.findtext("TxnDate")) == ("R2", "2027-07-03")
    assert len(second.findall("JournalDebitLine")) == 1


def test_deleted_entries_vanish_reverse_their_postings_and_are_listed_as_deleted(session, clock):
    before = _balance(session, BUDGET_OFFSET)
    ret = add_journal_entry(session, ref="DEL-ME")
    clock.advance(3600)
    deleted = one(
        session,
        f"<TxnDelRq><TxnDelType>JournalEntry</TxnDelType><TxnID>{ret.findtext('TxnID')}</TxnID></TxnDelRq>",
    )
    assert [child.tag for child in deleted] == ["TxnDelType", "TxnID", "TimeDeleted", "RefNumber"]
    assert status(_query(session, "<RefNumber>DEL-ME</RefNumber>")) == 1
    assert _balance(session, BUDGET_OFFSET) == before
    listed = one(
        session,
        "<TxnDeletedQueryRq><TxnDelType>JournalEntry</TxnDelType><DeletedDateRangeFilter>"
        f"<FromDeletedDate>{deleted.findtext('TimeDeleted')}</FromDeletedDate></DeletedDateRangeFilter></TxnDeletedQueryRq>",
    )
    (record,) = listed.findall("TxnDeletedRet")
    assert (record.findtext("TxnID"), record.findtext("RefNumber")) == (
        ret.findtext("TxnID"),
        "DEL-ME",
    )
    assert record.findtext("TimeCreated") == ret.findtext("TimeCreated")


def test_deleting_an_unknown_or_mistyped_transaction_gets_3120(session):
    ret = add_journal_entry(session)
    unknown = one(
        session, "<TxnDelRq><TxnDelType>JournalEntry</TxnDelType><TxnID>0-1</TxnID></TxnDelRq>"
    )
    mistyped = one(
        session,
        f"<TxnDelRq><TxnDelType>Check</TxnDelType><TxnID>{ret.findtext('TxnID')}</TxnID></TxnDelRq>",
    )
    assert status(unknown) == status(mistyped) == 3120


def test_voided_entries_keep_their_lines_at_zero(session):
    before = _balance(session, BUDGET_OFFSET)
    ret = add_journal_entry(session, ref="VOID-ME")
    voided = one(
        session,
        f"<TxnVoidRq><TxnVoidType>JournalEntry</TxnVoidType><TxnID>{ret.findtext('TxnID')}</TxnID></TxnVoidRq>",
    )
    assert status(voided) == 0 and voided.findtext("RefNumber") == "VOID-ME"
    entry = _query(
        session, "<RefNumber>VOID-ME</RefNumber><IncludeLineItems>true</IncludeLineItems>"
    ).find("JournalEntryRet")
    assert {line.findtext("Amount") for line in entry if line.tag.startswith("Journal")} == {"0.00"}
    assert entry.findtext("EditSequence") != ret.findtext("EditSequence")
    assert _balance(session, BUDGET_OFFSET) == before


def test_several_requests_in_one_message_answer_in_order(session):
    body = journal_entry(request_id="a", ref="A") + journal_entry(request_id="b", ref="B")
    assert [response.get("requestID") for response in responses(session, body)] == ["a", "b"]


def test_currency_fields_need_multicurrency(session):
    body = journal_entry().replace(
        "<RefNumber>AP-1</RefNumber>",
        "<RefNumber>AP-1</RefNumber><IsHomeCurrencyAdjustment>true</IsHomeCurrencyAdjustment>",
    )
    assert status(one(session, body)) == 3250
