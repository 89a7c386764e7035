"""sendRequestXML and receiveResponseXML: one qbXML message out, its answers back in.

Every message is stored (body in the blob store by sha256) and recorded in the session
stream before it leaves; every answer is recorded before any source hears of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from adapters.postgres.blobs import BlobStore
from adapters.postgres.qbwc_logins import CostModels
from adapters.qbxml.parse import UnreadableResponse, parse_response
from app.qbwc.hub import combined
from app.qbwc.planning import MessagePlanner, rejection, to_planned
from app.qbwc.sessions import Call, Sessions, lost_in_flight
from app.qbwc.work import Abandoned, AbandonReason, Applied, WorkState
from domain.events import (
    QbxmlMessageFailed,
    QbxmlMessageReceived,
    QbxmlMessageSent,
    QbxmlRequestRejected,
    WebConnectorProgressReported,
    WebConnectorSessionRefused,
    WebConnectorWaitedForWork,
)
from domain.qbwc.budget import Budget
from domain.qbwc.messages import ReceivedStatus, SentRequest
from domain.qbwc.progress import FAILED, next_percent, waited_seconds
from domain.qbwc.session import MAX_READ_RESTARTS, SessionState
from domain.qbxml.costs import answered_units
from domain.qbxml.responses import QbxmlResponse
from domain.qbxml.statuses import MessageFailure, failure_text, message_failure

NOTHING_LEFT = "Nothing more to send to QuickBooks in this update."


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    target_seconds: float
    max_requests: int
    max_page_rows: int
    max_messages: int
    noop_seconds: float
    max_response_bytes: int


class Exchange:
    def __init__(
        self, sessions: Sessions, blobs: BlobStore, costs: CostModels, limits: Limits
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self._costs = costs
        self._limits = limits

    # --- sendRequestXML ----------------------------------------------------------------

    async def send(self, call: Call) -> str:
        """The next message, or "" (getLastError then says NoOp or why not)."""
        state = call.state
        if state.refusal:
            return await self._nothing(call, None)
        if state.in_flight:
            self._lost_response(call, state)
        if state.message_no >= self._limits.max_messages:
            return await self._nothing(call, f"{NOTHING_LEFT} (message limit reached)")
        states = await call.calls.states(call.connection.connection_id)
        ready = [s for s in call.calls.sources if states[s.name] is WorkState.READY]
        if not ready and not state.open_reads:
            return await self._idle(call, combined(list(states.values())))
        model = await self._costs.get(call.connection.connection_id)
        budget = Budget(
            self._limits.target_seconds, model, max_page_rows=self._limits.max_page_rows
        )
        planner = MessagePlanner(call.calls, max_requests=self._limits.max_requests)
        plan = await planner.plan(call.info(), state, budget, ready)
        for planned, reason in plan.rejected:
            call.add(
                QbxmlRequestRejected(
                    session_id=call.session_id,
                    source=planned.source,
                    key=planned.key,
                    kind=planned.request.KIND,
                    reason=reason,
                )
            )
            call.abandon(planned, rejection(reason))
        if not plan.requests:
            return await self._idle(call, combined(list(states.values())))
        sha = await self._blobs.put(plan.body.encode("utf-8"), "application/xml")
        call.add(
            QbxmlMessageSent(
                session_id=call.session_id,
                connection_id=call.connection.connection_id,
                message_no=state.message_no + 1,
                qbxml_version=call.info().qbxml_version,
                body_sha256=sha,
                requests=tuple(plan.requests),
                estimated_units=plan.units,
                estimated_seconds=model.seconds(plan.units),
                sent_at=call.now,
            )
        )
        await self._commit(call)
        return plan.body

    async def _idle(self, call: Call, work: WorkState) -> str:
        waited = waited_seconds(call.state, call.now)
        if work is WorkState.WAITING and waited < self._limits.noop_seconds:
            call.add(
                WebConnectorWaitedForWork(
                    session_id=call.session_id, at=call.now, waited_seconds=waited
                )
            )
            await self._commit(call)
            return ""
        reason = NOTHING_LEFT
        if work is WorkState.WAITING:
            reason = (
                f"Waited {waited:.0f} s for work that is not ready yet; it continues at the "
                "next scheduled update."
            )
        return await self._nothing(call, reason)

    async def _nothing(self, call: Call, reason: str | None) -> str:
        if reason is not None:
            call.add(
                WebConnectorSessionRefused(
                    session_id=call.session_id,
                    connection_id=call.connection.connection_id,
                    reason=reason,
                )
            )
        await self._commit(call)
        return ""

    def _lost_response(self, call: Call, state: SessionState) -> None:
        """QBWC asked for more without answering the last message (it never does): the
        requests in it are abandoned as possibly applied."""
        error = f"the response to message {state.message_no} never arrived"
        self._fail(call, state, "", error, error, None, lost_in_flight("no response"))

    # --- receiveResponseXML ------------------------------------------------------------

    async def receive(self, call: Call, response: str, hresult: str, message: str) -> int:
        state = call.state
        if not state.in_flight:
            await self._commit(call)
            return state.percent
        if hresult.strip() or not response.strip():
            return await self._failed(call, state, response, hresult, message)
        try:
            answers = parse_response(response, self._limits.max_response_bytes)
        except UnreadableResponse as error:
            text = f"ml-connector could not read QuickBooks' response: {error}"
            return await self._failed(call, state, response, "", text)
        matched, missing = _match(state.in_flight, answers)
        await self._record(call, state, response, matched, missing)
        routed = [(to_planned(sent), answer) for sent, answer in matched]
        await call.calls.accept_all(call.info(), routed)
        return await self._progress(call)

    async def _record(
        self,
        call: Call,
        state: SessionState,
        response: str,
        matched: Sequence[tuple[SentRequest, QbxmlResponse]],
        missing: Sequence[SentRequest],
    ) -> None:
        """The answers go to the log (the body to the blob store) before any source sees
        them; the time QuickBooks took teaches the cost model."""
        sha = await self._blobs.put(response.encode("utf-8"), "application/xml")
        elapsed = _elapsed(call, state)
        call.add(
            QbxmlMessageReceived(
                session_id=call.session_id,
                connection_id=call.connection.connection_id,
                message_no=state.message_no,
                body_sha256=sha,
                responses=tuple(_status(sent, answer) for sent, answer in matched),
                missing=tuple(sent.request_id for sent in missing),
                elapsed_seconds=elapsed,
                received_at=call.now,
            )
        )
        self._abandon_unanswered(call, matched, missing)
        units = sum(answered_units(answer) for _, answer in matched)
        units += sum(sent.units for sent in missing)
        await self._learn(call, units, elapsed)
        await self._commit(call)

    async def _failed(
        self, call: Call, state: SessionState, response: str, hresult: str, message: str
    ) -> int:
        error = failure_text(hresult, message) if hresult.strip() else message
        error = error or "QuickBooks returned an empty response."
        sha = (
            await self._blobs.put(response.encode("utf-8"), "application/xml") if response else None
        )
        self._fail(call, state, hresult, message, error, sha, _whole_message_reason(hresult, error))
        await self._commit(call)
        return FAILED

    def _fail(
        self,
        call: Call,
        state: SessionState,
        hresult: str,
        message: str,
        error: str,
        sha: str | None,
        reason: AbandonReason,
    ) -> None:
        call.add(
            QbxmlMessageFailed(
                session_id=call.session_id,
                connection_id=call.connection.connection_id,
                message_no=state.message_no,
                hresult=hresult,
                message=message,
                error=error,
                body_sha256=sha,
                elapsed_seconds=_elapsed(call, state),
                received_at=call.now,
            )
        )
        for sent in state.in_flight:
            call.abandon(to_planned(sent), reason)

    def _abandon_unanswered(
        self,
        call: Call,
        matched: Sequence[tuple[SentRequest, QbxmlResponse]],
        missing: Sequence[SentRequest],
    ) -> None:
        for sent in missing:
            detail = "QuickBooks' response had no answer for this request"
            call.abandon(
                to_planned(sent), AbandonReason(Abandoned.NO_RESPONSE, Applied.UNKNOWN, detail)
            )
        for sent, answer in matched:
            if sent.iteration and answer.status.code == 3391 and sent.restarts >= MAX_READ_RESTARTS:
                detail = f"the read lost its iterator (3391) {sent.restarts + 1} times"
                call.abandon(
                    to_planned(sent), AbandonReason(Abandoned.READ_FAILED, Applied.NO, detail)
                )

    async def _progress(self, call: Call) -> int:
        state = call.state
        states = await call.calls.states(call.connection.connection_id)
        limit_reached = state.message_no >= self._limits.max_messages
        work_left = bool(state.open_reads) or combined(list(states.values())) is not WorkState.NONE
        percent = next_percent(state.percent, work_left and not limit_reached)
        call.add(
            WebConnectorProgressReported(
                session_id=call.session_id,
                message_no=state.message_no,
                percent=percent,
                work=combined(list(states.values())).value,
            )
        )
        await self._commit(call)
        return percent

    async def _learn(self, call: Call, units: float, elapsed: float) -> None:
        cid = call.connection.connection_id
        model = await self._costs.get(cid)
        await self._costs.save(cid, model.observed(units, elapsed), call.now)

    async def _commit(self, call: Call) -> None:
        for failure in call.calls.drain_failures():
            call.add(failure.event(call.session_id))
        await self._sessions.commit(call)


def _match(
    in_flight: Sequence[SentRequest], answers: Sequence[QbxmlResponse]
) -> tuple[list[tuple[SentRequest, QbxmlResponse]], list[SentRequest]]:
    """Answers by requestID. QuickBooks echoes only the ids it got, so answers without
    one are taken in order for the requests still unmatched; answers with an id we did
    not send are ignored."""
    by_id = {sent.request_id: sent for sent in in_flight}
    matched: dict[str, QbxmlResponse] = {}
    anonymous = []
    for answer in answers:
        if answer.request_id is None:
            anonymous.append(answer)
        elif answer.request_id in by_id and answer.request_id not in matched:
            matched[answer.request_id] = answer
    for sent in in_flight:
        if sent.request_id not in matched and anonymous:
            matched[sent.request_id] = anonymous.pop(0)
    pairs = [(sent, matched[sent.request_id]) for sent in in_flight if sent.request_id in matched]
    return pairs, [sent for sent in in_flight if sent.request_id not in matched]


def _status(sent: SentRequest, answer: QbxmlResponse) -> ReceivedStatus:
    return ReceivedStatus(
        request_id=sent.request_id,
        kind=answer.kind,
        status_code=answer.status.code,
        severity=answer.status.severity,
        message=answer.status.message,
        ret_count=answer.ret_count if answer.ret_count is not None else len(answer.records),
        iterator_id=answer.iterator_id,
        remaining=answer.remaining,
    )


def _whole_message_reason(hresult: str, error: str) -> AbandonReason:
    if hresult.strip():
        applied = (
            Applied.NO if message_failure(hresult) is not MessageFailure.OTHER else Applied.UNKNOWN
        )
        return AbandonReason(Abandoned.QUICKBOOKS_ERROR, applied, error)
    return AbandonReason(Abandoned.UNREADABLE_RESPONSE, Applied.UNKNOWN, error)


def _elapsed(call: Call, state: SessionState) -> float:
    if state.sent_at is None:
        return 0.0
    return max((call.now - state.sent_at).total_seconds(), 0.0)
