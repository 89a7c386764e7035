"""Answering a query: MaxReturned, iterators (Start/Continue/Stop) and metaData.

retCount is metadata: QuickBooks adds it only when metaData asks for it (the captured
iterator response carries iteratorRemainingCount and iteratorID but no retCount).
"""

from lxml import etree

from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.filters import max_returned
from simulators.quickbooks.iterators import IteratorState, Render
from simulators.quickbooks.statuses import NO_MATCH, OK, Status
from simulators.quickbooks.xmlout import response_element


def query_response(
    ctx: RequestContext,
    request: etree._Element,
    matches: list[object],
    render: Render,
    warning: Status | None = None,
) -> etree._Element:
    """`warning` (e.g. 500, some requested IDs missing) replaces "Status OK" when data
    is returned."""
    iterator = request.get("iterator")
    if iterator == "Continue":
        state = ctx.iterators.resume(request.get("iteratorID"), request.tag)
        state.max_returned = max_returned(request) or state.max_returned
        return _page(ctx, request, state, request.get("iteratorID"))
    if iterator == "Stop":
        ctx.iterators.resume(request.get("iteratorID"), request.tag)
        ctx.iterators.finish(request.get("iteratorID"))
        return response_element(request, OK)
    if iterator == "Start":
        state = IteratorState(request.tag, list(matches), render, max_returned(request) or 0)
        return _page(ctx, request, state, ctx.iterators.start(state))
    limit = max_returned(request)
    batch = matches[:limit] if limit else matches
    return _respond(ctx, request, batch, render, len(matches), {}, warning)


def _page(
    ctx: RequestContext, request: etree._Element, state: IteratorState, iterator_id: str
) -> etree._Element:
    size = state.max_returned or len(state.remaining)
    batch, state.remaining = state.remaining[:size], state.remaining[size:]
    if not state.remaining:
        ctx.iterators.finish(iterator_id)
    extra = {"iteratorRemainingCount": len(state.remaining), "iteratorID": iterator_id}
    return _respond(ctx, request, batch, state.render, len(batch), extra)


def _respond(
    ctx: RequestContext,
    request: etree._Element,
    batch: list[object],
    render: Render,
    total: int,
    extra: dict[str, int | str],
    warning: Status | None = None,
) -> etree._Element:
    metadata = request.get("metaData", "NoMetaData")
    records = [] if metadata == "MetaDataOnly" else _rendered(ctx, batch, render)
    counts = (
        {} if metadata == "NoMetaData" else {"retCount": total if not records else len(records)}
    )
    found = records or (metadata == "MetaDataOnly" and total)
    status = (warning or OK) if found else NO_MATCH
    response = response_element(request, status, **counts, **extra)
    response.extend(records)
    ctx.work.rows += len(records)
    return response


def _rendered(ctx: RequestContext, batch: list[object], render: Render) -> list[etree._Element]:
    """Objects deleted since an iterator started are skipped (render returns None)."""
    rendered = (render(ctx, item) for item in batch)
    return [element for element in rendered if element is not None]
