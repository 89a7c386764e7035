"""The qbXML enumerations the product sends (values exactly as in Intuit's 13.0 schema).

There is deliberately no rollbackOnError: QuickBooks Desktop rejects it although the
schema lists it (NOTES §B.5)."""

from __future__ import annotations

from enum import StrEnum


class OnError(StrEnum):
    CONTINUE = "continueOnError"
    STOP = "stopOnError"


class Side(StrEnum):
    DEBIT = "Debit"
    CREDIT = "Credit"


class ActiveStatus(StrEnum):
    ACTIVE_ONLY = "ActiveOnly"
    INACTIVE_ONLY = "InactiveOnly"
    ALL = "All"


class AccountType(StrEnum):
    ACCOUNTS_PAYABLE = "AccountsPayable"
    ACCOUNTS_RECEIVABLE = "AccountsReceivable"
    BANK = "Bank"
    COST_OF_GOODS_SOLD = "CostOfGoodsSold"
    CREDIT_CARD = "CreditCard"
    EQUITY = "Equity"
    EXPENSE = "Expense"
    FIXED_ASSET = "FixedAsset"
    INCOME = "Income"
    LONG_TERM_LIABILITY = "LongTermLiability"
    NON_POSTING = "NonPosting"
    OTHER_ASSET = "OtherAsset"
    OTHER_CURRENT_ASSET = "OtherCurrentAsset"
    OTHER_CURRENT_LIABILITY = "OtherCurrentLiability"
    OTHER_EXPENSE = "OtherExpense"
    OTHER_INCOME = "OtherIncome"


class TxnType(StrEnum):
    """TxnDelType / TxnVoidType / TxnTypeFilter values for posting transactions."""

    AR_REFUND_CREDIT_CARD = "ARRefundCreditCard"
    BILL = "Bill"
    BILL_PAYMENT_CHECK = "BillPaymentCheck"
    BILL_PAYMENT_CREDIT_CARD = "BillPaymentCreditCard"
    BUILD_ASSEMBLY = "BuildAssembly"
    CHARGE = "Charge"
    CHECK = "Check"
    CREDIT_CARD_CHARGE = "CreditCardCharge"
    CREDIT_CARD_CREDIT = "CreditCardCredit"
    CREDIT_MEMO = "CreditMemo"
    DEPOSIT = "Deposit"
    INVENTORY_ADJUSTMENT = "InventoryAdjustment"
    INVOICE = "Invoice"
    ITEM_RECEIPT = "ItemReceipt"
    JOURNAL_ENTRY = "JournalEntry"
    RECEIVE_PAYMENT = "ReceivePayment"
    SALES_RECEIPT = "SalesReceipt"
    SALES_TAX_PAYMENT_CHECK = "SalesTaxPaymentCheck"
    TRANSFER_INVENTORY = "TransferInventory"
    VENDOR_CREDIT = "VendorCredit"


# TxnDeletedQuery: every type above moves money (estimates, orders, time and mileage never
# post, so their deletions do not matter to a ledger mirror). TxnVoid accepts fewer.
POSTING_DELETABLE = tuple(TxnType)
VOIDABLE = (
    TxnType.AR_REFUND_CREDIT_CARD, TxnType.BILL, TxnType.BILL_PAYMENT_CHECK,
    TxnType.BILL_PAYMENT_CREDIT_CARD, TxnType.CHARGE, TxnType.CHECK,
    TxnType.CREDIT_CARD_CHARGE, TxnType.CREDIT_CARD_CREDIT, TxnType.CREDIT_MEMO,
    TxnType.DEPOSIT, TxnType.INVENTORY_ADJUSTMENT, TxnType.INVOICE, TxnType.ITEM_RECEIPT,
    TxnType.JOURNAL_ENTRY, TxnType.SALES_RECEIPT, TxnType.VENDOR_CREDIT,
)  # fmt: skip


class DetailLevel(StrEnum):
    ALL = "All"
    SUMMARY_ONLY = "SummaryOnly"
    ALL_EXCEPT_SUMMARY = "AllExceptSummary"


class PostingStatus(StrEnum):
    EITHER = "Either"
    NON_POSTING = "NonPosting"
    POSTING = "Posting"


class SummaryReportType(StrEnum):
    TRIAL_BALANCE = "TrialBalance"
    PROFIT_AND_LOSS_STANDARD = "ProfitAndLossStandard"
    PROFIT_AND_LOSS_BY_CLASS = "ProfitAndLossByClass"
    BALANCE_SHEET_STANDARD = "BalanceSheetStandard"
    BALANCE_SHEET_BY_CLASS = "BalanceSheetByClass"


class ReportBasis(StrEnum):
    ACCRUAL = "Accrual"
    CASH = "Cash"


class SummarizeColumnsBy(StrEnum):
    TOTAL_ONLY = "TotalOnly"
    CLASS = "Class"
    MONTH = "Month"
    QUARTER = "Quarter"
    YEAR = "Year"
