"""The session state folded from its events: iterated reads, restarts, NoOp, the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.events import (
    QbxmlMessageFailed,
    QbxmlMessageReceived,
    QbxmlMessageSent,
    QbxmlRequestRejected,
    WebConnectorSessionEnded,
    WebConnectorSessionStarted,
    WebConnectorWaitedForWork,
)
from domain.qbwc.messages import ReceivedStatus, SentRequest
from domain.qbwc.progress import summary, waited_seconds
from domain.qbwc.session import MAX_READ_RESTARTS, NOOP, fold
from domain.qbxml.reads import TransactionQuery

T0 = datetime(2027, 7, 15, 14, 0, tzinfo=UTC)
START = WebConnectorSessionStarted(
    session_id="s",
    connection_id="c",
    username="u",
    client_address=None,
    client_version=None,
    started_at=T0,
)


def read(
    request_id: str, iteration: str = "Start", iterator_id=None, page=1, restarts=0
) -> SentRequest:
    return SentRequest(
        request_id=request_id,
        source="ledger",
        key="changes",
        kind="TransactionQuery",
        request=TransactionQuery(max_returned=10).to_data(),
        units=15,
        iteration=iteration,
        iterator_id=iterator_id,
        page=page,
        restarts=restarts,
    )


def sent(no: int, *requests: SentRequest) -> QbxmlMessageSent:
    return QbxmlMessageSent(
        session_id="s",
        connection_id="c",
        message_no=no,
        qbxml_version="13.0",
        body_sha256="x",
        requests=requests,
        estimated_units=15,
        estimated_seconds=2,
        sent_at=T0,
    )


def received(no: int, *statuses: ReceivedStatus) -> QbxmlMessageReceived:
    return QbxmlMessageReceived(
        session_id="s",
        connection_id="c",
        message_no=no,
        body_sha256="y",
        responses=statuses,
        missing=(),
        elapsed_seconds=1.5,
        received_at=T0,
    )


def status(request_id: str, code=0, remaining=None, iterator_id=None) -> ReceivedStatus:
    return ReceivedStatus(
        request_id=request_id,
        kind="TransactionQuery",
        status_code=code,
        severity="Info",
        message="",
        iterator_id=iterator_id,
        remaining=remaining,
    )


def test_a_page_with_rows_remaining_leaves_the_read_open_for_its_next_page():
    state = fold(
        [START, sent(1, read("1.1")), received(1, status("1.1", remaining=5, iterator_id="{i}"))]
    )
    (open_read,) = state.open_reads
    assert (open_read.iterator_id, open_read.next_page, open_read.remaining) == ("{i}", 2, 5)
    assert state.in_flight == () and state.responses == 1


def test_sending_the_next_page_closes_it_until_the_answer_and_the_last_page_ends_the_read():
    events = [
        START,
        sent(1, read("1.1")),
        received(1, status("1.1", remaining=5, iterator_id="{i}")),
    ]
    events += [sent(2, read("2.1", "Continue", "{i}", page=2))]
    assert fold(events).open_reads == ()
    events += [received(2, status("2.1", remaining=0, iterator_id="{i}"))]
    assert fold(events).open_reads == ()


def test_a_lost_iterator_starts_the_read_again_a_bounded_number_of_times():
    state = fold([START, sent(1, read("1.1")), received(1, status("1.1", code=3391))])
    (again,) = state.open_reads
    assert (again.iterator_id, again.next_page, again.restarts) == (None, 1, 1)
    exhausted = read("9.1", restarts=MAX_READ_RESTARTS)
    state = fold([START, sent(1, exhausted), received(1, status("9.1", code=3391))])
    assert state.open_reads == ()


def test_a_failed_message_keeps_its_error_for_get_last_error():
    failure = QbxmlMessageFailed(
        session_id="s",
        connection_id="c",
        message_no=1,
        hresult="0x80040400",
        message="parse",
        error="QuickBooks could not process it",
        body_sha256=None,
        elapsed_seconds=1,
        received_at=T0,
    )
    state = fold([START, sent(1, read("1.1")), failure])
    assert state.last_error == "QuickBooks could not process it" and state.failed_messages == 1
    assert state.in_flight == () and "1 error" in summary(state)


def test_noop_time_accumulates_across_waits():
    waited = WebConnectorWaitedForWork(session_id="s", at=T0, waited_seconds=7)
    state = fold([START, waited])
    assert state.last_error == NOOP
    assert waited_seconds(state, T0 + timedelta(seconds=5)) == 12
    after = fold([START, waited, sent(1, read("1.1"))])
    assert waited_seconds(after, T0 + timedelta(hours=1)) == 7 and after.last_error == ""


def test_rejected_keys_are_remembered_and_the_end_clears_what_was_owed():
    rejected = QbxmlRequestRejected(
        session_id="s", source="a", key="k", kind="JournalEntryAdd", reason="x"
    )
    ended = WebConnectorSessionEnded(
        session_id="s", connection_id="c", reason="closed", summary="", ended_at=T0
    )
    state = fold([START, rejected, sent(1, read("1.1")), ended])
    assert state.rejected == (("a", "k"),)
    assert state.ended and state.in_flight == () and state.open_reads == ()
