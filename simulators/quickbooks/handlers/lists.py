"""AccountQuery/AccountAdd and ClassQuery/ClassAdd (list queries have no iterators)."""

from datetime import date

from lxml import etree

from simulators.quickbooks.amounts import parse_amount
from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.filters import active_status, modified_between, name_match
from simulators.quickbooks.lists import ListStore
from simulators.quickbooks.model import ListElement, chart_order
from simulators.quickbooks.opening_balance import post_opening_balance
from simulators.quickbooks.paging import query_response
from simulators.quickbooks.rets import account_ret, class_ret, keep_only
from simulators.quickbooks.selection import pick
from simulators.quickbooks.statuses import OK, QbError, invalid_reference
from simulators.quickbooks.writes import guard_write
from simulators.quickbooks.xmlout import response_element


def account_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    company = ctx.company
    matches, warning = _select(ctx, company.accounts, request)
    types = {element.text for element in request.findall("AccountType")}
    if types:
        matches = [account for account in matches if account.account_type in types]
    if not request.findall("ListID") and not request.findall("FullName"):
        matches.sort(key=chart_order)
    names = _include(request)
    render = lambda _ctx, account: keep_only(account_ret(company, account), names)  # noqa: E731
    return query_response(ctx, request, matches, render, warning)


def class_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    company = ctx.company
    matches, warning = _select(ctx, company.classes, request)
    names = _include(request)
    render = lambda _ctx, qb_class: keep_only(class_ret(company, qb_class), names)  # noqa: E731
    return query_response(ctx, request, matches, render, warning)


def account_add(ctx: RequestContext, request: etree._Element) -> etree._Element:
    guard_write(ctx, request, "Account")
    add = request.find("AccountAdd")
    company = ctx.company
    account = company.add_account(
        add.findtext("Name"),
        add.findtext("AccountType"),
        parent=_parent(company.accounts, add, "Account"),
        number=add.findtext("AccountNumber"),
        description=add.findtext("Desc"),
        is_active=add.findtext("IsActive", "true") == "true",
    )
    if add.findtext("OpenBalance"):
        on = add.findtext("OpenBalanceDate")
        opened = date.fromisoformat(on) if on else company.today()
        post_opening_balance(company, account, parse_amount(add.findtext("OpenBalance")), opened)
    return _added(request, account_ret(company, account))


def class_add(ctx: RequestContext, request: etree._Element) -> etree._Element:
    guard_write(ctx, request, "Class")
    add = request.find("ClassAdd")
    company = ctx.company
    qb_class = company.add_class(
        add.findtext("Name"),
        parent=_parent(company.classes, add, "Class"),
        is_active=add.findtext("IsActive", "true") == "true",
    )
    return _added(request, class_ret(company, qb_class))


def _select(ctx: RequestContext, store: ListStore, request: etree._Element) -> tuple[list, object]:
    ids = [element.text for element in request.findall("ListID")]
    if ids:
        return pick(ids, store.get)
    names = [element.text for element in request.findall("FullName")]
    if names:
        return pick(names, store.find)
    return [element for element in store.ordered() if _passes(ctx, request, element)], None


def _passes(ctx: RequestContext, request: etree._Element, element: ListElement) -> bool:
    if not active_status(request.find("ActiveStatus"))(element):
        return False
    modified = modified_between(
        ctx.company, request.findtext("FromModifiedDate"), request.findtext("ToModifiedDate")
    )
    if not modified(element.time_modified):
        return False
    name_filter = request.find("NameFilter")
    if name_filter is None:
        name_filter = request.find("NameRangeFilter")
    return name_filter is None or name_match(name_filter)(element.full_name)


def _parent(store: ListStore, add: etree._Element, list_name: str) -> ListElement | None:
    ref = add.find("ParentRef")
    if ref is None:
        return None
    parent = store.lookup(ref.findtext("ListID"), ref.findtext("FullName"))
    if parent is None:
        value = ref.findtext("FullName") or ref.findtext("ListID")
        raise QbError(invalid_reference(list_name, value, list_name))
    return parent


def _added(request: etree._Element, ret: etree._Element) -> etree._Element:
    response = response_element(request, OK)
    response.append(keep_only(ret, _include(request)))
    return response


def _include(request: etree._Element) -> list[str]:
    return [element.text for element in request.findall("IncludeRetElement")]
