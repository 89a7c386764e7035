"""Calendar months as plan periods, and the labels Anaplan uses for them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from domain.errors import DomainError

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}


class BadPeriod(DomainError):
    pass


@dataclass(frozen=True, order=True, slots=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise BadPeriod(f"no such month: {self.year}-{self.month}")

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def label(self, fmt: str) -> str:
        """Format as Anaplan shows the month: "MMM YY" -> "Jan 27", "YYYY-MM" -> "2027-01"."""
        name = calendar.month_abbr[self.month]
        return {
            "MMM YY": f"{name} {self.year % 100:02d}",
            "MMM YYYY": f"{name} {self.year}",
            "YYYY-MM": self.key,
        }[fmt]

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)


PERIOD_FORMATS = ("MMM YY", "MMM YYYY", "YYYY-MM")
_MON_YEAR = re.compile(r"^([A-Za-z]{3})[ \-]?(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(label: str) -> Period:
    """Read "Jan 27", "Jan 2027", "Jan-27" or "2027-01"; anything else is a BadPeriod."""
    text = label.strip()
    if match := _ISO.match(text):
        return Period(int(match[1]), int(match[2]))
    if (match := _MON_YEAR.match(text)) and match[1].lower() in _MONTHS:
        year = int(match[2])
        return Period(2000 + year if year < 100 else year, _MONTHS[match[1].lower()])
    raise BadPeriod(f"not a month label: {label!r} (expected e.g. 'Jan 27' or '2027-01')")


def periods_between(first: Period, last: Period) -> list[Period]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = current.next()
    return out
