"""The journal entry state machine: look before writing, in the current session."""

from __future__ import annotations

from decimal import Decimal

from domain.events import (
    JournalBlocked,
    JournalFoundInQuickBooks,
    JournalNotFoundInQuickBooks,
    JournalPostRejected,
    JournalRequestLost,
    JournalRetryRequested,
    JournalStaged,
    JournalVoided,
    JournalWithdrawn,
    QbxmlSent,
    TxnRecorded,
)
from domain.journal import Op, fold, memo_tag, next_action, tagged_memo
from domain.posting import JournalLine, Side

EID = "abcdefghijklmnop"


def line(account: str, side: Side, amount: str) -> JournalLine:
    return JournalLine(
        side=side, account=account, class_name=None, amount=Decimal(amount), memo="m"
    )


def staged(
    revision: int, amount: str = "10.00", accounts=("Rent", "Budget Offset")
) -> JournalStaged:
    lines = (line(accounts[0], Side.DEBIT, amount), line(accounts[1], Side.CREDIT, amount))
    return JournalStaged(
        connection_id="c",
        entry_id=EID,
        run_id="r",
        ref_number="PL2701-ABCD",
        version="Budget",
        period="2027-01",
        part=1,
        txn_date="2027-01-31",
        revision=revision,
        content_hash=f"h{revision}",
        lines=lines,
    )


def sent(session: str, op: str, revision: int = 1, request: str = "1") -> QbxmlSent:
    return QbxmlSent(
        connection_id="c",
        entry_id=EID,
        session_id=session,
        message_id="m",
        request_id=request,
        operation=op,
        revision=revision,
    )


def recorded(session: str, revision: int, op: str = "add") -> TxnRecorded:
    return TxnRecorded(
        connection_id="c",
        entry_id=EID,
        session_id=session,
        txn_id="T-1",
        edit_sequence="100",
        txn_line_ids=("1", "2"),
        revision=revision,
        operation=op,
    )


def not_found(session: str) -> JournalNotFoundInQuickBooks:
    return JournalNotFoundInQuickBooks(connection_id="c", entry_id=EID, session_id=session)


def found(session: str, revision: int) -> JournalFoundInQuickBooks:
    return JournalFoundInQuickBooks(
        connection_id="c",
        entry_id=EID,
        session_id=session,
        txn_id="T-1",
        edit_sequence="100",
        txn_line_ids=("1", "2"),
        revision=revision,
    )


def action(events, session="s1"):
    return next_action(fold(EID, events), session)


def test_a_new_entry_is_queried_first_then_added_in_the_same_session():
    assert action([staged(1)]).op is Op.QUERY
    assert action([staged(1), sent("s1", "query"), not_found("s1")]).op is Op.ADD


def test_absence_seen_in_an_earlier_session_is_not_trusted():
    history = [staged(1), sent("s1", "query"), not_found("s1"), sent("s1", "add")]
    # the add's answer never arrived (connection lost): a new session looks again
    assert action(history, session="s2").op is Op.QUERY
    done = fold(EID, [*history, recorded("s2", 1, op="query")])
    assert done.settled and next_action(done, "s2") is None


def test_a_recorded_entry_needs_nothing_more_and_a_rerun_changes_nothing():
    history = [
        staged(1),
        sent("s1", "query"),
        not_found("s1"),
        sent("s1", "add"),
        recorded("s1", 1),
    ]
    assert fold(EID, history).settled
    assert action(history) is None
    assert action(history, session="s9") is None  # a later session asks nothing again


def test_a_revision_with_the_same_shape_is_modified_with_the_current_edit_sequence():
    history = [staged(1), recorded("s1", 1), staged(2, amount="12.00")]
    assert action(history, "s2").op is Op.QUERY
    act = action([*history, found("s2", 1)], "s2")
    assert act.op is Op.MOD and act.posted.edit_sequence == "100" and act.revision == 2


def test_a_stale_edit_sequence_means_look_again_then_retry():
    history = [
        staged(1),
        recorded("s1", 1),
        staged(2, amount="12.00"),
        found("s2", 1),
        sent("s2", "mod", 2),
    ]
    stale = JournalPostRejected(
        connection_id="c",
        entry_id=EID,
        session_id="s2",
        operation="mod",
        revision=2,
        status_code=3200,
        status_message="out-of-date",
        retryable=True,
    )
    assert action([*history, stale], "s2").op is Op.QUERY


def test_a_revision_that_changes_shape_voids_then_adds():
    history = [
        staged(1),
        recorded("s1", 1),
        staged(2, accounts=("Travel", "Budget Offset")),
        found("s2", 1),
    ]
    assert action(history, "s2").op is Op.VOID
    voided = JournalVoided(
        connection_id="c", entry_id=EID, session_id="s2", txn_id="T-1", revision=2
    )
    assert action([*history, sent("s2", "void", 2), voided], "s2").op is Op.ADD


def test_a_withdrawn_entry_is_voided_once():
    withdrawn = JournalWithdrawn(connection_id="c", entry_id=EID, run_id="r2", revision=2)
    history = [staged(1), recorded("s1", 1), withdrawn, found("s2", 1)]
    assert action(history, "s2").op is Op.VOID
    voided = JournalVoided(
        connection_id="c", entry_id=EID, session_id="s2", txn_id="T-1", revision=2
    )
    assert fold(EID, [*history, voided]).settled
    assert action([*history, voided], "s2") is None


def test_lock_errors_resend_but_bad_references_stop_until_retried():
    base = [staged(1), not_found("s1"), sent("s1", "add")]
    busy = JournalPostRejected(
        connection_id="c",
        entry_id=EID,
        session_id="s1",
        operation="add",
        revision=1,
        status_code=3175,
        status_message="locked",
        retryable=True,
    )
    assert action([*base, busy]).op is Op.ADD
    bad = JournalPostRejected(
        connection_id="c",
        entry_id=EID,
        session_id="s1",
        operation="add",
        revision=1,
        status_code=3140,
        status_message="invalid reference",
        retryable=False,
    )
    state = fold(EID, [*base, bad])
    assert "3140" in state.stuck and next_action(state, "s1") is None
    retry = JournalRetryRequested(connection_id="c", entry_id=EID, requested_by="ops")
    assert action([*base, bad, retry]).op is Op.QUERY


def test_a_blocked_entry_waits_for_a_new_revision_or_a_retry():
    blocked = JournalBlocked(
        connection_id="c",
        entry_id=EID,
        session_id="s1",
        revision=1,
        problems=("account 'Rent' is inactive in QuickBooks",),
    )
    assert action([staged(1), not_found("s1"), blocked]) is None
    assert action([staged(1), not_found("s1"), blocked, staged(2)]).op is Op.ADD


def test_a_lost_request_forgets_what_the_session_knew():
    lost = JournalRequestLost(
        connection_id="c",
        entry_id=EID,
        session_id="s1",
        request_id="1",
        reason="hresult 0x80040400",
    )
    assert action([staged(1), not_found("s1"), sent("s1", "add"), lost]).op is Op.QUERY


def test_memo_tags_round_trip_and_ignore_other_memos():
    memo = tagged_memo("Budget plan 2027-01", EID, 3)
    assert memo_tag(memo) == (EID, 3)
    assert memo_tag("Accrual for rent") is None and memo_tag(None) is None
