"""The plan of the posting benchmark: the demo firm's chart grown to 60 postable P&L
accounts, 12 cost centers, and a Budget value in every cell for the 12 months of the
fiscal year (60 x 12 x 12 = 8,640 plan lines), in the Anaplan simulator and QuickBooks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from simulators import firm
from simulators.anaplan import LINE_ITEMS, TIME, VERSIONS, AnaplanSimulator, Calendar
from simulators.quickbooks import LatencyModel, demo_company
from simulators.quickbooks.company import CompanyFile
from simulators.sandbox import anaplan_firm

ACCOUNTS = 60
LINES = ACCOUNTS * 12 * 12
VERSION = "Budget"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Accounts beyond the demo firm's: (number, name), expense accounts at the top level.
EXTRA_ACCOUNTS = tuple(
    (str(7500 + n), f"Program Costs {n:02d}")
    for n in range(1, ACCOUNTS - len(firm.ANAPLAN_ACCOUNTS) + 1)
)
ANAPLAN_ACCOUNTS = firm.ANAPLAN_ACCOUNTS + EXTRA_ACCOUNTS
QUICKBOOKS_ACCOUNTS = {**firm.ACCOUNT_MAPPING, **dict(EXTRA_ACCOUNTS)}  # code -> FullName


@dataclass(frozen=True)
class PlanLine:
    account_code: str
    center_code: str
    month: int  # 1..12 of the fiscal year
    amount: Decimal

    @property
    def account(self) -> str:
        return QUICKBOOKS_ACCOUNTS[self.account_code]

    @property
    def class_name(self) -> str:
        return firm.COST_CENTER_MAPPING[self.center_code]


def plan_lines() -> Iterator[PlanLine]:
    """Every cell of the plan (account by account); reproducible."""
    rng = random.Random(firm.FISCAL_YEAR)
    for code in dict(ANAPLAN_ACCOUNTS):
        for center in dict(firm.ANAPLAN_COST_CENTERS):
            for month in range(1, 13):
                yield PlanLine(code, center, month, Decimal(rng.randrange(10_000, 5_000_000)) / 100)


def seed_anaplan(sim: AnaplanSimulator) -> anaplan_firm.FirmModel:
    """The demo firm's planning model (anaplan_firm) with the bigger account list."""
    sim.add_user(anaplan_firm.USER, anaplan_firm.PASSWORD)
    workspace = sim.tenant.add_workspace("Harborline FP&A")
    model = workspace.add_model(
        "Harborline FY27 Plan", Calendar(first_year=firm.FISCAL_YEAR), ("Actual", VERSION)
    )
    accounts = model.add_list("GL Accounts", [(name, code) for code, name in ANAPLAN_ACCOUNTS])
    centers = model.add_list(
        "Cost Centers", [(name, code) for code, name in firm.ANAPLAN_COST_CENTERS]
    )
    module = model.add_module("GL Plan", [accounts, centers], ["Amount"])
    account_names, center_names = dict(ANAPLAN_ACCOUNTS), dict(firm.ANAPLAN_COST_CENTERS)
    for line in plan_lines():
        coords = {
            "GL Accounts": account_names[line.account_code],
            "Cost Centers": center_names[line.center_code],
            VERSIONS: VERSION,
            TIME: f"{MONTHS[line.month - 1]} {firm.FISCAL_YEAR % 100}",
            LINE_ITEMS: "Amount",
        }
        module.set_value(coords, line.amount)
    model.add_export(anaplan_firm.EXPORT, module, filters={VERSIONS: [VERSION]})
    return anaplan_firm.FirmModel(workspace.id, model.id, module)


def quickbooks_company(latency: LatencyModel) -> CompanyFile:
    """The demo firm's company file, no transactions, with the extra accounts."""
    company = demo_company(transactions=0, latency=latency)
    for number, name in EXTRA_ACCOUNTS:
        company.add_account(name, "Expense", number=number)
    return company
