"""The demo firm's planning model in the Anaplan simulator.

A "GL Plan" module (GL Accounts x Cost Centers x Versions x Time, line item Amount) holds
the FY2027 Budget and Forecast; "GL Plan for QuickBooks" exports them one cell per row;
"Load GL Actuals" imports the ledger actuals into the Actual version of the same module.
"""

from dataclasses import dataclass
from decimal import Decimal

from simulators import firm
from simulators.anaplan import (
    LINE_ITEMS,
    TABULAR_MULTI_COLUMN,
    TIME,
    VERSIONS,
    AnaplanSimulator,
    Calendar,
    SourceFormat,
)

ACTUALS_COLUMNS = ["Account", "Cost Center", "Time", "Versions", "Amount"]
EXPORT = "GL Plan for QuickBooks"
EXPORT_BY_MONTH = "GL Plan by Month for QuickBooks"
IMPORT = "Load GL Actuals"
IMPORT_FILE = "gl_actuals.csv"
USER, PASSWORD = "integration@harborline.example", "sandbox-password"


@dataclass(frozen=True)
class FirmModel:
    workspace_id: str
    model_id: str
    module: object


def seed_firm(sim: AnaplanSimulator) -> FirmModel:
    sim.add_user(USER, PASSWORD)
    workspace = sim.tenant.add_workspace("Harborline FP&A")
    model = workspace.add_model(
        "Harborline FY27 Plan",
        Calendar(first_year=firm.FISCAL_YEAR),
        ("Actual", "Budget", "Forecast"),
    )
    accounts = model.add_list("GL Accounts", [(name, code) for code, name in firm.ANAPLAN_ACCOUNTS])
    centers = model.add_list(
        "Cost Centers", [(name, code) for code, name in firm.ANAPLAN_COST_CENTERS]
    )
    module = model.add_module("GL Plan", [accounts, centers], ["Amount"])
    _plan(module, "Budget", firm.budget())
    _plan(module, "Forecast", firm.forecast())
    plan_versions = {VERSIONS: ["Budget", "Forecast"]}
    model.add_export(EXPORT, module, filters=plan_versions)
    model.add_export(EXPORT_BY_MONTH, module, layout=TABULAR_MULTI_COLUMN, filters=plan_versions)
    model.add_module_import(
        IMPORT,
        module,
        SourceFormat(ACTUALS_COLUMNS),
        columns={
            "GL Accounts": "Account",
            "Cost Centers": "Cost Center",
            TIME: "Time",
            VERSIONS: "Versions",
        },
        values={"Amount": {}},
        fixed={LINE_ITEMS: "Amount"},
        file_name=IMPORT_FILE,
    )
    return FirmModel(workspace.id, model.id, module)


def _plan(module, version: str, cells: dict[tuple[str, str, str], Decimal]) -> None:
    accounts = dict(firm.ANAPLAN_ACCOUNTS)
    centers = dict(firm.ANAPLAN_COST_CENTERS)
    for (account, center, month), amount in cells.items():
        coords = {
            "GL Accounts": accounts[account],
            "Cost Centers": centers[center],
            VERSIONS: version,
            TIME: _label(month),
            LINE_ITEMS: "Amount",
        }
        module.set_value(coords, amount)


def _label(month: str) -> str:
    year, number = month.split("-")
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(number) - 1]} {year[2:]}"


def mapping_csv() -> str:
    """The mapping table a user would upload: only the members whose names differ."""
    rows = ["kind,anaplan_member,quickbooks_name"]
    names = dict(firm.ANAPLAN_ACCOUNTS)
    rows += [
        f"account,{_q(names[code])},{_q(qb)}"
        for code, qb in firm.ACCOUNT_MAPPING.items()
        if names[code] != qb
    ]
    centers = dict(firm.ANAPLAN_COST_CENTERS)
    rows += [
        f"class,{_q(centers[code])},{_q(qb)}"
        for code, qb in firm.COST_CENTER_MAPPING.items()
        if centers[code] != qb
    ]
    return "\n".join(rows) + "\n"


def _q(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text
