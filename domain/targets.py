"""Why a QuickBooks account or class cannot take a journal line, as a kind an operator can
filter on and the reason the chart gives (domain/chart.py words the reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.chart import Chart


class TargetIssueKind(StrEnum):
    MISSING = "missing_target"
    INACTIVE = "inactive_target"
    NOT_POSTABLE = "not_postable"
    CLASS_TRACKING_OFF = "class_tracking_off"


@dataclass(frozen=True, slots=True)
class TargetIssue:
    kind: TargetIssueKind
    why: str


def account_issue(chart: Chart, name: str) -> TargetIssue | None:
    why = chart.account_problem(name)
    if why is None:
        return None
    account = chart.accounts.get(name)
    if account is None:
        return TargetIssue(TargetIssueKind.MISSING, why)
    kind = TargetIssueKind.INACTIVE if not account.active else TargetIssueKind.NOT_POSTABLE
    return TargetIssue(kind, why)


def class_issue(chart: Chart, name: str) -> TargetIssue | None:
    why = chart.class_problem(name)
    if why is None:
        return None
    if not chart.class_tracking:
        return TargetIssue(TargetIssueKind.CLASS_TRACKING_OFF, why)
    kind = TargetIssueKind.MISSING if name not in chart.classes else TargetIssueKind.INACTIVE
    return TargetIssue(kind, why)
