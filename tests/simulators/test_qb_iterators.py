"""Query iterators: Start/Continue/Stop, counts, and their lifetime (the session)."""

from simulators.quickbooks import QuickBooksSession
from tests.simulators.conftest import add_journal_entry, one, status

BY_PREFIX = (
    "<MaxReturned>{size}</MaxReturned>"
    "<RefNumberFilter><MatchCriterion>StartsWith</MatchCriterion><RefNumber>IT-</RefNumber></RefNumberFilter>"
)


def _start(session: QuickBooksSession, size: int, tag: str = "JournalEntryQueryRq"):
    return one(
        session, f'<{tag} requestID="s" iterator="Start">{BY_PREFIX.format(size=size)}</{tag}>'
    )


def _continue(session: QuickBooksSession, iterator_id: str, size: int = 2):
    inner = BY_PREFIX.format(size=size)
    return one(
        session,
        f'<JournalEntryQueryRq iterator="Continue" iteratorID="{iterator_id}">'
        f"{inner}</JournalEntryQueryRq>",
    )


def _refs(response) -> list[str]:
    return [ret.findtext("RefNumber") for ret in response.findall("JournalEntryRet")]


def _five_entries(session: QuickBooksSession) -> None:
    for number in range(5):
        add_journal_entry(session, ref=f"IT-{number}")


def test_start_and_continue_return_every_match_once_with_remaining_counts(session):
    _five_entries(session)
    first = _start(session, 2)
    iterator_id = first.get("iteratorID")
    assert iterator_id.startswith("{") and first.get("iteratorRemainingCount") == "3"
    second = _continue(session, iterator_id)
    third = _continue(session, iterator_id)
    assert [second.get("iteratorRemainingCount"), third.get("iteratorRemainingCount")] == ["1", "0"]
    assert _refs(first) + _refs(second) + _refs(third) == [f"IT-{n}" for n in range(5)]
    assert "retCount" not in first.attrib


def test_an_exhausted_iterator_is_gone(session):
    _five_entries(session)
    iterator_id = _start(session, 5).get("iteratorID")
    response = _continue(session, iterator_id)
    assert status(response) == 3391
    assert response.get("statusMessage") == f'The iteratorID "{iterator_id}" is not valid.'


def test_iterators_do_not_survive_their_session(session, company):
    _five_entries(session)
    iterator_id = _start(session, 2).get("iteratorID")
    other = QuickBooksSession(company)
    assert status(_continue(other, iterator_id)) == 3391
    session.close()
    assert status(_continue(QuickBooksSession(company), iterator_id)) == 3391


def test_stop_abandons_the_iterator(session):
    _five_entries(session)
    iterator_id = _start(session, 2).get("iteratorID")
    stop = one(
        session,
        f'<JournalEntryQueryRq iterator="Stop" iteratorID="{iterator_id}"></JournalEntryQueryRq>',
    )
    assert status(stop) == 0
    assert status(_continue(session, iterator_id)) == 3391


def test_entries_deleted_during_iteration_are_skipped(session, company):
    _five_entries(session)
    first = _start(session, 2)
    doomed = next(txn for txn in company.txns.values() if txn.ref_number == "IT-2")
    company.delete(doomed)
    rest = _continue(session, first.get("iteratorID"), size=3)
    assert _refs(rest) == ["IT-3", "IT-4"]


def test_meta_data_adds_ret_count(session):
    _five_entries(session)
    inner = BY_PREFIX.format(size=10)
    only = one(
        session, f'<JournalEntryQueryRq metaData="MetaDataOnly">{inner}</JournalEntryQueryRq>'
    )
    both = one(
        session,
        f'<JournalEntryQueryRq metaData="MetaDataAndResponseData">{inner}</JournalEntryQueryRq>',
    )
    assert (only.get("retCount"), len(only)) == ("5", 0)
    assert (both.get("retCount"), len(both)) == ("5", 5)


def test_transaction_query_iterates_too(session):
    start = one(
        session,
        '<TransactionQueryRq iterator="Start"><MaxReturned>50</MaxReturned></TransactionQueryRq>',
    )
    remaining = int(start.get("iteratorRemainingCount"))
    pages = [start]
    while remaining:
        page = one(
            session,
            f'<TransactionQueryRq iterator="Continue" iteratorID="{start.get("iteratorID")}">'
            "<MaxReturned>50</MaxReturned></TransactionQueryRq>",
        )
        remaining = int(page.get("iteratorRemainingCount"))
        pages.append(page)
    ids = [ret.findtext("TxnID") for page in pages for ret in page.findall("TransactionRet")]
    assert len(ids) == len(set(ids)) == len(session.company.txns)
