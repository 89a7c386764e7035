"""The ledger reader's state, folded from its stream.

A sync reads, in one Web Connector session: the class list, every posted line changed
since the checkpoint (less an overlap window), the deletions, then each class's lines
(TransactionRet has no ClassRef, NOTES §D). Only when all of them finished does the
checkpoint advance; a session that ends earlier leaves the sync to start over in the
next one, which the mirror's upserts make harmless. Report reads are independent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import reduce

from domain.event import Event
from domain.events import (
    LedgerCheckpointAdvanced,
    LedgerClassesListed,
    LedgerDeletionsRead,
    LedgerPageRead,
    LedgerReportFailed,
    LedgerReportRead,
    LedgerReportRequested,
    LedgerSyncInterrupted,
    LedgerSyncRequested,
)
from domain.qbxml.timestamps import QbTimestamp, latest

CLASSES = "classes"
CHANGES = "changes"
DELETIONS = "deletions"
CLASS_PREFIX = "class:"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """What the current session has read for the sync."""

    session_id: str
    done: frozenset[str] = frozenset()
    open: frozenset[str] = frozenset()  # iterated reads with pages still to come
    classes: tuple[str, ...] | None = None  # None: not listed yet
    latest_modified: str | None = None
    latest_deleted: str | None = None
    rows: int = 0
    interrupted: bool = False


@dataclass(frozen=True, slots=True)
class LedgerState:
    checkpoint: str | None = None  # TimeModified as QuickBooks wrote it
    deleted_checkpoint: str | None = None
    sync: LedgerSyncRequested | None = None
    queued: LedgerSyncRequested | None = None  # asked while a sync was under way
    progress: SyncProgress | None = None
    reports: tuple[LedgerReportRequested, ...] = field(default=())

    def progress_in(self, session_id: str) -> SyncProgress:
        if self.progress is not None and self.progress.session_id == session_id:
            return self.progress
        return SyncProgress(session_id)

    def reads_to_plan(self, session_id: str, class_tracking: bool) -> list[str]:
        """The reads of the sync to start now (not done, not open) in this session."""
        if self.sync is None:
            return []
        progress = self.progress_in(session_id)
        if progress.interrupted:
            return []
        first = [CHANGES, DELETIONS] + ([CLASSES] if class_tracking else [])
        wanted = [read for read in first if read not in progress.done | progress.open]
        if wanted or CHANGES in progress.open:
            return wanted
        classes = progress.classes if class_tracking else ()
        if classes is None:
            return []
        class_reads = [CLASS_PREFIX + name for name in classes]
        return [read for read in class_reads if read not in progress.done | progress.open]

    def complete(self, session_id: str, class_tracking: bool) -> bool:
        progress = self.progress_in(session_id)
        if self.sync is None or progress.open or progress.interrupted:
            return False
        needed = {CHANGES, DELETIONS} | ({CLASSES} if class_tracking else set())
        classes = progress.classes or ()
        needed |= {CLASS_PREFIX + name for name in classes} if class_tracking else set()
        return needed <= progress.done

    def has_work(self) -> bool:
        return self.sync is not None or bool(self.reports)


def evolve(state: LedgerState, event: Event) -> LedgerState:
    match event:
        case LedgerSyncRequested():
            if state.sync is None:
                return replace(state, sync=event, progress=None)
            # Before the sync's reads start a new request simply joins it; once they have
            # started, it runs after, so changes made meanwhile are read too.
            return replace(state, queued=event) if state.progress is not None else state
        case LedgerClassesListed():
            progress = _progress(state, event.session_id)
            return _with(
                state, replace(progress, classes=event.classes, done=progress.done | {CLASSES})
            )
        case LedgerPageRead():
            return _with(state, _page(_progress(state, event.session_id), event))
        case LedgerDeletionsRead():
            progress = _progress(state, event.session_id)
            seen = _later(progress.latest_deleted, event.latest_deleted)
            return _with(
                state, replace(progress, done=progress.done | {DELETIONS}, latest_deleted=seen)
            )
        case LedgerSyncInterrupted():
            progress = _progress(state, event.session_id)
            return _with(state, replace(progress, interrupted=True, open=frozenset()))
        case LedgerCheckpointAdvanced():
            return replace(
                state,
                checkpoint=event.modified_checkpoint,
                deleted_checkpoint=event.deleted_checkpoint,
                sync=state.queued,
                queued=None,
                progress=None,
            )
        case LedgerReportRequested():
            return replace(state, reports=(*state.reports, event))
        case LedgerReportRead() | LedgerReportFailed():
            left = tuple(r for r in state.reports if r.report_id != event.report_id)
            return replace(state, reports=left)
    return state


def fold(events: list[Event]) -> LedgerState:
    return reduce(evolve, events, LedgerState())


def _progress(state: LedgerState, session_id: str) -> SyncProgress:
    return state.progress_in(session_id)


def _with(state: LedgerState, progress: SyncProgress) -> LedgerState:
    return replace(state, progress=progress)


def _page(progress: SyncProgress, event: LedgerPageRead) -> SyncProgress:
    finished = event.remaining == 0
    return replace(
        progress,
        done=progress.done | {event.read} if finished else progress.done,
        open=progress.open - {event.read} if finished else progress.open | {event.read},
        latest_modified=_later(progress.latest_modified, event.latest_modified),
        rows=progress.rows + event.rows,
    )


def _later(current: str | None, candidate: str | None) -> str | None:
    stamps = [QbTimestamp.parse(text) for text in (current, candidate) if text]
    found = latest(stamps)
    return found.text() if found else None
