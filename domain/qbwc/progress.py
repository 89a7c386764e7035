"""Percent done for receiveResponseXML, NoOp accounting and the closing summary.

QBWC loops on sendRequestXML until the percentage reaches 100 (NOTES §A.5, the "loop
trap"), so the value only ever rises, stays below 100 while work is left, and is 100 the
moment nothing is left. The amount of work left is unknown in advance (sources plan as
they go), so each step covers a third of the distance to 100.
"""

from __future__ import annotations

from datetime import datetime

from domain.qbwc.session import SessionState

FAILED = -1  # a whole message failed: QBWC calls getLastError and ends the update


def next_percent(previous: int, work_left: bool) -> int:
    if not work_left:
        return 100
    return min(99, previous + max(1, (100 - previous) // 3))


def waited_seconds(state: SessionState, now: datetime) -> float:
    """NoOp time in this session, counting the wait in progress."""
    if state.noop_since is None:
        return state.noop_seconds
    return state.noop_seconds + max((now - state.noop_since).total_seconds(), 0.0)


def summary(state: SessionState) -> str:
    """closeConnection's text: QBWC shows it in its status column."""
    parts = [
        f"{state.message_no} message{'s' if state.message_no != 1 else ''}",
        f"{state.requests_sent} request{'s' if state.requests_sent != 1 else ''}",
    ]
    problems = state.errors + state.failed_messages
    if problems:
        parts.append(f"{problems} error{'s' if problems != 1 else ''} (see the sync log)")
    return "ml-connector: " + ", ".join(parts) + "."
