"""The time zone of the machine QuickBooks runs on, with QuickBooks' DST quirk.

QuickBooks prints TimeCreated/TimeModified as the local wall-clock time (which does
follow daylight saving) followed by the *standard-time* offset all year, so in summer
the printed offset is one hour off. It reads filter values back the same way: a value
with an offset is first moved to the standard offset, then taken as local wall time; a
value without an offset is local wall time. Its own timestamps therefore round-trip
exactly, while a value carrying the correct summer offset lands one hour early.

The US daylight-saving rule is built in (no tzdata needed): from the second Sunday of
March 02:00 standard time to the first Sunday of November 02:00 daylight time.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_HOUR = timedelta(hours=1)
_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:([+-]\d{1,2}):(\d{1,2}))?)?)?)?"
)


@dataclass(frozen=True)
class MachineTimeZone:
    standard_offset: timedelta = timedelta(hours=-5)
    observes_us_dst: bool = True

    def is_dst(self, instant: datetime) -> bool:
        if not self.observes_us_dst:
            return False
        start, end = self._dst_bounds(instant.year)
        return start <= instant < end

    def wall(self, instant: datetime) -> datetime:
        offset = self.standard_offset + (_HOUR if self.is_dst(instant) else timedelta(0))
        return (instant + offset).replace(tzinfo=None)

    def local_date(self, instant: datetime) -> date:
        return self.wall(instant).date()

    def to_instant(self, wall: datetime) -> datetime:
        """Local wall time to UTC; an ambiguous fall-back time resolves to its first
        occurrence and a skipped spring-forward time to standard time."""
        as_daylight = (wall - self.standard_offset - _HOUR).replace(tzinfo=UTC)
        if self.is_dst(as_daylight):
            return as_daylight
        return (wall - self.standard_offset).replace(tzinfo=UTC)

    def format(self, instant: datetime) -> str:
        return self.wall(instant).isoformat(timespec="seconds") + _offset_text(self.standard_offset)

    def parse(self, text: str, *, end_of_day: bool = False) -> datetime:
        match = _DATETIME.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"not a qbXML date/time: {text!r}")
        wall = _wall_from(match, end_of_day)
        if match.group(7) is not None:
            wall = wall - _offset_from(match.group(7), match.group(8)) + self.standard_offset
        return self.to_instant(wall)

    def _dst_bounds(self, year: int) -> tuple[datetime, datetime]:
        start_wall = datetime.combine(_nth_sunday(year, 3, 2), datetime.min.time()) + 2 * _HOUR
        end_wall = datetime.combine(_nth_sunday(year, 11, 1), datetime.min.time()) + _HOUR
        start = (start_wall - self.standard_offset).replace(tzinfo=UTC)
        return start, (end_wall - self.standard_offset).replace(tzinfo=UTC)


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(weeks=nth - 1)


def _wall_from(match: re.Match[str], end_of_day: bool) -> datetime:
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if match.group(4) is None:
        midnight = datetime(year, month, day)
        return midnight + timedelta(days=1, seconds=-1) if end_of_day else midnight
    hour, minute, second = (int(match.group(i) or 0) for i in (4, 5, 6))
    return datetime(year, month, day, hour, minute, second)


def _offset_from(hours: str, minutes: str) -> timedelta:
    sign = -1 if hours.startswith("-") else 1
    return sign * timedelta(hours=abs(int(hours)), minutes=int(minutes))


def _offset_text(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
