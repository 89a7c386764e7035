"""The chart-of-accounts reader's state, folded from its stream: what was asked, what is
known, and the next step (read the lists, add missing classes, read again)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import reduce

from domain.event import Event
from domain.events import (
    ChartOfAccountsRead,
    ChartOfAccountsRequested,
    QuickBooksAccountsListed,
    QuickBooksClassAdded,
    QuickBooksClassAddFailed,
)

READ = "read"
ADD = "add"


@dataclass(frozen=True, slots=True)
class ChartProgress:
    request: ChartOfAccountsRequested | None = None
    read_since_request: bool = False
    adds_since_read: bool = False
    attempted: frozenset[str] = frozenset()  # class adds tried since the request
    known_classes: frozenset[str] = frozenset()  # case-folded full names
    latest: ChartOfAccountsRead | None = None
    listed: QuickBooksAccountsListed | None = None  # accounts read, classes not yet

    def missing_classes(self) -> list[str]:
        wanted = self.request.add_classes if self.request else ()
        return [
            name
            for name in wanted
            if name.casefold() not in self.known_classes and name not in self.attempted
        ]

    def next_step(self) -> str | None:
        if self.request is None:
            return None
        if not self.read_since_request:
            return READ
        if self.missing_classes():
            return ADD
        return READ if self.adds_since_read else None


def evolve(progress: ChartProgress, event: Event) -> ChartProgress:
    match event:
        case ChartOfAccountsRequested():
            return replace(
                progress, request=event, read_since_request=False, adds_since_read=False,
                attempted=frozenset(),
            )  # fmt: skip
        case ChartOfAccountsRead():
            after = replace(
                progress,
                latest=event,
                listed=None,
                known_classes=frozenset(c.full_name.casefold() for c in event.classes),
                read_since_request=True,
                adds_since_read=False,
            )
            return after if after.next_step() else replace(after, request=None)
        case QuickBooksAccountsListed():
            return replace(progress, listed=event)
        case QuickBooksClassAdded() | QuickBooksClassAddFailed():
            known = progress.known_classes
            if isinstance(event, QuickBooksClassAdded):
                known = known | {event.full_name.casefold()}
            return replace(
                progress,
                attempted=progress.attempted | {event.full_name},
                known_classes=known,
                adds_since_read=True,
            )
    return progress


def fold(events: list[Event]) -> ChartProgress:
    return reduce(evolve, events, ChartProgress())
