"""Anaplan Integration API v2.0 simulator: auth service, OAuth, bulk and transactional API.

Built from the Anaplan references only; nothing here imports the product.

    sim = AnaplanSimulator(SimConfig(task_timing=TaskTiming(polls=1)))
    sim.add_user("planner@example.com", "pw")
    model = sim.tenant.add_workspace("Planning").add_model("Plan", Calendar(first_year=2027))
    accounts = model.add_list("Accounts", [("Revenue", "4000"), ("Payroll", "6000")])
    pnl = model.add_module("P&L", [accounts], ["Amount"])          # + Versions, Time, Line Items
    export = model.add_export("P&L.csv", pnl, filters={VERSIONS: ["Actual"]})
    actuals = model.add_module_import(
        "Actuals", pnl, SourceFormat(["Account", "Month", "Amount"]),
        columns={"Accounts": "Account", TIME: "Month"}, values={"Amount": {}},
        fixed={VERSIONS: "Actual", LINE_ITEMS: "Amount"})
    urls = await sim.start()    # urls.api (".../2/0"), urls.auth, urls.oauth, urls.control
    ...
    pnl.value({"Accounts": "Revenue", VERSIONS: "Actual", TIME: "Jan 27", LINE_ITEMS: "Amount"})
    await sim.stop()

Knobs live on `sim.config` (SimConfig), faults on `sim.faults` (Faults), counters on
`sim.counters` (Counters), simulated time on `sim.clock`; the same are reachable over HTTP
under `urls.control` (see control.py). `python -m simulators.anaplan --help` serves a seeded
tenant; `simulators.anaplan.sdk_transport` points the third-party anaplan-sdk at it.
"""

from .calendar import Calendar
from .config import SimConfig
from .definitions import TABULAR_MULTI_COLUMN, TABULAR_SINGLE_COLUMN, SourceFormat
from .faults import FaultRule
from .modules import LINE_ITEMS, TIME, VERSIONS
from .server import AnaplanSimulator, SimUrls
from .tasks import TaskTiming

__all__ = [
    "LINE_ITEMS",
    "TABULAR_MULTI_COLUMN",
    "TABULAR_SINGLE_COLUMN",
    "TIME",
    "VERSIONS",
    "AnaplanSimulator",
    "Calendar",
    "FaultRule",
    "SimConfig",
    "SimUrls",
    "SourceFormat",
    "TaskTiming",
]
