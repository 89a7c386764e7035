"""Which scheduled runs are due: one run per connection, flow and time slot.

A slot is `floor(epoch seconds / interval)`, so every worker process that looks at the same
moment names the same run id, and the event store's expected-version check lets exactly one
of them create it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.connection import Schedules
from domain.period import Period


@dataclass(frozen=True, slots=True)
class DueRun:
    kind: str  # plan_to_ledger | ledger_to_plan
    run_id: str


def due_runs(connection_id: str, schedules: Schedules, now: datetime) -> list[DueRun]:
    runs = []
    for kind, minutes in (
        ("plan_to_ledger", schedules.plan_to_ledger_minutes),
        ("ledger_to_plan", schedules.ledger_to_plan_minutes),
    ):
        if minutes:
            slot = int(now.timestamp()) // (minutes * 60)
            runs.append(DueRun(kind, f"sched-{kind[0]}{kind[-1]}-{connection_id}-{slot}"))
    return runs


def fiscal_year_to_date(today: date, fiscal_start_month: int) -> tuple[Period, Period]:
    """The months of the current fiscal year up to and including this one."""
    start_year = today.year if today.month >= fiscal_start_month else today.year - 1
    return Period(start_year, fiscal_start_month), Period.of(today)
