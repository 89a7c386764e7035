"""The demo firm: Harborline Advisory Group, a ~250-person professional-services firm that
keeps its books in QuickBooks Desktop Enterprise and plans in Anaplan.

Plain data and functions only (no simulator imports), deterministic, shared by the
QuickBooks and Anaplan simulators, the sandbox and the tests:

- ACCOUNTS / CLASSES / CUSTOMERS / VENDORS: the QuickBooks side (chart of accounts with
  numbers, types, sub-accounts and two inactive accounts; cost-center classes).
- ANAPLAN_ACCOUNTS / ANAPLAN_COST_CENTERS and the mapping tables: the Anaplan side; most
  names equal QuickBooks', a few differ on purpose.
- budget() and FORECAST_REVISION: the FY2027 plan (January to December 2027).
- generate_transactions(): posted actuals (invoices, bills, checks, deposits, journal
  entries), balanced, reproducible from a seed, scalable to 100,000 transactions.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

COMPANY_NAME = "Harborline Advisory Group"
LEGAL_NAME = "Harborline Advisory Group LLC"
COMPANY_FILE = r"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\Harborline.QBW"
FISCAL_YEAR = 2027
PLAN_MONTHS = tuple(f"{FISCAL_YEAR}-{month:02d}" for month in range(1, 13))


@dataclass(frozen=True)
class AccountSpec:
    number: str
    full_name: str
    account_type: str
    special_type: str | None = None
    is_active: bool = True

    @property
    def name(self) -> str:
        return self.full_name.rsplit(":", 1)[-1]

    @property
    def parent(self) -> str | None:
        return self.full_name.rsplit(":", 1)[0] if ":" in self.full_name else None


@dataclass(frozen=True)
class ClassSpec:
    full_name: str
    headcount: int = 0
    is_active: bool = True

    @property
    def name(self) -> str:
        return self.full_name.rsplit(":", 1)[-1]

    @property
    def parent(self) -> str | None:
        return self.full_name.rsplit(":", 1)[0] if ":" in self.full_name else None


_A = AccountSpec
ACCOUNTS: tuple[AccountSpec, ...] = (
    _A("1000", "Operating Checking", "Bank"),
    _A("1010", "Payroll Checking", "Bank"),
    _A("1020", "Money Market", "Bank"),
    _A("1200", "Accounts Receivable", "AccountsReceivable", "AccountsReceivable"),
    _A("1250", "Unbilled Receivables", "OtherCurrentAsset"),
    _A("1300", "Prepaid Expenses", "OtherCurrentAsset"),
    _A("1310", "Employee Advances", "OtherCurrentAsset"),
    _A("1499", "Undeposited Funds", "OtherCurrentAsset", "UndepositedFunds"),
    _A("1500", "Furniture and Equipment", "FixedAsset"),
    _A("1510", "Computer Equipment", "FixedAsset"),
    _A("1520", "Leasehold Improvements", "FixedAsset"),
    _A("1590", "Accumulated Depreciation", "FixedAsset"),
    _A("1800", "Security Deposits", "OtherAsset"),
    _A("2000", "Accounts Payable", "AccountsPayable", "AccountsPayable"),
    _A("2050", "Corporate Card", "CreditCard"),
    _A("2100", "Accrued Liabilities", "OtherCurrentLiability"),
    _A("2110", "Accrued Liabilities:Accrued Payroll", "OtherCurrentLiability"),
    _A("2120", "Accrued Liabilities:Accrued Bonus", "OtherCurrentLiability"),
    _A("2130", "Accrued Liabilities:Budget Offset", "OtherCurrentLiability"),
    _A("2200", "Payroll Liabilities", "OtherCurrentLiability", "PayrollLiabilities"),
    _A("2300", "Deferred Revenue", "OtherCurrentLiability"),
    _A("2700", "Term Loan", "LongTermLiability"),
    _A("3000", "Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
    _A("3100", "Partner Capital", "Equity"),
    _A("3200", "Partner Distributions", "Equity"),
    _A("3900", "Retained Earnings", "Equity", "RetainedEarnings"),
    _A("4000", "Professional Fees", "Income"),
    _A("4010", "Professional Fees:Consulting Fees", "Income"),
    _A("4020", "Professional Fees:Advisory Retainers", "Income"),
    _A("4030", "Professional Fees:Implementation Services", "Income"),
    _A("4040", "Professional Fees:Training Revenue", "Income"),
    _A("4100", "Reimbursed Expenses", "Income"),
    _A("4900", "Discounts Given", "Income"),
    _A("4950", "Legacy Product Sales", "Income", is_active=False),
    _A("5000", "Cost of Services", "CostOfGoodsSold"),
    _A("5010", "Cost of Services:Subcontractor Fees", "CostOfGoodsSold"),
    _A("5020", "Cost of Services:Project Travel", "CostOfGoodsSold"),
    _A("5030", "Cost of Services:Project Materials", "CostOfGoodsSold"),
    _A("6000", "Payroll Expenses", "Expense"),
    _A("6010", "Payroll Expenses:Salaries and Wages", "Expense"),
    _A("6020", "Payroll Expenses:Bonuses", "Expense"),
    _A("6030", "Payroll Expenses:Payroll Taxes", "Expense"),
    _A("6040", "Payroll Expenses:Employee Benefits", "Expense"),
    _A("6050", "Payroll Expenses:401(k) Match", "Expense"),
    _A("6100", "Occupancy", "Expense"),
    _A("6110", "Occupancy:Rent", "Expense"),
    _A("6120", "Occupancy:Utilities", "Expense"),
    _A("6130", "Occupancy:Repairs and Maintenance", "Expense"),
    _A("6200", "Technology", "Expense"),
    _A("6210", "Technology:Software Subscriptions", "Expense"),
    _A("6220", "Technology:Hosting and Cloud Services", "Expense"),
    _A("6230", "Technology:IT Support", "Expense"),
    _A("6240", "Technology:Telephone and Internet", "Expense"),
    _A("6300", "Travel and Entertainment", "Expense"),
    _A("6310", "Travel and Entertainment:Airfare", "Expense"),
    _A("6320", "Travel and Entertainment:Lodging", "Expense"),
    _A("6330", "Travel and Entertainment:Meals", "Expense"),
    _A("6400", "Professional Services", "Expense"),
    _A("6410", "Professional Services:Legal Fees", "Expense"),
    _A("6420", "Professional Services:Accounting Fees", "Expense"),
    _A("6430", "Professional Services:Recruiting Fees", "Expense"),
    _A("6500", "Marketing", "Expense"),
    _A("6510", "Marketing:Advertising", "Expense"),
    _A("6520", "Marketing:Events and Sponsorships", "Expense"),
    _A("6600", "Insurance", "Expense"),
    _A("6700", "Training and Development", "Expense"),
    _A("6800", "Office Supplies", "Expense"),
    _A("6850", "Depreciation Expense", "Expense"),
    _A("6900", "Bank Service Charges", "Expense"),
    _A("6950", "Dues and Subscriptions", "Expense"),
    _A("6990", "Fax Services", "Expense", is_active=False),
    _A("7000", "Interest Income", "OtherIncome"),
    _A("7100", "Other Income", "OtherIncome"),
    _A("8000", "Interest Expense", "OtherExpense"),
    _A("8100", "Penalties and Late Fees", "OtherExpense"),
)

# The account the connector may post the other side of budget-driven entries to.
BALANCING_ACCOUNT = "Accrued Liabilities:Budget Offset"

CLASSES: tuple[ClassSpec, ...] = (
    ClassSpec("Strategy Consulting", 38),
    ClassSpec("Operations Consulting", 42),
    ClassSpec("Technology Consulting", 6),
    ClassSpec("Technology Consulting:Data & Analytics", 31),
    ClassSpec("Technology Consulting:Cloud Transformation", 29),
    ClassSpec("Risk Advisory", 24),
    ClassSpec("Finance Advisory", 22),
    ClassSpec("Training Academy", 9),
    ClassSpec("Business Development", 14),
    ClassSpec("Finance & Accounting", 11),
    ClassSpec("Human Resources", 8),
    ClassSpec("IT & Facilities", 10),
    ClassSpec("Executive Office", 6),
    ClassSpec("Legacy Practice", 0, is_active=False),
)

DELIVERY_CLASSES = (
    "Strategy Consulting",
    "Operations Consulting",
    "Technology Consulting:Data & Analytics",
    "Technology Consulting:Cloud Transformation",
    "Risk Advisory",
    "Finance Advisory",
    "Training Academy",
)
OVERHEAD_CLASSES = (
    "Business Development",
    "Finance & Accounting",
    "Human Resources",
    "IT & Facilities",
    "Executive Office",
)

CUSTOMERS = (
    "Atlas Freight Lines", "Beacon Health Partners", "Bluewater Utilities",
    "Cascade Credit Union", "Cedar Ridge Schools", "Copperline Mining",
    "Crescent Hotels", "Driftwood Foods", "Eastgate Logistics", "Evergreen Insurance",
    "Fairmont Regional Hospital", "Granite State Bank", "Harbor City Transit",
    "Highland Pharmaceuticals", "Ironwood Manufacturing", "Juniper Retail Group",
    "Keystone Energy", "Lakeshore University", "Meridian Telecom", "Northwind Airlines",
    "Oakridge County", "Pinecrest Senior Living", "Quarry Stone Builders",
    "Redwood Capital", "Silverline Media", "Summit Outdoor Co", "Tidewater Shipping",
    "Union Valley Water", "Westbrook Foundation", "Yellowfield Agriculture",
)  # fmt: skip
VENDORS = (
    "Bayview Properties LLC", "Cloudnine Hosting", "Corporate Travel Partners",
    "Delta Staffing Solutions", "Eagle Office Supply", "First Mutual Insurance",
    "Gridline Power & Light", "Hanover Legal LLP", "Independent Contractors Co-op",
    "Keller & Moss CPAs", "Linkwave Telecom", "Metro Event Services",
    "Northstar Benefits", "Pinnacle Recruiting", "Quantum IT Services",
    "Riverside Catering", "Skyline Airlines", "Suitehome Hotels",
    "TalentBridge Learning", "Vantage Software", "Worldwide Marketing Group",
)  # fmt: skip

# Anaplan list members: (code, name). Codes are the QuickBooks account numbers; a few
# names differ from QuickBooks on purpose, so the connector needs a mapping table.
ANAPLAN_ACCOUNT_RENAMES = {
    "6010": "Salaries",
    "6220": "Cloud Hosting",
    "6330": "T&E - Meals",
    "5010": "Subcontractors",
    "4020": "Retainer Revenue",
}


def _planned_accounts() -> tuple[AccountSpec, ...]:
    parents = {spec.parent for spec in ACCOUNTS if spec.parent}
    return tuple(
        spec
        for spec in ACCOUNTS
        if spec.is_active
        and spec.full_name not in parents
        and spec.account_type
        in ("Income", "CostOfGoodsSold", "Expense", "OtherIncome", "OtherExpense")
    )


PLANNED_ACCOUNTS = _planned_accounts()
ANAPLAN_ACCOUNTS: tuple[tuple[str, str], ...] = tuple(
    (spec.number, ANAPLAN_ACCOUNT_RENAMES.get(spec.number, spec.name)) for spec in PLANNED_ACCOUNTS
)
# Anaplan account code -> QuickBooks account FullName.
ACCOUNT_MAPPING = {spec.number: spec.full_name for spec in PLANNED_ACCOUNTS}

_COST_CENTER_NAMES = {
    "Technology Consulting:Data & Analytics": "Data and Analytics",
    "Technology Consulting:Cloud Transformation": "Cloud Transformation",
    "Finance & Accounting": "G&A - Finance",
    "Human Resources": "People",
}
_PLANNED_CLASSES = DELIVERY_CLASSES + OVERHEAD_CLASSES
ANAPLAN_COST_CENTERS: tuple[tuple[str, str], ...] = tuple(
    (f"CC{100 + 10 * i}", _COST_CENTER_NAMES.get(name, name))
    for i, name in enumerate(_PLANNED_CLASSES)
)
# Anaplan cost-center code -> QuickBooks class FullName.
COST_CENTER_MAPPING = {
    code: _PLANNED_CLASSES[i] for i, (code, _) in enumerate(ANAPLAN_COST_CENTERS)
}


def headcount(class_name: str) -> int:
    return next(spec.headcount for spec in CLASSES if spec.full_name == class_name)


# Annual plan per head, in dollars, for accounts budgeted on every cost center.
_PER_HEAD = {
    "6010": 118_000, "6020": 9_500, "6030": 9_000, "6040": 14_000, "6050": 3_500,
    "6310": 2_400, "6320": 2_100, "6330": 900, "6700": 1_200, "6800": 300,
}  # fmt: skip
# Annual plan for one cost center, in dollars: (account, class) -> amount.
_OVERHEAD_PLAN = {
    ("6110", "IT & Facilities"): 2_640_000, ("6120", "IT & Facilities"): 210_000,
    ("6130", "IT & Facilities"): 96_000, ("6210", "IT & Facilities"): 780_000,
    ("6220", "IT & Facilities"): 420_000, ("6230", "IT & Facilities"): 240_000,
    ("6240", "IT & Facilities"): 150_000, ("6410", "Executive Office"): 360_000,
    ("6420", "Finance & Accounting"): 240_000, ("6430", "Human Resources"): 600_000,
    ("6510", "Business Development"): 480_000, ("6520", "Business Development"): 360_000,
    ("6600", "Finance & Accounting"): 310_000, ("6850", "Finance & Accounting"): 420_000,
    ("6900", "Finance & Accounting"): 18_000, ("6950", "Executive Office"): 45_000,
    ("7000", "Finance & Accounting"): 60_000, ("8000", "Finance & Accounting"): 140_000,
}  # fmt: skip
# Revenue and delivery cost per head of each delivery practice, in dollars a year.
_PRACTICE_PLAN = {
    "4010": 182_000, "4020": 48_000, "4030": 36_000, "4100": 9_000,
    "5010": 31_000, "5020": 7_500, "5030": 1_800,
}  # fmt: skip
_TRAINING_REVENUE_PER_HEAD = 260_000
# Monthly weights (sum 12): quieter summer and December, strong autumn.
_SEASONALITY = (0.96, 0.98, 1.04, 1.02, 1.03, 0.97, 0.88, 0.90, 1.06, 1.10, 1.06, 1.00)

# Forecast revision: the few cells the planners changed after the budget was approved.
FORECAST_REVISION: dict[tuple[str, str, str], Decimal] = {
    ("4010", "CC100", "2027-09"): Decimal("712000.00"),
    ("4010", "CC130", "2027-10"): Decimal("655500.00"),
    ("6010", "CC140", "2027-07"): Decimal("262000.00"),
    ("6220", "CC220", "2027-08"): Decimal("41250.00"),
    ("6510", "CC190", "2027-11"): Decimal("52000.00"),
}


def budget() -> dict[tuple[str, str, str], Decimal]:
    """FY2027 budget: (Anaplan account code, cost-center code, "YYYY-MM") -> amount."""
    cells: dict[tuple[str, str, str], Decimal] = {}
    for (account, class_name), annual in _annual_plan().items():
        code = _cost_center_code(class_name)
        for month, weight in zip(PLAN_MONTHS, _SEASONALITY, strict=True):
            cells[(account, code, month)] = _money(annual * weight / 12)
    return cells


def forecast() -> dict[tuple[str, str, str], Decimal]:
    return {**budget(), **FORECAST_REVISION}


def _annual_plan() -> dict[tuple[str, str], float]:
    plan: dict[tuple[str, str], float] = {}
    for class_name in _PLANNED_CLASSES:
        heads = headcount(class_name)
        for account, per_head in _PER_HEAD.items():
            plan[(account, class_name)] = per_head * heads
    for class_name in DELIVERY_CLASSES:
        heads = headcount(class_name)
        if class_name == "Training Academy":
            plan[("4040", class_name)] = _TRAINING_REVENUE_PER_HEAD * heads
            continue
        for account, per_head in _PRACTICE_PLAN.items():
            plan[(account, class_name)] = per_head * heads
    return {**plan, **_OVERHEAD_PLAN}


def _cost_center_code(class_name: str) -> str:
    return next(code for code, qb_class in COST_CENTER_MAPPING.items() if qb_class == class_name)


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


# --- Actuals -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineSpec:
    account: str
    amount: int  # cents, positive
    is_debit: bool
    class_name: str | None = None
    memo: str | None = None


@dataclass(frozen=True)
class TxnSpec:
    kind: str  # Invoice, Bill, Check, Deposit, JournalEntry
    txn_date: date
    ref_number: str | None
    entity: str | None
    lines: tuple[LineSpec, ...]
    header: LineSpec | None = None  # AR / AP / bank posting; None for journal entries
    memo: str | None = None


_KINDS = (("Invoice", 30), ("Bill", 30), ("Check", 18), ("Deposit", 8), ("JournalEntry", 14))
_KIND_NAMES = tuple(kind for kind, _ in _KINDS)
_KIND_CUMULATIVE = tuple(sum(weight for _, weight in _KINDS[: i + 1]) for i in range(len(_KINDS)))
_EXPENSES_BY_VENDOR = {
    "Bayview Properties LLC": ("Occupancy:Rent", 150_000, 240_000),
    "Cloudnine Hosting": ("Technology:Hosting and Cloud Services", 8_000, 45_000),
    "Corporate Travel Partners": ("Travel and Entertainment:Lodging", 800, 9_000),
    "Delta Staffing Solutions": ("Cost of Services:Subcontractor Fees", 5_000, 60_000),
    "Eagle Office Supply": ("Office Supplies", 150, 4_000),
    "First Mutual Insurance": ("Insurance", 10_000, 40_000),
    "Gridline Power & Light": ("Occupancy:Utilities", 6_000, 22_000),
    "Hanover Legal LLP": ("Professional Services:Legal Fees", 4_000, 45_000),
    "Independent Contractors Co-op": ("Cost of Services:Subcontractor Fees", 3_000, 35_000),
    "Keller & Moss CPAs": ("Professional Services:Accounting Fees", 5_000, 30_000),
    "Linkwave Telecom": ("Technology:Telephone and Internet", 3_000, 15_000),
    "Metro Event Services": ("Marketing:Events and Sponsorships", 4_000, 40_000),
    "Northstar Benefits": ("Payroll Expenses:Employee Benefits", 60_000, 320_000),
    "Pinnacle Recruiting": ("Professional Services:Recruiting Fees", 8_000, 30_000),
    "Quantum IT Services": ("Technology:IT Support", 4_000, 25_000),
    "Riverside Catering": ("Travel and Entertainment:Meals", 300, 6_000),
    "Skyline Airlines": ("Travel and Entertainment:Airfare", 400, 8_000),
    "Suitehome Hotels": ("Cost of Services:Project Travel", 600, 7_000),
    "TalentBridge Learning": ("Training and Development", 1_500, 18_000),
    "Vantage Software": ("Technology:Software Subscriptions", 2_000, 65_000),
    "Worldwide Marketing Group": ("Marketing:Advertising", 5_000, 45_000),
}
_REVENUE_ACCOUNTS = (
    ("Professional Fees:Consulting Fees", 20_000, 160_000),
    ("Professional Fees:Advisory Retainers", 10_000, 60_000),
    ("Professional Fees:Implementation Services", 15_000, 120_000),
    ("Reimbursed Expenses", 500, 9_000),
)


def generate_transactions(
    count: int,
    *,
    seed: int = FISCAL_YEAR,
    start: date = date(FISCAL_YEAR, 1, 1),
    end: date = date(FISCAL_YEAR, 6, 30),
) -> Iterator[TxnSpec]:
    """`count` balanced transactions dated from start to end, in date order."""
    rng = random.Random(seed)
    span = (end - start).days + 1
    days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))
    counters = {kind: 0 for kind, _ in _KINDS}
    for day in days:
        kind = rng.choices(_KIND_NAMES, cum_weights=_KIND_CUMULATIVE)[0]
        counters[kind] += 1
        yield _MAKERS[kind](rng, _business_day(day), counters[kind])


def _invoice(rng: random.Random, day: date, number: int) -> TxnSpec:
    practice = rng.choice(DELIVERY_CLASSES[:-1])
    picks = rng.sample(_REVENUE_ACCOUNTS, rng.randint(1, 3))
    lines = tuple(
        LineSpec(acct, _cents(rng, low, high), False, practice) for acct, low, high in picks
    )
    header = LineSpec("Accounts Receivable", sum(line.amount for line in lines), True)
    return TxnSpec("Invoice", day, f"INV-{10000 + number}", rng.choice(CUSTOMERS), lines, header)


def _bill(rng: random.Random, day: date, number: int) -> TxnSpec:
    vendor, lines = _vendor_lines(rng)
    header = LineSpec("Accounts Payable", sum(line.amount for line in lines), False)
    return TxnSpec("Bill", day, f"B{rng.randrange(10_000, 99_999)}", vendor, lines, header)


def _check(rng: random.Random, day: date, number: int) -> TxnSpec:
    vendor, lines = _vendor_lines(rng)
    header = LineSpec("Operating Checking", sum(line.amount for line in lines), False)
    return TxnSpec("Check", day, str(20000 + number), vendor, lines, header)


def _deposit(rng: random.Random, day: date, number: int) -> TxnSpec:
    if rng.random() < 0.7:
        line = LineSpec(
            "Accounts Receivable", _cents(rng, 20_000, 250_000), False, None, "Customer payment"
        )
        entity = rng.choice(CUSTOMERS)
    else:
        source = rng.choice(("Interest Income", "Other Income"))
        line = LineSpec(source, _cents(rng, 200, 9_000), False, "Finance & Accounting")
        entity = None
    header = LineSpec("Operating Checking", line.amount, True)
    return TxnSpec("Deposit", day, None, entity, (line,), header)


def _journal_entry(rng: random.Random, day: date, number: int) -> TxnSpec:
    maker = rng.choices((_payroll_accrual, _depreciation, _reclass), cum_weights=(6, 8, 10))[0]
    return maker(rng, day, f"GJ-{number:06d}")


def _payroll_accrual(rng: random.Random, day: date, ref: str) -> TxnSpec:
    classes = rng.sample(DELIVERY_CLASSES + OVERHEAD_CLASSES, 3)
    debits = tuple(
        LineSpec(
            "Payroll Expenses:Salaries and Wages",
            _cents(rng, 20_000, 140_000),
            True,
            name,
            "Payroll accrual",
        )
        for name in classes
    )
    credit = LineSpec(
        "Accrued Liabilities:Accrued Payroll",
        sum(d.amount for d in debits),
        False,
        None,
        "Payroll accrual",
    )
    return TxnSpec("JournalEntry", day, ref, None, (*debits, credit))


def _depreciation(rng: random.Random, day: date, ref: str) -> TxnSpec:
    amount = _cents(rng, 25_000, 45_000)
    return TxnSpec(
        "JournalEntry",
        day,
        ref,
        None,
        (
            LineSpec(
                "Depreciation Expense", amount, True, "Finance & Accounting", "Monthly depreciation"
            ),
            LineSpec("Accumulated Depreciation", amount, False, None, "Monthly depreciation"),
        ),
    )


def _reclass(rng: random.Random, day: date, ref: str) -> TxnSpec:
    account = rng.choice(
        ("Technology:Software Subscriptions", "Travel and Entertainment:Airfare", "Office Supplies")
    )
    source, target = rng.sample(DELIVERY_CLASSES + OVERHEAD_CLASSES, 2)
    amount = _cents(rng, 200, 12_000)
    return TxnSpec(
        "JournalEntry",
        day,
        ref,
        None,
        (
            LineSpec(account, amount, True, target, "Cost center reclass"),
            LineSpec(account, amount, False, source, "Cost center reclass"),
        ),
    )


def _vendor_lines(rng: random.Random) -> tuple[str, tuple[LineSpec, ...]]:
    vendor = rng.choice(VENDORS)
    account, low, high = _EXPENSES_BY_VENDOR[vendor]
    shares = rng.sample(DELIVERY_CLASSES + OVERHEAD_CLASSES, rng.randint(1, 2))
    return vendor, tuple(LineSpec(account, _cents(rng, low, high), True, name) for name in shares)


def _cents(rng: random.Random, low_dollars: int, high_dollars: int) -> int:
    return rng.randrange(low_dollars * 100, high_dollars * 100)


def _business_day(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))


_MAKERS = {
    "Invoice": _invoice,
    "Bill": _bill,
    "Check": _check,
    "Deposit": _deposit,
    "JournalEntry": _journal_entry,
}
