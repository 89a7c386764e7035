"""AccountTypeFilter values as sets of AccountType."""

_ASSETS = {"AccountsReceivable", "Bank", "FixedAsset", "OtherAsset", "OtherCurrentAsset"}
_CURRENT_ASSETS = {"AccountsReceivable", "Bank", "OtherCurrentAsset"}
_LIABILITIES = {"AccountsPayable", "CreditCard", "LongTermLiability", "OtherCurrentLiability"}
_CURRENT_LIABILITIES = {"AccountsPayable", "CreditCard", "OtherCurrentLiability"}
_INCOME_AND_EXPENSE = {"Income", "CostOfGoodsSold", "Expense", "OtherIncome", "OtherExpense"}

_GROUPS: dict[str, set[str]] = {
    "AllowedFor1099": {"Expense", "CostOfGoodsSold", "OtherExpense"},
    "APAndSalesTax": {"AccountsPayable", "OtherCurrentLiability"},
    "APOrCreditCard": {"AccountsPayable", "CreditCard"},
    "ARAndAP": {"AccountsReceivable", "AccountsPayable"},
    "Asset": _ASSETS,
    "BalanceSheet": _ASSETS | _LIABILITIES | {"Equity"},
    "BankAndARAndAPAndUF": {"Bank", "AccountsReceivable", "AccountsPayable", "OtherCurrentAsset"},
    "BankAndUF": {"Bank", "OtherCurrentAsset"},
    "CostOfSales": {"CostOfGoodsSold"},
    "CurrentAsset": _CURRENT_ASSETS,
    "CurrentAssetAndExpense": _CURRENT_ASSETS | {"Expense"},
    "CurrentLiability": _CURRENT_LIABILITIES,
    "EquityAndIncomeAndExpense": {"Equity"} | _INCOME_AND_EXPENSE,
    "ExpenseAndOtherExpense": {"Expense", "OtherExpense"},
    "IncomeAndExpense": _INCOME_AND_EXPENSE,
    "IncomeAndOtherIncome": {"Income", "OtherIncome"},
    "Liability": _LIABILITIES,
    "LiabilityAndEquity": _LIABILITIES | {"Equity"},
    "OrdinaryExpense": {"Expense"},
    "OrdinaryIncome": {"Income"},
    "OrdinaryIncomeAndCOGS": {"Income", "CostOfGoodsSold"},
    "OrdinaryIncomeAndExpense": {"Income", "CostOfGoodsSold", "Expense"},
    "OtherIncomeOrExpense": {"OtherIncome", "OtherExpense"},
}


def account_types(type_filter: str) -> set[str]:
    """Single-type filter values are the AccountType of the same name."""
    return _GROUPS.get(type_filter, {type_filter})
