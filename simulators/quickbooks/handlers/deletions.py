"""TxnDel, TxnVoid and TxnDeletedQuery."""

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.filters import deleted_range
from simulators.quickbooks.model import DeletedTxn, Txn
from simulators.quickbooks.paging import query_response
from simulators.quickbooks.statuses import OK, QbError, object_not_found
from simulators.quickbooks.writes import guard_write
from simulators.quickbooks.xmlout import response_element, sub, sub_if


def txn_del(ctx: RequestContext, request: etree._Element) -> etree._Element:
    txn_type = request.findtext("TxnDelType")
    guard_write(ctx, request, txn_type)
    company = ctx.company
    record = company.delete(_txn(company, request.findtext("TxnID"), txn_type))
    response = response_element(request, OK)
    sub(response, "TxnDelType", record.txn_type)
    sub(response, "TxnID", record.txn_id)
    sub(response, "TimeDeleted", company.timezone.format(record.time_deleted))
    sub_if(response, "RefNumber", record.ref_number)
    return response


def txn_void(ctx: RequestContext, request: etree._Element) -> etree._Element:
    txn_type = request.findtext("TxnVoidType")
    guard_write(ctx, request, txn_type)
    company = ctx.company
    txn = _txn(company, request.findtext("TxnID"), txn_type)
    company.void(txn)
    response = response_element(request, OK)
    sub(response, "TxnVoidType", txn.txn_type)
    sub(response, "TxnID", txn.txn_id)
    sub(response, "TimeCreated", company.timezone.format(txn.time_created))
    sub(response, "TimeModified", company.timezone.format(txn.time_modified))
    sub_if(response, "RefNumber", txn.ref_number)
    return response


def txn_deleted_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    company = ctx.company
    types = {element.text for element in request.findall("TxnDelType")}
    when = deleted_range(company, request.find("DeletedDateRangeFilter"))
    matches = [d for d in company.deleted if d.txn_type in types and when(d.time_deleted)]
    return query_response(ctx, request, matches, _deleted_ret)


def _deleted_ret(ctx: RequestContext, record: DeletedTxn) -> etree._Element:
    timezone = ctx.company.timezone
    ret = etree.Element("TxnDeletedRet")
    sub(ret, "TxnDelType", record.txn_type)
    sub(ret, "TxnID", record.txn_id)
    sub(ret, "TimeCreated", timezone.format(record.time_created))
    sub(ret, "TimeDeleted", timezone.format(record.time_deleted))
    sub_if(ret, "RefNumber", record.ref_number)
    return ret


def _txn(company: CompanyFile, txn_id: str, txn_type: str) -> Txn:
    txn = company.txns.get(txn_id)
    if txn is None or txn.txn_type != txn_type:
        raise QbError(object_not_found(txn_id))
    return txn
