"""The Anaplan members a connection knows of, and where each was seen.

Members come from the Anaplan lists the connection names (`PlanExport.account_list` and
`cost_center_list`), from the latest exported plan, and from the mapping's own rules.
Names are compared case-insensitively, as the mapping compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping as Lookup
from dataclasses import dataclass, field
from enum import StrEnum

from domain.mapping import Mapping, MappingKind

LABEL = {MappingKind.ACCOUNT: "Anaplan account", MappingKind.CLASS: "Anaplan cost center"}


class Seen(StrEnum):
    LIST = "list"  # a member of the Anaplan list
    PLAN = "plan"  # in the latest exported plan
    RULE = "rule"  # named by a mapping rule


@dataclass(frozen=True, slots=True)
class Member:
    kind: MappingKind
    name: str
    seen_in: tuple[Seen, ...]

    @property
    def label(self) -> str:
        return f"{LABEL[self.kind]} {self.name!r}"


@dataclass(frozen=True, slots=True)
class Members:
    members: tuple[Member, ...] = ()
    lists: dict[MappingKind, str] = field(default_factory=dict)  # kinds read whole

    def of(self, kind: MappingKind) -> list[Member]:
        return [member for member in self.members if member.kind is kind]

    def listed(self, kind: MappingKind, name: str) -> bool:
        wanted = name.strip().casefold()
        return any(m.name.casefold() == wanted and Seen.LIST in m.seen_in for m in self.of(kind))


def collect(
    listed: Lookup[MappingKind, tuple[str, Iterable[str]]],
    planned: Lookup[MappingKind, Iterable[str]],
    mapping: Mapping,
) -> Members:
    """`listed`: per kind, the list's name and its members; `planned`: per kind, the
    members in the exported plan."""
    seen: dict[tuple[MappingKind, str], tuple[str, set[Seen]]] = {}

    def note(kind: MappingKind, name: str, where: Seen) -> None:
        name = name.strip()
        if name:
            _, places = seen.setdefault((kind, name.casefold()), (name, set()))
            places.add(where)

    for kind, (_, names) in listed.items():
        for name in names:
            note(kind, name, Seen.LIST)
    for kind, names in planned.items():
        for name in names:
            note(kind, name, Seen.PLAN)
    for rule in mapping.rules:
        note(rule.kind, rule.anaplan_member, Seen.RULE)
    members = [
        Member(kind, name, tuple(sorted(places))) for (kind, _), (name, places) in seen.items()
    ]
    members.sort(key=lambda m: (m.kind.value, m.name.casefold()))
    return Members(tuple(members), {kind: name for kind, (name, _) in listed.items()})


@dataclass(frozen=True, slots=True)
class Target:
    name: str  # as the mapping spells it
    members: tuple[str, ...]  # the members that map to it


def targets(members: Members, mapping: Mapping, kind: MappingKind) -> dict[str, Target]:
    """The QuickBooks names (keyed case-folded) the members of one kind map to."""
    found: dict[str, Target] = {}
    for member in members.of(kind):
        name = mapping.to_quickbooks(kind, member.name)
        if name is not None:
            known = found.get(name.casefold(), Target(name, ()))
            found[name.casefold()] = Target(known.name, (*known.members, member.name))
    return found
