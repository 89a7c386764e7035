"""Chart reads of the demo firm, as the chart-of-accounts reader records them, and a way
to change them the way a bookkeeper would between two reads."""

from __future__ import annotations

from dataclasses import replace

from domain.events import ChartOfAccountsRead
from domain.qbwc.books import ChartAccount, ChartClass
from simulators import firm


def firm_read(session: str = "s1", class_tracking: bool = True) -> ChartOfAccountsRead:
    accounts = tuple(
        ChartAccount(
            list_id=f"A-{spec.number}",
            full_name=spec.full_name,
            account_type=spec.account_type,
            number=spec.number,
            is_active=spec.is_active,
            balance=None,
        )
        for spec in firm.ACCOUNTS
    )
    classes = tuple(
        ChartClass(list_id=f"C-{n}", full_name=spec.full_name, is_active=spec.is_active)
        for n, spec in enumerate(firm.CLASSES)
        if class_tracking
    )
    return ChartOfAccountsRead(
        connection_id="c1",
        session_id=session,
        read_key=f"{session}:1",
        accounts=accounts,
        classes=classes,
        class_tracking=class_tracking,
    )


def renamed(read: ChartOfAccountsRead, old: str, new: str) -> ChartOfAccountsRead:
    accounts = tuple(replace(a, full_name=new) if a.full_name == old else a for a in read.accounts)
    classes = tuple(replace(c, full_name=new) if c.full_name == old else c for c in read.classes)
    return replace(read, accounts=accounts, classes=classes)


def deactivated(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    accounts = tuple(
        replace(a, is_active=False) if a.full_name == name else a for a in read.accounts
    )
    classes = tuple(replace(c, is_active=False) if c.full_name == name else c for c in read.classes)
    return replace(read, accounts=accounts, classes=classes)


def without(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    accounts = tuple(a for a in read.accounts if a.full_name != name)
    classes = tuple(c for c in read.classes if c.full_name != name)
    return replace(read, accounts=accounts, classes=classes)


def with_account(
    read: ChartOfAccountsRead, name: str, account_type: str = "Expense", number: str = "6260"
) -> ChartOfAccountsRead:
    account = ChartAccount(
        list_id=f"A-{number}",
        full_name=name,
        account_type=account_type,
        number=number,
        is_active=True,
        balance=None,
    )
    return replace(read, accounts=(*read.accounts, account))


def with_class(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    added = ChartClass(list_id=f"C-{name}", full_name=name, is_active=True)
    return replace(read, classes=(*read.classes, added))
