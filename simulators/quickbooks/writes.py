"""What every write request goes through before it touches the company file."""

from lxml import etree

from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.statuses import QbError, invalid_reference, lock_error


def guard_write(ctx: RequestContext, request: etree._Element, object_name: str) -> None:
    """Injected lock errors and injected invalid references, in that order."""
    code = ctx.take_lock_error()
    if code is not None:
        raise QbError(lock_error(code, object_name))
    if ctx.take_invalid_reference():
        raise QbError(invalid_reference("Account", _first_reference(request), object_name))


def _first_reference(request: etree._Element) -> str:
    for ref in request.iter("AccountRef", "ParentRef", "ClassRef"):
        return ref.findtext("FullName") or ref.findtext("ListID") or ""
    return request.findtext(".//TxnID") or ""
