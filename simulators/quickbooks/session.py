"""A QuickBooks connection as QBWC holds it for one update: it turns a qbXML request
message into a response message, or into an HRESULT when QuickBooks cannot parse it."""

import asyncio
import time
from dataclasses import dataclass

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.dispatch import handle
from simulators.quickbooks.faults import FaultPlan
from simulators.quickbooks.handlers.host_queries import hcp_response
from simulators.quickbooks.hresults import PARSE_ERROR, HResult
from simulators.quickbooks.iterators import IteratorRegistry
from simulators.quickbooks.latency import LatencyModel
from simulators.quickbooks.message import Message, Unreadable, read_message
from simulators.quickbooks.statuses import QbError, invalid_request_id
from simulators.quickbooks.xmlout import document, response_element


@dataclass(frozen=True)
class ProcessResult:
    response_xml: str
    hresult: str
    message: str
    qb_seconds: float

    @property
    def parsed(self) -> bool:
        return not self.hresult


class QuickBooksSession:
    def __init__(
        self,
        company: CompanyFile,
        *,
        faults: FaultPlan | None = None,
        latency: LatencyModel | None = None,
    ) -> None:
        self.company = company
        self.faults = faults or FaultPlan()
        self.latency = latency or company.latency
        self._iterators = IteratorRegistry()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def open_iterators(self) -> int:
        return len(self._iterators)

    def hcp_response(self, owner_id: str) -> str:
        return hcp_response(self.company, owner_id)

    def process(self, request_xml: str) -> ProcessResult:
        result = self._process(request_xml)
        if self.latency.sleep_scale:
            time.sleep(self.latency.sleep_for(result.qb_seconds))
        return result

    async def process_async(self, request_xml: str) -> ProcessResult:
        result = self._process(request_xml)
        if self.latency.sleep_scale:
            await asyncio.sleep(self.latency.sleep_for(result.qb_seconds))
        return result

    def close(self) -> None:
        self._iterators.close()
        self._closed = True

    def _process(self, request_xml: str) -> ProcessResult:
        if self._closed:
            raise RuntimeError("this QuickBooks session is closed")
        plans = [self.faults, self.company.faults]
        extra = sum(plan.take_slowness() for plan in plans)
        try:
            if any(plan.take_parse_error() for plan in plans):
                raise Unreadable(PARSE_ERROR)
            message = read_message(request_xml, self.company.product)
        except Unreadable as failure:
            return _failed(failure.hresult, self.latency.per_message + extra)
        ctx = RequestContext(self.company, self._iterators, plans, message.version)
        responses = _run(ctx, message)
        return ProcessResult(document(responses), "", "", self.latency.seconds(ctx.work) + extra)


def _run(ctx: RequestContext, message: Message) -> list[etree._Element]:
    responses = []
    for request in message.requests:
        response = _answer(ctx, request)
        ctx.work.requests += 1
        if not message.include_data:
            response[:] = []
        responses.append(response)
        # stopOnError: later requests are not processed; earlier ones are not rolled back.
        if message.on_error == "stopOnError" and int(response.get("statusCode")) >= 1000:
            break
    return responses


def _answer(ctx: RequestContext, request: etree._Element) -> etree._Element:
    request_id = request.get("requestID")
    if request_id is not None and len(request_id) > 50:
        return response_element(request, invalid_request_id(request_id))
    try:
        return handle(ctx, request)
    except QbError as error:
        return response_element(request, error.status)


def _failed(hresult: HResult, seconds: float) -> ProcessResult:
    return ProcessResult("", hresult.code, hresult.message, seconds)
