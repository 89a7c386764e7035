"""Calendar months as plan periods, and the labels Anaplan gives them in the format a
connection chose (`period_format`).

A format is made of the tokens MMM (Jan), MM (01), YYYY (2027) and YY (27) and literal text
between them: "MMM YY" reads "Jan 27", "YYYY-MM" reads "2027-01", "MMM YYYY" reads "Jan 2027".
A two-digit year is in this century (Anaplan's "Jan 27" is January 2027).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from domain.errors import DomainError

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
FIRST_YEAR, LAST_YEAR = 1900, 2999
_TOKENS = re.compile(r"YYYY|YY|MMM|MM")
_PATTERNS = {
    "YYYY": r"(?P<year>[0-9]{4})",
    "YY": r"(?P<yy>[0-9]{2})",
    "MMM": r"(?P<name>[A-Za-z]{3})",
    "MM": r"(?P<month>[0-9]{1,2})",
}


class UnknownPeriodFormat(ValueError):
    pass


class BadPeriod(DomainError):
    pass


@dataclass(frozen=True, slots=True, order=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise BadPeriod(f"no such month: {self.year}-{self.month}")

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def label(self, period_format: str) -> str:
        _compiled(period_format)  # rejects an unknown format before formatting
        return _TOKENS.sub(lambda token: self._field(token.group()), period_format)

    def _field(self, token: str) -> str:
        return {
            "YYYY": f"{self.year:04d}",
            "YY": f"{self.year % 100:02d}",
            "MMM": MONTH_NAMES[self.month - 1],
            "MM": f"{self.month:02d}",
        }[token]

    def __str__(self) -> str:
        return self.key


def parse_period(text: str, period_format: str) -> Period | None:
    """The month `text` names in `period_format`, or None when it names none."""
    match = _compiled(period_format).fullmatch(text.strip())
    if match is None:
        return None
    month = _month(match.groupdict())
    if month is None:
        return None
    found = match.groupdict()
    year = int(found["year"]) if found.get("year") else 2000 + int(found["yy"])
    return Period(year, month) if FIRST_YEAR <= year <= LAST_YEAR else None


def _month(groups: dict[str, str | None]) -> int | None:
    name, number = groups.get("name"), groups.get("month")
    month = _MONTH_NUMBER.get(name.lower()) if name else int(number or 0)
    return month if month and 1 <= month <= 12 else None


@functools.cache
def _compiled(period_format: str) -> re.Pattern[str]:
    tokens = _TOKENS.findall(period_format)
    has_year = sum(token in ("YYYY", "YY") for token in tokens) == 1
    has_month = sum(token in ("MMM", "MM") for token in tokens) == 1
    if not (has_year and has_month):
        raise UnknownPeriodFormat(
            f"period format {period_format!r} needs one year (YYYY or YY) and one month (MMM or MM)"
        )
    pieces = _TOKENS.split(period_format)
    pattern = re.escape(pieces[0])
    for token, literal in zip(tokens, pieces[1:], strict=True):
        pattern += _PATTERNS[token] + re.escape(literal)
    return re.compile(pattern)


_MON_YEAR = re.compile(r"^([A-Za-z]{3})[ \-]?([0-9]{2}|[0-9]{4})$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")


def parse_month(label: str) -> Period:
    """Read a month given by a person ("Jan 27", "Jan 2027", "Jan-27", "2027-01") whatever
    the connection's format; anything else is a BadPeriod."""
    text = label.strip()
    if match := _ISO.match(text):
        return Period(int(match[1]), int(match[2]))
    if (match := _MON_YEAR.match(text)) and match[1].lower() in _MONTH_NUMBER:
        year = int(match[2])
        return Period(2000 + year if year < 100 else year, _MONTH_NUMBER[match[1].lower()])
    raise BadPeriod(f"not a month: {label!r} (expected e.g. 'Jan 27' or '2027-01')")


def periods_between(first: Period, last: Period) -> list[Period]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = current.next()
    return out
