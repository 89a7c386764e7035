"""A small generic tenant for the sandbox and manual runs (the demo firm's data lives elsewhere)."""

from decimal import Decimal

from .calendar import Calendar
from .definitions import TABULAR_MULTI_COLUMN, SourceFormat
from .model import Model
from .modules import LINE_ITEMS, TIME, VERSIONS
from .server import AnaplanSimulator

ACCOUNT_GROUPS = ("Income", "Expenses")
ACCOUNTS = (
    ("Revenue", "4000", "Income"),
    ("Cost of Sales", "5000", "Expenses"),
    ("Payroll", "6000", "Expenses"),
    ("Rent", "6100", "Expenses"),
)
DEPARTMENTS = ("Sales", "Operations", "Finance")


def seed_demo_like_sample(sim: AnaplanSimulator, first_year: int = 2027) -> Model:
    workspace = sim.tenant.add_workspace("Financial Planning")
    model = workspace.add_model("FP&A Sandbox", Calendar(first_year=first_year))
    _dimensions(model)
    _actions(model)
    _budget(model)
    return model


def _dimensions(model: Model) -> None:
    groups = model.add_list("Account Groups", ACCOUNT_GROUPS)
    accounts = model.add_list("Accounts", parent=groups, properties=["Type"])
    for name, code, group in ACCOUNTS:
        accounts.add(name, code, group, {"Type": group})
    departments = model.add_list("Departments", DEPARTMENTS)
    model.add_module("P&L", [accounts, departments], ["Amount"])


def _actions(model: Model) -> None:
    pnl = model.module_named("P&L")
    actual = {VERSIONS: ["Actual"]}
    tsc = model.add_export("P&L Actuals.csv", pnl, filters=actual)
    model.add_export("P&L Actuals by Month.csv", pnl, layout=TABULAR_MULTI_COLUMN, filters=actual)
    source = SourceFormat(["Account", "Department", "Month", "Amount"])
    actuals = model.add_module_import(
        "P&L from actuals.csv",
        pnl,
        source,
        columns={"Accounts": "Account", "Departments": "Department", TIME: "Month"},
        values={"Amount": {}},
        fixed={VERSIONS: "Actual", LINE_ITEMS: "Amount"},
        file_name="actuals.csv",
    )
    model.add_list_import(
        "Accounts from accounts.csv",
        model.list_named("Accounts"),
        SourceFormat(["Name", "Code", "Parent"]),
        "Name",
        file_name="accounts.csv",
        code_column="Code",
        parent_column="Parent",
    )
    model.add_process("Load actuals", [actuals, tsc])
    model.add_delete_action("Delete all Departments", model.list_named("Departments"))


def _budget(model: Model) -> None:
    pnl = model.module_named("P&L")
    for index, month in enumerate(model.calendar.months):
        for name, _, _ in ACCOUNTS:
            coords = {
                "Accounts": name,
                "Departments": "Sales",
                VERSIONS: "Budget",
                TIME: month,
                LINE_ITEMS: "Amount",
            }
            pnl.set_value(coords, Decimal(1000 + 10 * index))


SEEDS = {"demo-like-sample": seed_demo_like_sample}
