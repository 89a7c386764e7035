"""The reference sources' state, folded from their streams."""

from __future__ import annotations

from decimal import Decimal

from domain.events import (
    ChartOfAccountsRead,
    ChartOfAccountsRequested,
    LedgerCheckpointAdvanced,
    LedgerClassesListed,
    LedgerDeletionsRead,
    LedgerPageRead,
    LedgerSyncInterrupted,
    LedgerSyncRequested,
    QuickBooksClassAdded,
)
from domain.qbwc import chart, ledger
from domain.qbwc.books import ChartAccount, ChartClass

RENT = ChartAccount(
    list_id="1",
    full_name="Rent",
    account_type="Expense",
    number="6110",
    is_active=True,
    balance=Decimal("0.00"),
)


def request(*classes: str) -> ChartOfAccountsRequested:
    return ChartOfAccountsRequested(
        connection_id="c", request_id="r", add_classes=classes, requested_by="t"
    )


def read(*classes: str) -> ChartOfAccountsRead:
    return ChartOfAccountsRead(
        connection_id="c",
        session_id="s",
        read_key="k",
        accounts=(RENT,),
        classes=tuple(ChartClass(list_id=n, full_name=n, is_active=True) for n in classes),
        class_tracking=True,
    )


def test_a_chart_request_reads_then_adds_what_is_missing_then_reads_again():
    assert chart.fold([]).next_step() is None
    assert chart.fold([request("East")]).next_step() == chart.READ
    after_read = chart.fold([request("East", "West"), read("west")])
    assert after_read.next_step() == chart.ADD and after_read.missing_classes() == ["East"]
    added = QuickBooksClassAdded(connection_id="c", session_id="s", full_name="East", list_id="9")
    assert chart.fold([request("East"), read(), added]).next_step() == chart.READ
    assert chart.fold([request("East"), read(), added, read("East")]).next_step() is None


def test_a_request_whose_classes_exist_completes_with_the_first_read():
    progress = chart.fold([request("East"), read("East")])
    assert progress.request is None and progress.latest.accounts == (RENT,)


def sync() -> LedgerSyncRequested:
    return LedgerSyncRequested(connection_id="c", sync_id="y", since=None, requested_by="t")


def page(
    read_name: str, remaining: int, session: str = "s", latest: str | None = None
) -> LedgerPageRead:
    return LedgerPageRead(
        connection_id="c",
        sync_id="y",
        session_id=session,
        read=read_name,
        page=1,
        rows=3,
        changed=3,
        remaining=remaining,
        window_start=None,
        latest_modified=latest,
    )


def test_a_sync_reads_lines_deletions_and_classes_before_each_class():
    state = ledger.fold([sync()])
    assert state.reads_to_plan("s", True) == ["changes", "deletions", "classes"]
    listed = LedgerClassesListed(
        connection_id="c",
        sync_id="y",
        session_id="s",
        classes=("East", "West"),
        class_tracking=True,
    )
    deletions = LedgerDeletionsRead(
        connection_id="c",
        sync_id="y",
        session_id="s",
        window_start=None,
        deleted=0,
        latest_deleted=None,
    )
    state = ledger.fold([sync(), listed, deletions, page("changes", 10)])
    assert state.reads_to_plan("s", True) == []  # wait for the rest of the lines
    state = ledger.fold([sync(), listed, deletions, page("changes", 10), page("changes", 0)])
    assert state.reads_to_plan("s", True) == ["class:East", "class:West"]
    done = [
        sync(),
        listed,
        deletions,
        page("changes", 0),
        page("class:East", 0),
        page("class:West", 0),
    ]
    assert ledger.fold(done).complete("s", True)
    assert not ledger.fold(done).complete("another session", True)


def test_without_class_tracking_the_sync_skips_class_reads():
    deletions = LedgerDeletionsRead(
        connection_id="c",
        sync_id="y",
        session_id="s",
        window_start=None,
        deleted=0,
        latest_deleted=None,
    )
    state = ledger.fold([sync(), deletions, page("changes", 0)])
    assert state.reads_to_plan("s", False) == [] and state.complete("s", False)


def test_progress_belongs_to_one_session_and_an_interruption_stops_it_there():
    state = ledger.fold([sync(), page("changes", 0, session="old")])
    assert "changes" in state.reads_to_plan("new", True)
    stopped = LedgerSyncInterrupted(connection_id="c", sync_id="y", session_id="s", reason="lost")
    assert ledger.fold([sync(), stopped]).reads_to_plan("s", True) == []
    assert ledger.fold([sync(), stopped]).reads_to_plan("next", True)


def test_a_sync_asked_for_during_another_runs_after_it():
    advanced = LedgerCheckpointAdvanced(
        connection_id="c",
        sync_id="y",
        session_id="s",
        modified_checkpoint="2027-07-15T10:00:00-05:00",
        deleted_checkpoint=None,
        previous_modified=None,
        rows_read=3,
    )
    later = LedgerSyncRequested(connection_id="c", sync_id="z", since=None, requested_by="t")
    state = ledger.fold([sync(), page("changes", 5), later, advanced])
    assert state.sync == later and state.checkpoint == "2027-07-15T10:00:00-05:00"
    assert ledger.fold([sync(), later]).sync.sync_id == "y"  # not started yet: joins it
