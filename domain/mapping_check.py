"""A mapping checked against both systems: every Anaplan member known to the connection
must map to a QuickBooks account or class that exists, is active and takes journal lines.

One list of problems, each naming its kind, the member, the target and why, so an operator
can fix them all at once (the flows stop an entry on the same conditions).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from domain.chart import Chart
from domain.connection import PostingRules
from domain.mapping import Mapping, MappingKind
from domain.members import Member, Members
from domain.targets import TargetIssue, account_issue, class_issue


class ProblemKind(StrEnum):
    NO_CHART = "no_chart"  # QuickBooks' chart has not been read yet: targets unchecked
    UNCHECKED = "unchecked"  # an Anaplan source could not be read
    UNMAPPED = "unmapped"  # no rule and same-name matching is off
    UNKNOWN_MEMBER = "unknown_member"  # a rule for a member the Anaplan list lacks
    MISSING_TARGET = "missing_target"
    INACTIVE_TARGET = "inactive_target"
    NOT_POSTABLE = "not_postable"
    CLASS_TRACKING_OFF = "class_tracking_off"


@dataclass(frozen=True, slots=True)
class MappingProblem:
    kind: ProblemKind
    why: str
    member_kind: MappingKind | None = None
    member: str | None = None
    target: str | None = None
    seen_in: tuple[str, ...] = ()  # list / plan / rule / posting


def check_mapping(
    mapping: Mapping, members: Members, chart: Chart | None, posting: PostingRules
) -> list[MappingProblem]:
    problems = [] if chart else [_no_chart()]
    for member in members.members:
        problems += _member_problems(member, mapping, chart)
    problems += _unknown_members(mapping, members)
    if chart is not None:
        problems += _offset_problems(posting, chart)
    return problems


def _no_chart() -> MappingProblem:
    return MappingProblem(
        ProblemKind.NO_CHART,
        "QuickBooks' chart of accounts has not been read yet, so no target was checked; "
        "request a read (refresh) and let the Web Connector run",
    )


def _member_problems(
    member: Member, mapping: Mapping, chart: Chart | None
) -> Iterator[MappingProblem]:
    target = mapping.to_quickbooks(member.kind, member.name)
    seen = tuple(member.seen_in)
    if target is None:
        what = "account" if member.kind is MappingKind.ACCOUNT else "class"
        why = f"{member.label} has no QuickBooks {what} mapped (no rule; same-name matching is off)"
        yield MappingProblem(ProblemKind.UNMAPPED, why, member.kind, member.name, None, seen)
        return
    issue = _issue(chart, member.kind, target) if chart else None
    if issue is not None:
        yield MappingProblem(
            ProblemKind(issue.kind.value),
            f"{member.label} -> {issue.why}",
            member.kind,
            member.name,
            target,
            seen,
        )


def _issue(chart: Chart, kind: MappingKind, target: str) -> TargetIssue | None:
    issue = account_issue if kind is MappingKind.ACCOUNT else class_issue
    return issue(chart, target)


def _unknown_members(mapping: Mapping, members: Members) -> Iterator[MappingProblem]:
    for rule in mapping.rules:
        list_name = members.lists.get(rule.kind)
        if list_name is not None and not members.listed(rule.kind, rule.anaplan_member):
            yield MappingProblem(
                ProblemKind.UNKNOWN_MEMBER,
                f"the mapping has a rule for {rule.anaplan_member!r}, which is not in the "
                f"Anaplan list {list_name!r}",
                rule.kind,
                rule.anaplan_member,
                rule.quickbooks_name,
                ("rule",),
            )


def _offset_problems(posting: PostingRules, chart: Chart) -> Iterator[MappingProblem]:
    targets = [(MappingKind.ACCOUNT, "posting.offset_account", posting.offset_account)]
    if posting.offset_class:
        targets.append((MappingKind.CLASS, "posting.offset_class", posting.offset_class))
    for kind, setting, target in targets:
        issue = _issue(chart, kind, target)
        if issue is not None:
            yield MappingProblem(
                ProblemKind(issue.kind.value),
                f"{setting}: {issue.why}",
                kind,
                None,
                target,
                ("posting",),
            )
