"""From approved plan values to balanced journal entries (pure).

One entry per version and period, split when it would exceed the connection's line limit;
every part balances through its own line on the offset account. Amounts are Decimal,
rounded to cents per line; the offset line takes whatever the rounding left over, so the
entry always balances to the cent.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain.chart import Chart
from domain.connection import EntryDate, PostingRules, SignConvention
from domain.mapping import Mapping, MappingKind
from domain.period import Period
from domain.plan import PlanCell

CENT = Decimal("0.01")
REF_MAX = 11


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalLine:
    side: Side
    account: str
    class_name: str | None
    amount: Decimal  # positive, two decimals
    memo: str
    plan_amount: Decimal | None = None  # the plan's own signed value; None on offset lines


@dataclass(frozen=True, kw_only=True, slots=True)
class EntryPlan:
    entry_id: str
    ref_number: str
    version: str
    period: Period
    part: int
    txn_date_iso: str
    lines: tuple[JournalLine, ...]

    @property
    def content_hash(self) -> str:
        return content_hash(self.txn_date_iso, self.lines)

    @property
    def shape(self) -> tuple[tuple[str, str, str | None], ...]:
        return line_shape(self.lines)


@dataclass(frozen=True, slots=True)
class Rejection:
    version: str
    period: Period
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostingPlan:
    entries: tuple[EntryPlan, ...]
    rejections: tuple[Rejection, ...]


def plan_entries(
    values: Iterable[PlanCell],
    mapping: Mapping,
    chart: Chart,
    rules: PostingRules,
    approved_versions: Sequence[str],
) -> PostingPlan:
    groups = _group(v for v in values if v.version in approved_versions)
    entries: list[EntryPlan] = []
    rejections: list[Rejection] = []
    for (version, period), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        lines, problems = _plan_lines(group, mapping, chart, rules)
        if problems:
            rejections.append(Rejection(version, period, tuple(problems)))
        elif lines:
            entries += _split(version, period, lines, rules)
    return PostingPlan(tuple(entries), tuple(rejections))


def entry_id(version: str, period: Period, part: int) -> str:
    digest = hashlib.sha256(f"{version}|{period.key}|{part}".encode()).digest()
    return base64.b32encode(digest).decode()[:16].lower()


def ref_number(prefix: str, version: str, period: Period, part: int) -> str:
    """Deterministic and at most 11 characters: prefix + YYMM + '-' + a short hash."""
    stem = f"{prefix}{period.year % 100:02d}{period.month:02d}-"
    return stem + entry_id(version, period, part)[: REF_MAX - len(stem)].upper()


def content_hash(txn_date_iso: str, lines: Sequence[JournalLine]) -> str:
    text = txn_date_iso + "".join(
        f"|{ln.side}:{ln.account}:{ln.class_name or ''}:{ln.amount}:{ln.memo}" for ln in lines
    )
    return hashlib.sha256(text.encode()).hexdigest()


def line_shape(lines: Sequence[JournalLine]) -> tuple[tuple[str, str, str | None], ...]:
    return tuple((ln.side.value, ln.account, ln.class_name) for ln in lines)


def _group(values: Iterable[PlanCell]) -> dict[tuple[str, Period], list[PlanCell]]:
    groups: dict[tuple[str, Period], list[PlanCell]] = defaultdict(list)
    for value in values:
        groups[(value.version, value.period)].append(value)
    return groups


def _plan_lines(
    group: list[PlanCell], mapping: Mapping, chart: Chart, rules: PostingRules
) -> tuple[list[JournalLine], list[str]]:
    totals: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    memos: dict[tuple[str, str | None], str] = {}
    problems: set[str] = set()
    for value in group:
        target = _target(value, mapping, chart, problems)
        if target is not None:
            totals[target] += value.amount
            memos.setdefault(target, value.memo or f"{value.version} plan {value.period.key}")
    problems |= _offset_problems(rules, chart)
    if problems:
        return [], sorted(problems)
    lines = [
        _line(target, amount, memos[target], chart, rules)
        for target, amount in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]
    return [line for line in lines if line.amount], []


def _target(
    value: PlanCell, mapping: Mapping, chart: Chart, problems: set[str]
) -> tuple[str, str | None] | None:
    account = mapping.to_quickbooks(MappingKind.ACCOUNT, value.account)
    cls = mapping.to_quickbooks(MappingKind.CLASS, value.cost_center) if value.cost_center else None
    found = []
    if account is None:
        found.append(f"Anaplan account {value.account!r} has no QuickBooks account mapped")
    elif problem := chart.account_problem(account):
        found.append(f"Anaplan account {value.account!r} -> {problem}")
    if value.cost_center and cls is None:
        found.append(f"Anaplan cost center {value.cost_center!r} has no QuickBooks class mapped")
    elif cls is not None and (problem := chart.class_problem(cls)):
        found.append(f"Anaplan cost center {value.cost_center!r} -> {problem}")
    problems.update(found)
    return None if found or account is None else (account, cls)


def _offset_problems(rules: PostingRules, chart: Chart) -> set[str]:
    problems = set()
    if problem := chart.account_problem(rules.offset_account):
        problems.add(f"offset {problem}")
    if rules.offset_class and (problem := chart.class_problem(rules.offset_class)):
        problems.add(f"offset {problem}")
    return problems


def _line(
    target: tuple[str, str | None], amount: Decimal, memo: str, chart: Chart, rules: PostingRules
) -> JournalLine:
    account, cls = target
    credit_normal = rules.sign is SignConvention.NATURAL and chart.accounts[account].credit_normal
    positive_side = Side.CREDIT if credit_normal else Side.DEBIT
    side = positive_side if amount >= 0 else _other(positive_side)
    rounded = abs(amount).quantize(CENT, ROUND_HALF_UP)
    plan = rounded if amount >= 0 else -rounded
    return JournalLine(
        side=side, account=account, class_name=cls, amount=rounded, memo=memo, plan_amount=plan
    )


def _split(
    version: str, period: Period, lines: list[JournalLine], rules: PostingRules
) -> list[EntryPlan]:
    size = rules.max_lines_per_entry - 1  # room for the offset line
    parts = [lines[i : i + size] for i in range(0, len(lines), size)]
    day = period.last_day if rules.entry_date is EntryDate.PERIOD_END else period.first_day
    return [
        EntryPlan(
            entry_id=entry_id(version, period, n),
            ref_number=ref_number(rules.ref_prefix, version, period, n),
            version=version,
            period=period,
            part=n,
            txn_date_iso=day.isoformat(),
            lines=(*part, *_offset(part, rules, version, period)),
        )
        for n, part in enumerate(parts, start=1)
    ]


def _offset(
    lines: list[JournalLine], rules: PostingRules, version: str, period: Period
) -> tuple[JournalLine, ...]:
    balance = sum((ln.amount if ln.side is Side.DEBIT else -ln.amount for ln in lines), Decimal(0))
    if not balance:
        return ()
    side = Side.CREDIT if balance > 0 else Side.DEBIT
    memo = f"{version} plan {period.key} offset"
    line = JournalLine(
        side=side,
        account=rules.offset_account,
        class_name=rules.offset_class,
        amount=abs(balance),
        memo=memo,
    )
    return (line,)


def _other(side: Side) -> Side:
    return Side.CREDIT if side is Side.DEBIT else Side.DEBIT
