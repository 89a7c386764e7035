"""HostQuery, CompanyQuery, PreferencesQuery -- also what QBWC sends as strHCPResponse."""

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.rets import keep_only
from simulators.quickbooks.statuses import OK
from simulators.quickbooks.xmlout import document, response_element, sub, sub_bool, sub_if


def host_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    return _answer(request, host_ret(ctx.company))


def company_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    owners = [owner.text for owner in request.findall("OwnerID")]
    return _answer(request, company_ret(ctx.company, owners))


def preferences_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    return _answer(request, preferences_ret(ctx.company))


def hcp_response(company: CompanyFile, owner_id: str) -> str:
    """The HostQueryRs + CompanyQueryRs + PreferencesQueryRs QBWC forwards on the first
    sendRequestXML of a session (requestIDs 0, 1, 2 as in the captured session)."""
    rets = [host_ret(company), company_ret(company, [owner_id]), preferences_ret(company)]
    tags = ["HostQueryRq", "CompanyQueryRq", "PreferencesQueryRq"]
    return document(
        [
            _answer(_request(tag, str(i)), ret)
            for i, (tag, ret) in enumerate(zip(tags, rets, strict=True))
        ]
    )


def host_ret(company: CompanyFile) -> etree._Element:
    product = company.product
    ret = etree.Element("HostRet")
    sub(ret, "ProductName", product.name)
    sub(ret, "MajorVersion", str(product.major_version))
    sub(ret, "MinorVersion", str(product.minor_version))
    sub(ret, "Country", product.country)
    for version in product.supported_qbxml_versions:
        sub(ret, "SupportedQBXMLVersion", version)
    sub_bool(ret, "IsAutomaticLogin", False)
    sub(ret, "QBFileMode", company.settings.file_mode)
    return ret


def company_ret(company: CompanyFile, owner_ids: list[str]) -> etree._Element:
    settings = company.settings
    ret = etree.Element("CompanyRet")
    sub_bool(ret, "IsSampleCompany", False)
    sub(ret, "CompanyName", settings.company_name)
    sub(ret, "LegalCompanyName", settings.legal_name or settings.company_name)
    sub(ret, "FirstMonthFiscalYear", settings.first_month_fiscal_year)
    sub(ret, "FirstMonthIncomeTaxYear", settings.first_month_fiscal_year)
    sub(ret, "CompanyType", settings.company_type)
    sub(ret, "TaxForm", settings.tax_form)
    for owner_id in owner_ids:
        _data_ext(ret, owner_id, "FileID", settings.file_id)
    return ret


def preferences_ret(company: CompanyFile) -> etree._Element:
    settings = company.settings
    ret = etree.Element("PreferencesRet")
    accounting = sub(ret, "AccountingPreferences")
    sub_bool(accounting, "IsUsingAccountNumbers", settings.account_numbers)
    sub_bool(accounting, "IsRequiringAccounts", True)
    sub_bool(accounting, "IsUsingClassTracking", settings.class_tracking)
    if settings.class_tracking:
        sub(accounting, "AssignClassesTo", "Accounts")
    sub_bool(accounting, "IsUsingAuditTrail", True)
    sub_bool(accounting, "IsAssigningJournalEntryNumbers", settings.auto_journal_numbers)
    _fixed_preferences(ret)
    return ret


def _fixed_preferences(ret: etree._Element) -> None:
    """Preferences nothing here depends on, with the values of a plain US company file."""
    finance = sub(ret, "FinanceChargePreferences")
    for tag, text in (
        ("AnnualInterestRate", "0.00"),
        ("MinFinanceCharge", "0.00"),
        ("GracePeriod", "0"),
    ):
        sub(finance, tag, text)
    sub_bool(finance, "IsAssessingForOverdueCharges", False)
    sub(finance, "CalculateChargesFrom", "DueDate")
    sub_bool(finance, "IsMarkedToBePrinted", False)
    jobs = sub(ret, "JobsAndEstimatesPreferences")
    for tag in ("IsUsingEstimates", "IsUsingProgressInvoicing", "IsPrintingItemsWithZeroAmounts"):
        sub_bool(jobs, tag, False)
    sub_bool(sub(ret, "MultiCurrencyPreferences"), "IsMultiCurrencyOn", False)
    purchases = sub(ret, "PurchasesAndVendorsPreferences")
    sub_bool(purchases, "IsUsingInventory", False)
    sub(purchases, "DaysBillsAreDue", "30")
    sub_bool(purchases, "IsAutomaticallyUsingDiscounts", False)
    reports = sub(ret, "ReportsPreferences")
    sub(reports, "AgingReportBasis", "AgeFromDueDate")
    sub(reports, "SummaryReportBasis", "Accrual")
    sales = sub(ret, "SalesAndCustomersPreferences")
    sub_bool(sales, "IsTrackingReimbursedExpensesAsIncome", False)
    sub_bool(sales, "IsAutoApplyingPayments", True)
    sub(sub(ret, "TimeTrackingPreferences"), "FirstDayOfWeek", "Monday")
    rights = sub(ret, "CurrentAppAccessRights")
    sub_bool(rights, "IsAutomaticLoginAllowed", True)
    sub_if(rights, "AutomaticLoginUserName", "Admin")
    sub_bool(rights, "IsPersonalDataAccessAllowed", False)


def _data_ext(ret: etree._Element, owner_id: str, name: str, value: str) -> None:
    ext = sub(ret, "DataExtRet")
    sub(ext, "OwnerID", owner_id)
    sub(ext, "DataExtName", name)
    sub(ext, "DataExtType", "STR255TYPE")
    sub(ext, "DataExtValue", value)


def _answer(request: etree._Element, ret: etree._Element) -> etree._Element:
    response = response_element(request, OK)
    response.append(keep_only(ret, [e.text for e in request.findall("IncludeRetElement")]))
    return response


def _request(tag: str, request_id: str) -> etree._Element:
    request = etree.Element(tag)
    request.set("requestID", request_id)
    return request
