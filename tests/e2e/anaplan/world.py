"""The Anaplan tenant the client tests run against: a GL plan module with the actions a
connection uses (single- and multi-column exports, an actuals import, a process)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from simulators.anaplan import (
    LINE_ITEMS,
    TABULAR_MULTI_COLUMN,
    TIME,
    VERSIONS,
    AnaplanSimulator,
    Calendar,
    SourceFormat,
)
from simulators.anaplan.definitions import ExportDefinition, ModuleImport, ProcessDefinition
from simulators.anaplan.model import Model
from simulators.anaplan.modules import Module

EMAIL = "integration@example.com"
PASSWORD = "s3cret-Passw0rd"
ACCOUNTS = ("4000 Revenue", "6100 Rent", "6200 Travel")
COST_CENTERS = ("Sales", "Zürich Ops")
ACTUALS_COLUMNS = ("Account", "Cost Center", "Time", "Versions", "Amount")


@dataclass
class World:
    model: Model
    plan: Module
    single: ExportDefinition
    multi: ExportDefinition
    actuals: ModuleImport
    process: ProcessDefinition
    export_process: ProcessDefinition

    @property
    def workspace_id(self) -> str:
        return self.model.workspace.id

    def set(self, account: str, cost_center: str, month: str, value: str, version="Budget"):
        self.plan.set_value(coords(account, cost_center, month, version), Decimal(value))

    def value(self, account: str, cost_center: str, month: str, version="Actual"):
        return self.plan.value(coords(account, cost_center, month, version))


def coords(account: str, cost_center: str, month: str, version: str) -> dict[str, str]:
    return {
        "GL Accounts": account,
        "Cost Centers": cost_center,
        VERSIONS: version,
        TIME: month,
        LINE_ITEMS: "Amount",
    }


def build_world(sim: AnaplanSimulator) -> World:
    sim.add_user(EMAIL, PASSWORD)
    model = sim.tenant.add_workspace("FP&A").add_model("Plan", Calendar(first_year=2027))
    accounts = model.add_list("GL Accounts", ACCOUNTS)
    cost_centers = model.add_list("Cost Centers", COST_CENTERS)
    plan = model.add_module("GL Plan", [accounts, cost_centers], ["Amount"])
    budget = {VERSIONS: ["Budget", "Forecast"]}
    single = model.add_export("GL Plan for QuickBooks", plan, filters=budget)
    multi = model.add_export(
        "GL Plan by month", plan, layout=TABULAR_MULTI_COLUMN, filters=budget, time_totals=True
    )
    actuals = model.add_module_import(
        "Load GL Actuals",
        plan,
        SourceFormat(list(ACTUALS_COLUMNS)),
        columns={
            "GL Accounts": "Account",
            "Cost Centers": "Cost Center",
            TIME: "Time",
            VERSIONS: "Versions",
        },
        values={"Amount": {}},
        fixed={LINE_ITEMS: "Amount"},
        file_name="gl_actuals.csv",
    )
    process = model.add_process("Load actuals and export", [actuals, single])
    export_process = model.add_process("Refresh and export the plan", [single])
    return World(model, plan, single, multi, actuals, process, export_process)
