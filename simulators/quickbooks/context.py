"""What a request handler sees: the company file, the session's iterators, the fault
plans in force and a tally of the work done (for the latency model)."""

from dataclasses import dataclass, field

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.faults import FaultPlan
from simulators.quickbooks.iterators import IteratorRegistry
from simulators.quickbooks.latency import Work


@dataclass
class RequestContext:
    company: CompanyFile
    iterators: IteratorRegistry
    fault_plans: list[FaultPlan]
    version: str
    work: Work = field(default_factory=Work)

    def take_lock_error(self) -> int | None:
        for plan in self.fault_plans:
            code = plan.take_lock_error()
            if code is not None:
                return code
        return None

    def take_invalid_reference(self) -> bool:
        return any(plan.take_invalid_reference() for plan in self.fault_plans)

    def take_concurrent_edit(self) -> bool:
        return any(plan.take_concurrent_edit() for plan in self.fault_plans)
