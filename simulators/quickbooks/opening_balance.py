"""AccountAdd's OpenBalance: QuickBooks posts it as a journal entry against Opening
Balance Equity (creating that account when the file has none), dated OpenBalanceDate."""

from datetime import date

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import Account, LineDraft


def post_opening_balance(company: CompanyFile, account: Account, cents: int, on: date) -> None:
    if cents == 0:
        return
    increases_with_debit = account.debit_normal == (cents > 0)
    equity = _opening_balance_equity(company)
    lines = [
        LineDraft(
            account=account,
            amount=abs(cents),
            is_debit=increases_with_debit,
            memo="Account Opening Balance",
        ),
        LineDraft(
            account=equity,
            amount=abs(cents),
            is_debit=not increases_with_debit,
            memo="Account Opening Balance",
        ),
    ]
    company.record("JournalEntry", on, lines)


def _opening_balance_equity(company: CompanyFile) -> Account:
    existing = next((a for a in company.accounts if a.special_type == "OpeningBalanceEquity"), None)
    if existing is not None:
        return existing
    return company.add_account(
        "Opening Balance Equity", "Equity", special_type="OpeningBalanceEquity"
    )
