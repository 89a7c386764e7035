"""TransactionQuery: every posted transaction type, summary and/or line rows."""

from lxml import etree

from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.paging import query_response
from simulators.quickbooks.rets import keep_only, transaction_ret
from simulators.quickbooks.selection import pick
from simulators.quickbooks.transaction_rows import Row, row_tests, rows_of, txn_tests


def transaction_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    names = [element.text for element in request.findall("IncludeRetElement")]

    def render(ctx: RequestContext, key: tuple[str, str | None]) -> etree._Element | None:
        row = _row(ctx, key)
        return (
            None
            if row is None
            else keep_only(transaction_ret(ctx.company, row.txn, row.line, row.is_summary), names)
        )

    if request.get("iterator") in ("Continue", "Stop"):
        return query_response(ctx, request, [], render)
    rows, warning = _rows(ctx, request)
    keys = [(row.txn.txn_id, None if row.is_summary else row.line.line_id) for row in rows]
    return query_response(ctx, request, keys, render, warning)


def _rows(ctx: RequestContext, request: etree._Element) -> tuple[list[Row], object]:
    company = ctx.company
    detail = request.findtext("TransactionDetailLevelFilter") or "SummaryOnly"
    ids = [element.text for element in request.findall("TxnID")]
    if ids:
        txns, warning = pick(ids, company.txns.get)
        return [row for txn in txns for row in rows_of(txn, detail)], warning
    txn_filters, row_filters = txn_tests(company, request), row_tests(company, request)
    selected = (txn for txn in company.txns.values() if all(test(txn) for test in txn_filters))
    rows = (row for txn in selected for row in rows_of(txn, detail))
    return [row for row in rows if all(test(row) for test in row_filters)], None


def _row(ctx: RequestContext, key: tuple[str, str | None]) -> Row | None:
    txn = ctx.company.txns.get(key[0])
    if txn is None:
        return None
    if key[1] is None:
        return Row(txn, txn.header or txn.lines[0], True)
    line = next((line for line in txn.lines if line.line_id == key[1]), None)
    return None if line is None else Row(txn, line, False)
