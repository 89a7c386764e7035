"""Which QuickBooks classes a plan needs that the company file does not have yet."""

from __future__ import annotations

from collections.abc import Iterable

from domain.chart import Chart
from domain.mapping import Mapping, MappingKind
from domain.plan import PlanCell


def missing_classes(cells: Iterable[PlanCell], mapping: Mapping, chart: Chart) -> tuple[str, ...]:
    wanted = {
        mapping.to_quickbooks(MappingKind.CLASS, c.cost_center) for c in cells if c.cost_center
    }
    return tuple(sorted(name for name in wanted if name and name not in chart.classes))
