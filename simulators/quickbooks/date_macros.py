"""DateMacro, ReportDateMacro and friends: named periods relative to today."""

import re
from datetime import date, timedelta

_MACRO = re.compile(
    r"(This|Last|Next)"
    r"(Week|FourWeeks|Month|CalendarQuarter|FiscalQuarter|Quarter|CalendarYear|FiscalYear|Year)"
    r"(ToDate)?"
)
_STEP = {"This": 0, "Last": -1, "Next": 1}


def macro_range(
    name: str, today: date, fiscal_start_month: int = 1
) -> tuple[date | None, date | None]:
    if name == "All":
        return None, None
    if name in ("Today", "Yesterday"):
        day = today if name == "Today" else today - timedelta(days=1)
        return day, day
    match = _MACRO.fullmatch(name)
    if match is None:
        raise ValueError(f"unknown date macro {name}")
    relation, unit, to_date = match.groups()
    start, end = _period(unit, today, _STEP[relation], fiscal_start_month)
    return start, (today if to_date else end)


def _period(unit: str, today: date, step: int, fiscal_start: int) -> tuple[date, date]:
    if unit == "Week":
        start = today - timedelta(days=(today.weekday() + 1) % 7) + timedelta(weeks=step)
        return start, start + timedelta(days=6)
    if unit == "FourWeeks":
        return today, today + timedelta(days=27)
    months = {"Month": 1, "CalendarQuarter": 3, "Quarter": 3, "FiscalQuarter": 3}.get(unit, 12)
    anchor = fiscal_start if unit.startswith("Fiscal") else 1
    return _month_block(today, months, anchor, step)


def _month_block(today: date, months: int, anchor: int, step: int) -> tuple[date, date]:
    index = today.year * 12 + today.month - 1
    offset = (index - (anchor - 1)) % months
    first = index - offset + step * months
    start = date(first // 12, first % 12 + 1, 1)
    after = first + months
    return start, date(after // 12, after % 12 + 1, 1) - timedelta(days=1)
