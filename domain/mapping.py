"""Anaplan list members <-> QuickBooks accounts and classes.

Rules come from a CSV (kind, anaplan_member, quickbooks_name). Members without a rule map
to the QuickBooks name spelled the same when `match_same_names` is on (most charts share
their names with the planning lists; the CSV carries the exceptions).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import DomainError

CSV_HEADER = ("kind", "anaplan_member", "quickbooks_name")


class MappingKind(StrEnum):
    ACCOUNT = "account"
    CLASS = "class"


class BadMappingFile(DomainError):
    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class MappingRule:
    kind: MappingKind
    anaplan_member: str
    quickbooks_name: str


@dataclass(frozen=True, slots=True)
class Mapping:
    rules: tuple[MappingRule, ...] = ()
    match_same_names: bool = True
    _index: dict[tuple[MappingKind, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(r.kind, r.anaplan_member.casefold()): r.quickbooks_name for r in self.rules}
        object.__setattr__(self, "_index", index)

    def to_quickbooks(self, kind: MappingKind, member: str) -> str | None:
        found = self._index.get((kind, member.strip().casefold()))
        if found is None and self.match_same_names:
            return member.strip()
        return found

    def to_anaplan(self, kind: MappingKind, quickbooks_name: str) -> str | None:
        """The Anaplan member a QuickBooks account or class feeds (for actuals)."""
        for rule in self.rules:
            if rule.kind is kind and rule.quickbooks_name.casefold() == quickbooks_name.casefold():
                return rule.anaplan_member
        return quickbooks_name if self.match_same_names else None


def parse_mapping_csv(text: str, match_same_names: bool = True) -> Mapping:
    rows = _rows(text)
    header = tuple(cell.strip().lower() for cell in rows[0]) if rows else ()
    if header != CSV_HEADER:
        raise BadMappingFile(
            [f"the first line must be {','.join(CSV_HEADER)}, not {','.join(header)}"]
        )
    rules, problems = [], []
    for line, row in enumerate(rows[1:], start=2):
        rule, problem = _rule(row)
        if problem:
            problems.append(f"line {line}: {problem}")
        elif rule:
            rules.append(rule)
    problems += _duplicates(rules)
    if problems:
        raise BadMappingFile(problems)
    return Mapping(tuple(rules), match_same_names)


def mapping_csv(mapping: Mapping) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows((r.kind.value, r.anaplan_member, r.quickbooks_name) for r in mapping.rules)
    return out.getvalue()


def _rows(text: str) -> list[list[str]]:
    """The file's records; a quote left open, a stray line break or a field over the csv
    module's limit is a problem with the file, not a crash."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise BadMappingFile([f"line {reader.line_num}: {error}"]) from None


def _rule(row: list[str]) -> tuple[MappingRule | None, str | None]:
    cells = [cell.strip() for cell in row]
    if not any(cells):
        return None, None
    if len(cells) != 3 or not all(cells):
        return None, f"expected 3 non-empty values, got {row!r}"
    if any(unicodedata.category(char) == "Cc" for cell in cells for char in cell):
        return None, f"names cannot hold control characters: {row!r}"
    if cells[0].lower() not in MappingKind.__members__.values():
        return None, f"kind must be 'account' or 'class', not {cells[0]!r}"
    return MappingRule(MappingKind(cells[0].lower()), cells[1], cells[2]), None


def _duplicates(rules: Iterable[MappingRule]) -> list[str]:
    seen: dict[tuple[MappingKind, str], str] = {}
    problems = []
    for rule in rules:
        key = (rule.kind, rule.anaplan_member.casefold())
        if key in seen and seen[key] != rule.quickbooks_name:
            problems.append(f"{rule.kind} {rule.anaplan_member!r} is mapped twice")
        seen[key] = rule.quickbooks_name
    return problems
