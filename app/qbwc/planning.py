"""Building the next qbXML message of a session: open reads first, then what the ready
sources plan, each request checked against QuickBooks' rules, packed within the budget,
numbered, rendered and validated against Intuit's schema."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from adapters.qbxml.render import OutgoingRequest, message_element, render_message
from adapters.qbxml.schema import SchemaViolation, validate
from app.qbwc.hub import SourceCalls
from app.qbwc.work import (
    Abandoned,
    AbandonReason,
    Applied,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkSource,
)
from domain.qbwc.messages import Iteration, SentRequest
from domain.qbwc.packing import Packer, Sized
from domain.qbwc.session import OpenRead, SessionState
from domain.qbxml.costs import estimated_units
from domain.qbxml.refs import InvalidRequest
from domain.qbxml.rules import prepared


@dataclass(frozen=True, slots=True)
class Candidate:
    planned: PlannedRequest
    iterator_id: str | None = None  # set for the Continue page of an open read

    @property
    def iteration(self) -> str | None:
        if not self.planned.iterate:
            return None
        return Iteration.CONTINUE if self.iterator_id else Iteration.START


@dataclass
class MessagePlan:
    candidates: list[Candidate] = field(default_factory=list)
    requests: list[SentRequest] = field(default_factory=list)
    body: str = ""
    rejected: list[tuple[PlannedRequest, str]] = field(default_factory=list)

    @property
    def planned(self) -> list[PlannedRequest]:
        return [candidate.planned for candidate in self.candidates]

    @property
    def units(self) -> float:
        return sum(request.units for request in self.requests)


def to_planned(sent: SentRequest) -> PlannedRequest:
    """The PlannedRequest a source gets back, rebuilt from the event log's record."""
    return PlannedRequest(
        request=sent.decoded(),
        key=sent.key,
        cost=sent.units,
        iterate=sent.iteration is not None,
        source=sent.source,
        request_id=sent.request_id,
        page=sent.page,
        restarts=sent.restarts,
    )


def rejection(detail: str) -> AbandonReason:
    return AbandonReason(Abandoned.REJECTED, Applied.NO, detail)


class MessagePlanner:
    def __init__(self, calls: SourceCalls, *, max_requests: int) -> None:
        self._calls = calls
        self._max_requests = max_requests

    async def plan(
        self,
        session: SessionInfo,
        state: SessionState,
        budget: Budget,
        ready: Sequence[WorkSource],
    ) -> MessagePlan:
        result = MessagePlan()
        session = replace(session, message_no=state.message_no + 1)
        packer: Packer[Candidate] = Packer(budget, self._max_requests)
        packer.add([_continuation(read, budget) for read in state.open_reads])
        for source in ready:
            planned = await self._calls.plan(source, session, packer.budget)
            packer.add(_checked(source.name, planned, set(state.rejected), result))
        result.candidates = _numbered([sized.item for sized in packer.chosen], session.message_no)
        _render(session.qbxml_version, result)
        return result


def _continuation(read: OpenRead, budget: Budget) -> Sized[Candidate]:
    sent = read.request
    request = sent.decoded()
    if read.iterator_id and getattr(request, "max_returned", None) is not None:
        # Continue pages are sized by the budget: small while the cost model is new,
        # larger once it has seen how fast this QuickBooks answers.
        request = replace(request, max_returned=budget.page_size())  # type: ignore[call-arg]
    units = estimated_units(request)
    planned = PlannedRequest(
        request=request,
        key=sent.key,
        cost=units,
        iterate=True,
        source=sent.source,
        page=read.next_page,
        restarts=read.restarts,
    )
    return Sized(Candidate(planned, read.iterator_id), units)


def _checked(
    source: str,
    planned: Sequence[PlannedRequest],
    rejected_keys: set[tuple[str, str]],
    result: MessagePlan,
) -> list[Sized[Candidate]]:
    group = []
    for item in planned:
        item = replace(item, source=source, request_id="", page=1 if item.iterate else 0)
        if (source, item.key) in rejected_keys:
            continue  # rejected earlier in this session: the source has been told
        problem = None
        try:
            item = replace(item, request=prepared(item.request))
        except InvalidRequest as error:
            problem = str(error)
        if problem is None and item.iterate and not item.request.ITERABLE:
            problem = f"{item.request.KIND} has no iterator"
        if problem is not None:
            result.rejected.append((item, problem))
            continue
        units = item.cost if item.cost is not None else estimated_units(item.request)
        group.append(Sized(Candidate(replace(item, cost=units)), units))
    return group


def _numbered(candidates: list[Candidate], message_no: int) -> list[Candidate]:
    """requestIDs "<message>.<n>": unique in the session, far below the 50-char limit."""
    return [
        replace(c, planned=replace(c.planned, request_id=f"{message_no}.{n}"))
        for n, c in enumerate(candidates, start=1)
    ]


def _render(version: str, result: MessagePlan) -> None:
    while result.candidates:
        outgoing = [_outgoing(candidate) for candidate in result.candidates]
        try:
            result.body = render_message(version, outgoing)
        except SchemaViolation:
            _drop_invalid(result, outgoing)
            continue
        result.requests = [_sent(c, o) for c, o in zip(result.candidates, outgoing, strict=True)]
        return


def _drop_invalid(result: MessagePlan, outgoing: list[OutgoingRequest]) -> None:
    """A renderer bug: set aside the requests the schema rejects and go on without them."""
    keep = []
    for candidate, request in zip(result.candidates, outgoing, strict=True):
        try:
            validate(message_element([request]))
            keep.append(candidate)
        except SchemaViolation as error:
            result.rejected.append((candidate.planned, f"bug: {error}"))
    if len(keep) == len(result.candidates):  # each valid alone, not together: drop all
        result.rejected.extend((c.planned, "bug: the message failed the schema") for c in keep)
        keep = []
    result.candidates = keep


def _outgoing(candidate: Candidate) -> OutgoingRequest:
    planned = candidate.planned
    return OutgoingRequest(
        planned.request_id, planned.request, candidate.iteration, candidate.iterator_id
    )


def _sent(candidate: Candidate, outgoing: OutgoingRequest) -> SentRequest:
    planned = candidate.planned
    return SentRequest(
        request_id=outgoing.request_id,
        source=planned.source,
        key=planned.key,
        kind=planned.request.KIND,
        request=planned.request.to_data(),
        units=planned.cost or 0.0,
        iteration=outgoing.iteration,
        iterator_id=outgoing.iterator_id,
        page=planned.page,
        restarts=planned.restarts,
    )
