"""QuickBooks class full names: what QuickBooks would refuse, and what to add so that a
set of names exists (a sub-class goes under an existing parent only)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.chart import Chart
from domain.mapping import Mapping, MappingKind
from domain.plan import PlanCell

# The longest class name (one level of a full name) QuickBooks takes (ClassAdd, qbXML 13.0).
MAX_CLASS_NAME = 31


def classes_to_add(names: Iterable[str], chart: Chart) -> list[str]:
    """Each missing class with its missing parents, parents first."""
    known = {name.casefold() for name in chart.classes}
    wanted: dict[str, str] = {}
    for name in names:
        parts = [part.strip() for part in name.split(":")]
        for depth in range(1, len(parts) + 1):
            full = ":".join(parts[:depth])
            if full.casefold() not in known:
                wanted.setdefault(full.casefold(), full)
    return sorted(wanted.values(), key=lambda full: (full.count(":"), full))


def class_name_problem(name: str) -> str | None:
    """What QuickBooks would refuse about a class full name, before asking it."""
    parts = [part.strip() for part in name.split(":")]
    if not all(parts):
        return f"class {name!r} has an empty name or segment"
    long = [part for part in parts if len(part) > MAX_CLASS_NAME]
    if long:
        return f"class {name!r}: {long[0]!r} is longer than {MAX_CLASS_NAME} characters"
    return None


def missing_classes(cells: Iterable[PlanCell], mapping: Mapping, chart: Chart) -> list[str]:
    """The classes a plan's cost centers map to that QuickBooks lacks (parents first);
    names QuickBooks would refuse are left for staging to report."""
    wanted = {
        mapping.to_quickbooks(MappingKind.CLASS, cell.cost_center)
        for cell in cells
        if cell.cost_center
    }
    names = [name for name in wanted if name and class_name_problem(name) is None]
    return classes_to_add(names, chart)
