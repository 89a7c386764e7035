"""Loading the demo firm (simulators.firm) into a company file."""

from datetime import UTC, date, datetime, time, timedelta

from simulators import firm
from simulators.quickbooks.clock import Clock
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import LineDraft
from simulators.quickbooks.settings import CompanySettings


def demo_company(
    *,
    transactions: int = 2000,
    seed: int = firm.FISCAL_YEAR,
    clock: Clock | None = None,
    class_tracking: bool = True,
    **company_options,
) -> CompanyFile:
    settings = CompanySettings(
        company_name=firm.COMPANY_NAME,
        legal_name=firm.LEGAL_NAME,
        path=firm.COMPANY_FILE,
        class_tracking=class_tracking,
    )
    company = CompanyFile(settings, clock=clock, **company_options)
    seed_company(company, transactions=transactions, seed=seed)
    return company


def seed_company(
    company: CompanyFile,
    *,
    transactions: int = 2000,
    seed: int = firm.FISCAL_YEAR,
    start: date = date(firm.FISCAL_YEAR, 1, 1),
    end: date = date(firm.FISCAL_YEAR, 6, 30),
) -> None:
    """Chart of accounts, classes, customers, vendors, then `transactions` posted actuals
    stamped (TimeCreated/TimeModified) on their transaction date, never after now."""
    _seed_lists(company)
    for spec in firm.generate_transactions(transactions, seed=seed, start=start, end=end):
        _record(company, spec)


def _seed_lists(company: CompanyFile) -> None:
    for spec in firm.ACCOUNTS:
        parent = company.accounts.find(spec.parent) if spec.parent else None
        company.add_account(
            spec.name,
            spec.account_type,
            parent=parent,
            number=spec.number,
            special_type=spec.special_type,
            is_active=spec.is_active,
        )
    if company.settings.class_tracking:
        for class_spec in firm.CLASSES:
            parent = company.classes.find(class_spec.parent) if class_spec.parent else None
            company.add_class(class_spec.name, parent=parent, is_active=class_spec.is_active)
    for name in firm.CUSTOMERS:
        company.add_entity(name, "Customer")
    for name in firm.VENDORS:
        company.add_entity(name, "Vendor")


def _record(company: CompanyFile, spec: firm.TxnSpec) -> None:
    stamp = datetime.combine(spec.txn_date, time(15, 0), UTC) + timedelta(
        minutes=len(company.txns) % 480
    )
    company.record(
        spec.kind,
        spec.txn_date,
        [_draft(company, line) for line in spec.lines],
        header=_draft(company, spec.header) if spec.header else None,
        ref_number=spec.ref_number,
        entity=company.entities.find(spec.entity) if spec.entity else None,
        memo=spec.memo,
        at=min(stamp, company.now()),
    )


def _draft(company: CompanyFile, line: firm.LineSpec) -> LineDraft:
    tracked = company.settings.class_tracking and line.class_name is not None
    return LineDraft(
        account=company.accounts.find(line.account),
        amount=line.amount,
        is_debit=line.is_debit,
        memo=line.memo,
        qb_class=company.classes.find(line.class_name) if tracked else None,
    )
