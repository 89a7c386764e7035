"""QuickBooks time stamps and the ModifiedDateRangeFilter arithmetic.

QuickBooks writes TimeModified as the machine's local wall time followed by its
*standard* offset all year (NOTES §B.10: the printed offset ignores daylight saving), and
it reads a filter value back the same way: with that same offset, or without one as
local time. So a stamp is kept exactly as QuickBooks wrote it -- wall time plus the
offset text -- and all arithmetic is done on the wall time. Converting to UTC with the
printed offset would be an hour wrong all summer.

Incremental reads therefore go: remember the latest TimeModified seen (as written),
start the next read an overlap window earlier (FromModifiedDate is inclusive), and drop
rows already seen by their version key (TxnID + EditSequence or TimeModified, and
TxnLineID).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from domain.errors import DomainError

# ASCII digits only (\d also takes other scripts' digits) and a real UTC offset: the
# offset is written back into the next read's filter, where QuickBooks would refuse it.
_STAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:T([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2}))?)?)?"
    r"(?:([+-](?:0?[0-9]|1[0-4])):([0-5][0-9]))?"
)
# Daylight saving starts by skipping a local hour: 02:00-03:00 in North America, continental
# Europe and Australia, 01:00-02:00 in the UK. QuickBooks reads a wall time inside the
# skipped hour as standard time, i.e. an hour *later* than meant, which would open a gap
# in the next read. A window start falling in those hours moves one more hour back, which
# costs a few re-read rows at most.
_SKIPPABLE_HOURS = (1, 2)

T = TypeVar("T")


class InvalidTimestamp(DomainError):
    pass


@dataclass(frozen=True, slots=True)
class QbTimestamp:
    wall: datetime  # naive local wall-clock time on the QuickBooks machine
    offset: str | None = None  # "-05:00" as QuickBooks printed it; None = local time

    @classmethod
    def parse(cls, text: str) -> QbTimestamp:
        match = _STAMP.fullmatch(text.strip())
        if match is None:
            raise InvalidTimestamp(f"{text!r} is not a qbXML date/time")
        year, month, day, hour, minute, second = (int(match.group(i) or 0) for i in range(1, 7))
        offset = None
        if match.group(7) is not None:
            sign, hours = match.group(7)[0], abs(int(match.group(7)))
            offset = f"{sign}{hours:02d}:{match.group(8)}"
        try:
            return cls(datetime(year, month, day, hour, minute, second), offset)
        except ValueError as error:
            raise InvalidTimestamp(f"{text!r} is not a qbXML date/time: {error}") from None

    def text(self) -> str:
        return self.wall.isoformat(timespec="seconds") + (self.offset or "")

    def earlier_by(self, delta: timedelta) -> QbTimestamp:
        wall = self.wall - delta
        if delta and wall.hour in _SKIPPABLE_HOURS:
            wall -= timedelta(hours=1)
        return QbTimestamp(wall, self.offset)

    def __str__(self) -> str:
        return self.text()


def window_start(checkpoint: QbTimestamp | None, overlap: timedelta) -> QbTimestamp | None:
    """FromModifiedDate for the next incremental read (None: read everything)."""
    return None if checkpoint is None else checkpoint.earlier_by(overlap)


def latest(stamps: Iterable[QbTimestamp | None]) -> QbTimestamp | None:
    """The latest stamp by wall time. In the repeated hour after daylight saving ends this
    can pick an earlier instant, which only makes the next window start earlier."""
    present = [stamp for stamp in stamps if stamp is not None]
    return max(present, key=lambda stamp: stamp.wall, default=None)


def first_seen(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """De-duplicate by version key, keeping the first occurrence and the order."""
    seen: set[Hashable] = set()
    kept: list[T] = []
    for item in items:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return kept
