"""The Time dimension: months labelled as Anaplan shows them ("Jan 27"), quarter and year totals."""

import re
from dataclasses import dataclass
from functools import cached_property

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Calendar:
    """Months over `years` fiscal years; a fiscal year is named by the year it ends in."""

    first_year: int
    years: int = 1
    fiscal_start_month: int = 1

    @cached_property
    def months(self) -> tuple[str, ...]:
        return tuple(label for year in self._fiscal_years for label in self._months_of(year))

    @cached_property
    def _month_set(self) -> frozenset[str]:
        return frozenset(self.months)

    @property
    def _fiscal_years(self) -> range:
        first_end = self.first_year + (1 if self.fiscal_start_month > 1 else 0)
        return range(first_end, first_end + self.years)

    def _months_of(self, fiscal_year: int) -> list[str]:
        start_year = fiscal_year - (1 if self.fiscal_start_month > 1 else 0)
        return [self._label(start_year, self.fiscal_start_month + i) for i in range(12)]

    @staticmethod
    def _label(year: int, month: int) -> str:
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return f"{MONTHS[month - 1]} {year % 100:02d}"

    def columns(self, with_totals: bool) -> list[tuple[str, tuple[str, ...]]]:
        """Period labels in display order, each with the months it sums (a month sums itself)."""
        if not with_totals:
            return [(month, (month,)) for month in self.months]
        return [column for year in self._fiscal_years for column in self._year_columns(year)]

    def _year_columns(self, fiscal_year: int) -> list[tuple[str, tuple[str, ...]]]:
        months = self._months_of(fiscal_year)
        columns: list[tuple[str, tuple[str, ...]]] = []
        for quarter in range(4):
            quarter_months = tuple(months[quarter * 3 : quarter * 3 + 3])
            columns += [(month, (month,)) for month in quarter_months]
            columns.append((f"Q{quarter + 1} FY{fiscal_year % 100:02d}", quarter_months))
        columns.append((f"FY{fiscal_year % 100:02d}", tuple(months)))
        return columns

    def parse(self, text: str) -> str | None:
        """The month label for `text` given as a label ("Jan 27") or as ISO "2027-01"."""
        text = text.strip()
        if text in self._month_set:
            return text
        match = _ISO_MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            return None
        label = self._label(int(match.group(1)), int(match.group(2)))
        return label if label in self._month_set else None
