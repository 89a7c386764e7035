"""Deciding what a newly exported plan changes: new revisions, unchanged entries, withdrawals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.events import JournalStaged, JournalWithdrawn, PlanEntryRejected, PlanStaged
from domain.journal import JournalState
from domain.posting import EntryPlan, PostingPlan


@dataclass(frozen=True, slots=True)
class Staging:
    journal_events: dict[str, JournalStaged | JournalWithdrawn]  # by entry id
    rejections: tuple[PlanEntryRejected, ...]
    summary: PlanStaged


def stage(
    plan: PostingPlan,
    current: Mapping[str, JournalState],
    *,
    run_id: str,
    connection_id: str,
    rows: int,
) -> Staging:
    events: dict[str, JournalStaged | JournalWithdrawn] = {}
    unchanged = 0
    for entry in plan.entries:
        state = current.get(entry.entry_id)
        if (
            state
            and not state.withdrawn
            and state.staged
            and state.staged.content_hash == entry.content_hash
        ):
            unchanged += 1
            continue
        revision = state.revision + 1 if state else 1
        events[entry.entry_id] = _staged(entry, revision, run_id, connection_id)
    rejected_keys = {(r.version, r.period.key) for r in plan.rejections}
    planned = {e.entry_id for e in plan.entries}
    for entry_id, state in current.items():
        if _to_withdraw(state, planned, rejected_keys):
            events[entry_id] = JournalWithdrawn(
                connection_id=connection_id,
                entry_id=entry_id,
                run_id=run_id,
                revision=state.revision + 1,
            )
    rejections = tuple(
        PlanEntryRejected(
            run_id=run_id, version=r.version, period=r.period.key, problems=r.problems
        )
        for r in plan.rejections
    )
    summary = PlanStaged(
        run_id=run_id,
        rows=rows,
        staged=tuple(k for k, e in events.items() if isinstance(e, JournalStaged)),
        unchanged=unchanged,
        withdrawn=tuple(k for k, e in events.items() if isinstance(e, JournalWithdrawn)),
        rejected=len(rejections),
    )
    return Staging(events, rejections, summary)


def _to_withdraw(state: JournalState, planned: set[str], rejected: set[tuple[str, str]]) -> bool:
    if state.withdrawn or state.staged is None or state.entry_id in planned:
        return False
    # An entry whose period failed mapping this time keeps what QuickBooks has until fixed.
    return (state.staged.version, state.staged.period) not in rejected


def _staged(entry: EntryPlan, revision: int, run_id: str, connection_id: str) -> JournalStaged:
    return JournalStaged(
        connection_id=connection_id,
        entry_id=entry.entry_id,
        run_id=run_id,
        ref_number=entry.ref_number,
        version=entry.version,
        period=entry.period.key,
        part=entry.part,
        txn_date=entry.txn_date_iso,
        revision=revision,
        content_hash=entry.content_hash,
        lines=entry.lines,
    )
