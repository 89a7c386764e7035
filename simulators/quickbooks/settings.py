"""Company-level facts QuickBooks reports through CompanyQuery and PreferencesQuery."""

from dataclasses import dataclass


@dataclass
class CompanySettings:
    company_name: str = "Demo Company"
    legal_name: str | None = None
    path: str = r"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\Demo Company.QBW"
    file_id: str = "{6A1C4D0E-2B7F-4E55-9C3A-0D5E8F1B2A77}"
    first_month_fiscal_year: str = "January"
    company_type: str = "ProfessionalServices"
    tax_form: str = "Form1120S"
    file_mode: str = "MultiUser"
    class_tracking: bool = True
    account_numbers: bool = True
    auto_journal_numbers: bool = True

    @property
    def fiscal_year_start_month(self) -> int:
        return _MONTHS.index(self.first_month_fiscal_year) + 1


_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
