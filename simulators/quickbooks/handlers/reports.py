"""GeneralSummaryReportQuery for TrialBalance, ProfitAndLossStandard and
ProfitAndLossByClass. Other report types get 1030 (not supported by this
implementation). Reports always use the accrual basis."""

from datetime import date

from lxml import etree

from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.profit_and_loss import profit_and_loss
from simulators.quickbooks.report_data import report_period
from simulators.quickbooks.report_layout import Report, report_ret
from simulators.quickbooks.statuses import OK, UNSUPPORTED_REQUEST, QbError
from simulators.quickbooks.trial_balance import trial_balance
from simulators.quickbooks.xmlout import response_element

_PNL_COLUMNS = {"Class": "Class", "Month": "Month"}


def general_summary_report_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    report = _build(ctx, request, request.findtext("GeneralSummaryReportType"))
    response = response_element(request, OK)
    response.append(report_ret(report))
    ctx.work.rows += len(report.rows)
    return response


def _build(ctx: RequestContext, request: etree._Element, kind: str) -> Report:
    company = ctx.company
    if kind == "TrialBalance":
        _first, last = report_period(company, request, "Today")
        return trial_balance(company, request, last or company.today())
    if kind not in ("ProfitAndLossStandard", "ProfitAndLossByClass"):
        raise QbError(UNSUPPORTED_REQUEST)
    first, last = report_period(company, request, "ThisFiscalYearToDate")
    first, last = first or _earliest(ctx), last or company.today()
    columns = (
        "Class"
        if kind == "ProfitAndLossByClass"
        else _PNL_COLUMNS.get(request.findtext("SummarizeColumnsBy") or "", "Total")
    )
    return profit_and_loss(company, request, first, last, columns)


def _earliest(ctx: RequestContext) -> date:
    dates = [txn.txn_date for txn in ctx.company.txns.values()]
    return min(dates, default=ctx.company.today())
