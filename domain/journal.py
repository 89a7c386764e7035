"""A plan journal entry's life in QuickBooks, as a state folded from its stream, and the
decision of what to send next.

The rule that makes duplicates impossible: nothing is added, modified or voided unless a
query in the *current* Web Connector session told us what QuickBooks holds. A lost
response, a killed worker or an ended session all leave the entry without current
knowledge, so the next session looks before it writes. (A request and its outcome are
recorded together when the answer arrives: the Web Connector sends one message at a time,
so nothing is planned for a session while one of its requests is in flight.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import reduce

from domain.event import Event
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
    TxnRecorded,
)
from domain.posting import line_shape

STALE_EDIT_SEQUENCE = 3200
_TAG = re.compile(r"\[mlc:([a-z2-7]{16})/r(\d+)\]")


class Op(StrEnum):
    QUERY = "query"
    ADD = "add"
    MOD = "mod"
    VOID = "void"


@dataclass(frozen=True, slots=True)
class Posted:
    """What QuickBooks holds for the entry, as last seen."""

    txn_id: str
    edit_sequence: str
    txn_line_ids: tuple[str, ...]
    revision: int


@dataclass(frozen=True, slots=True)
class JournalState:
    entry_id: str
    staged: JournalStaged | None = None
    revision: int = 0
    withdrawn: bool = False
    posted: Posted | None = None
    known_in: str | None = None  # session whose query (or write) told us `posted`
    stuck: str | None = None  # why this revision cannot go on without an operator
    shapes: dict[int, tuple[tuple[str, str, str | None], ...]] = field(default_factory=dict)

    @property
    def settled(self) -> bool:
        """Nothing left to do: QuickBooks holds exactly what the plan says."""
        if self.withdrawn:
            return self.known_in is not None and self.posted is None
        return self.posted is not None and self.posted.revision == self.revision


@dataclass(frozen=True, slots=True)
class Action:
    op: Op
    revision: int
    posted: Posted | None = None


def fold(entry_id: str, events: list[Event]) -> JournalState:
    return reduce(evolve, events, JournalState(entry_id))


def evolve(state: JournalState, event: Event) -> JournalState:
    match event:
        case JournalStaged(revision=rev, lines=lines):
            shapes = {**state.shapes, rev: line_shape(lines)}
            return replace(
                state, staged=event, revision=rev, withdrawn=False, stuck=None, shapes=shapes
            )
        case JournalWithdrawn(revision=rev):
            return replace(state, revision=rev, withdrawn=True, stuck=None)
        case TxnRecorded() | JournalFoundInQuickBooks():
            posted = Posted(event.txn_id, event.edit_sequence, event.txn_line_ids, event.revision)
            return replace(state, posted=posted, known_in=event.session_id)
        case JournalNotFoundInQuickBooks(session_id=session) | JournalVoided(session_id=session):
            return replace(state, posted=None, known_in=session)
        case JournalPostRejected():
            return _rejected(state, event)
        case JournalBlocked(problems=problems):
            return replace(state, stuck="; ".join(problems))
        case JournalRequestLost():
            return replace(state, known_in=None)
        case JournalRetryRequested():
            return replace(state, stuck=None, known_in=None)
    return state


def _rejected(state: JournalState, event: JournalPostRejected) -> JournalState:
    if event.status_code == STALE_EDIT_SEQUENCE:  # someone changed it: look again first
        return replace(state, known_in=None)
    if event.retryable:
        return state
    reason = (
        f"QuickBooks refused the {event.operation} ({event.status_code}): {event.status_message}"
    )
    return replace(state, stuck=reason)


def next_action(state: JournalState, session_id: str) -> Action | None:
    """What to send for this entry in this session, or None (done, waiting or stuck).

    A settled entry is left alone even when a lagging read model still lists it as
    pending: its own stream, not the read model, says QuickBooks already holds it."""
    if state.revision == 0 or state.stuck or state.settled:
        return None
    if state.known_in != session_id:
        return Action(Op.QUERY, state.revision)
    return _write(state)


def _write(state: JournalState) -> Action | None:
    posted = state.posted
    if state.withdrawn:
        return Action(Op.VOID, state.revision, posted) if posted else None
    if posted is None:
        return Action(Op.ADD, state.revision)
    if posted.revision == state.revision:
        return None
    old_shape = state.shapes.get(posted.revision)
    same_shape = old_shape == state.shapes[state.revision] and len(posted.txn_line_ids) == len(
        old_shape
    )
    return Action(Op.MOD if same_shape else Op.VOID, state.revision, posted)


def tagged_memo(memo: str, entry_id: str, revision: int) -> str:
    """Line memos carry the plan identity, so a query can tell our entries from others."""
    return f"{memo} [mlc:{entry_id}/r{revision}]"


def memo_tag(memo: str | None) -> tuple[str, int] | None:
    match = _TAG.search(memo or "")
    return (match[1], int(match[2])) if match else None
