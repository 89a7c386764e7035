"""A small chart of accounts for unit tests of the flows."""

from domain.chart import Account, Chart, QbClass

CHART = Chart(
    accounts={
        a.full_name: a
        for a in [
            Account("Consulting Revenue", "Income"),
            Account("Salaries", "Expense"),
            Account("Rent", "Expense"),
            Account("Travel", "Expense"),
            Account("Old Expense", "Expense", active=False),
            Account("Accounts Receivable", "AccountsReceivable"),
            Account("Budget Offset", "OtherCurrentLiability"),
        ]
    },
    classes={
        c.full_name: c for c in [QbClass("East"), QbClass("West"), QbClass("Closed", active=False)]
    },
)
