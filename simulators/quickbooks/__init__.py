"""A QuickBooks Desktop company file and qbXML processor, in memory."""

from simulators.quickbooks.clock import RunningClock, SimulatedClock, SystemClock
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.desktop import QuickBooksDesktop, QuickBooksUnavailable
from simulators.quickbooks.faults import FaultPlan
from simulators.quickbooks.latency import LatencyModel
from simulators.quickbooks.machine_time import MachineTimeZone
from simulators.quickbooks.product import ENTERPRISE_24, PRO_2014, Product
from simulators.quickbooks.seed import demo_company, seed_company
from simulators.quickbooks.session import ProcessResult, QuickBooksSession
from simulators.quickbooks.settings import CompanySettings

__all__ = [
    "ENTERPRISE_24",
    "PRO_2014",
    "CompanyFile",
    "CompanySettings",
    "FaultPlan",
    "LatencyModel",
    "MachineTimeZone",
    "ProcessResult",
    "Product",
    "QuickBooksDesktop",
    "QuickBooksSession",
    "QuickBooksUnavailable",
    "RunningClock",
    "SimulatedClock",
    "SystemClock",
    "demo_company",
    "seed_company",
]
