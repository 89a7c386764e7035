"""Reference-data drift: QuickBooks accounts and classes against the Anaplan members that
map to them.

- new in QuickBooks: an active account or class that could be planned and that no Anaplan
  member maps to (accounts: income and expense types; both: leaves, since plans are made
  at the lowest level and the parents only sum their children);
- renamed: a ListID seen under another full name in an earlier chart read, whose old
  name Anaplan members still map to;
- inactive but mapped: Anaplan members map to an account or class made inactive;
- target vanished: the target was in an earlier read and is gone (deleted or merged);
- target missing: the target has never been in QuickBooks' chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.chart import PROFIT_AND_LOSS
from domain.events import ChartOfAccountsRead
from domain.mapping import Mapping, MappingKind
from domain.members import LABEL, Members, Target, targets

WORD = {MappingKind.ACCOUNT: "account", MappingKind.CLASS: "class"}


class DriftKind(StrEnum):
    NEW_IN_QUICKBOOKS = "new_in_quickbooks"
    RENAMED = "renamed"
    INACTIVE_BUT_MAPPED = "inactive_but_mapped"
    TARGET_VANISHED = "target_vanished"
    TARGET_MISSING = "target_missing"


@dataclass(frozen=True, slots=True)
class DriftItem:
    kind: DriftKind
    member_kind: MappingKind
    quickbooks_name: str | None  # as QuickBooks has it now (None: not there)
    why: str
    members: tuple[str, ...] = ()  # the Anaplan members concerned
    list_id: str | None = None
    previous_name: str | None = None  # renamed / vanished: the name members map to


@dataclass(frozen=True, slots=True)
class QbItem:
    """An account or class as one chart read has it."""

    list_id: str
    full_name: str
    active: bool
    plannable: bool  # may be planned: see the module's docstring


def items(read: ChartOfAccountsRead, kind: MappingKind) -> list[QbItem]:
    if kind is MappingKind.CLASS:
        entries = [(c.list_id, c.full_name, c.is_active, True) for c in read.classes]
    else:
        entries = [
            (a.list_id, a.full_name, a.is_active, a.account_type in PROFIT_AND_LOSS)
            for a in read.accounts
        ]
    parents = _parents(name for _, name, _, _ in entries)
    return [
        QbItem(list_id, name, active, active and p_and_l and name.casefold() not in parents)
        for list_id, name, active, p_and_l in entries
    ]


def drift(
    reads: Sequence[ChartOfAccountsRead], members: Members, mapping: Mapping
) -> list[DriftItem]:
    """`reads`: the chart reads of the connection, oldest first (the last is current)."""
    if not reads:
        return []
    found: list[DriftItem] = []
    kinds = [MappingKind.ACCOUNT] + ([MappingKind.CLASS] if reads[-1].class_tracking else [])
    for kind in kinds:
        found += _drift(reads, kind, targets(members, mapping, kind))
    order = list(DriftKind)
    found.sort(key=lambda d: (order.index(d.kind), d.member_kind.value, _sort_name(d)))
    return found


def _drift(
    reads: Sequence[ChartOfAccountsRead], kind: MappingKind, mapped: dict[str, Target]
) -> Iterator[DriftItem]:
    current = items(reads[-1], kind)
    now = {item.full_name.casefold() for item in current}
    history = _earlier_names(reads[:-1], kind)
    explained: set[str] = set()
    for item in current:
        target = mapped.get(item.full_name.casefold())
        if target is not None:
            if not item.active:
                yield _inactive(kind, item, target.members)
            continue
        renamed = _renamed_from(history.get(item.list_id, []), mapped, now)
        if renamed is not None:
            explained.add(renamed.casefold())
            yield _renamed(kind, item, renamed, mapped[renamed.casefold()].members)
        elif item.plannable:
            yield _new(kind, item)
    earlier = {name.casefold(): name for names in history.values() for name in names}
    for key, target in mapped.items():
        if key not in now and key not in explained:
            yield _gone(kind, earlier.get(key), target)


def _earlier_names(reads: Sequence[ChartOfAccountsRead], kind: MappingKind) -> dict[str, list[str]]:
    """Per ListID, the full names earlier reads had, oldest first."""
    names: dict[str, list[str]] = {}
    for read in reads:
        for item in items(read, kind):
            seen = names.setdefault(item.list_id, [])
            if item.full_name not in seen:
                seen.append(item.full_name)
    return names


def _renamed_from(earlier: list[str], mapped: dict[str, Target], now: set[str]) -> str | None:
    """The latest earlier name of an item that Anaplan members still map to and that no
    item holds today."""
    for name in reversed(earlier):
        if name.casefold() in mapped and name.casefold() not in now:
            return name
    return None


def _inactive(kind: MappingKind, item: QbItem, members: tuple[str, ...]) -> DriftItem:
    why = (
        f"{WORD[kind]} {item.full_name!r} is inactive in QuickBooks but "
        f"{_who(kind, members)} still {_map(members)} to it"
    )
    return DriftItem(
        DriftKind.INACTIVE_BUT_MAPPED, kind, item.full_name, why, members, item.list_id
    )


def _renamed(kind: MappingKind, item: QbItem, old: str, members: tuple[str, ...]) -> DriftItem:
    why = (
        f"{WORD[kind]} {old!r} was renamed {item.full_name!r} in QuickBooks; "
        f"{_who(kind, members)} still {_map(members)} to the old name"
    )
    return DriftItem(DriftKind.RENAMED, kind, item.full_name, why, members, item.list_id, old)


def _new(kind: MappingKind, item: QbItem) -> DriftItem:
    why = f"{WORD[kind]} {item.full_name!r} is in QuickBooks; no Anaplan member maps to it"
    return DriftItem(DriftKind.NEW_IN_QUICKBOOKS, kind, item.full_name, why, list_id=item.list_id)


def _gone(kind: MappingKind, earlier: str | None, target: Target) -> DriftItem:
    if earlier is not None:
        why = f"{WORD[kind]} {earlier!r} was in QuickBooks and is gone (deleted or merged)"
        drift_kind = DriftKind.TARGET_VANISHED
    else:
        why = f"{WORD[kind]} {target.name!r} has never been in QuickBooks' chart"
        drift_kind = DriftKind.TARGET_MISSING
    why += f"; {_who(kind, target.members)} {_map(target.members)} to it"
    return DriftItem(
        drift_kind, kind, None, why, target.members, previous_name=earlier or target.name
    )


def _map(members: tuple[str, ...]) -> str:
    return "maps" if len(members) == 1 else "map"


def _who(kind: MappingKind, members: tuple[str, ...]) -> str:
    names = ", ".join(repr(m) for m in members)
    return f"{LABEL[kind]}{'s' if len(members) > 1 else ''} {names}"


def _parents(names: Iterable[str]) -> set[str]:
    parents = set()
    for name in names:
        parts = name.split(":")
        parents |= {":".join(parts[:n]).casefold() for n in range(1, len(parts))}
    return parents


def _sort_name(item: DriftItem) -> str:
    return (item.quickbooks_name or item.previous_name or "").casefold()
