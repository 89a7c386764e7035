"""Routing one message's answers to their sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.qbwc.hub import SourceCalls
from app.qbwc.work import PlannedRequest
from domain.qbxml.lists import ClassQuery
from domain.qbxml.responses import QbxmlResponse
from domain.qbxml.statuses import Status

SESSION = object()  # the sources below never look at it


def answer(source: str, key: str) -> tuple[PlannedRequest, QbxmlResponse]:
    planned = PlannedRequest(request=ClassQuery(), key=key, source=source)
    return planned, QbxmlResponse(kind="ClassQuery", request_id=key, status=Status(0, "Info", ""))


@dataclass
class OneByOne:
    name: str = "one"
    seen: list[str] = field(default_factory=list)

    async def accept(self, session, planned, response):
        self.seen.append(planned.key)


@dataclass
class Together:
    name: str = "many"
    seen: list[list[str]] = field(default_factory=list)
    broken: bool = False

    async def accept_many(self, session, answers):
        self.seen.append([planned.key for planned, _ in answers])
        if self.broken:
            raise RuntimeError("no")


async def test_each_source_gets_its_answers_in_request_order_together_if_it_can():
    one, many = OneByOne(), Together()
    calls = SourceCalls([one, many])
    answers = [answer("many", "a"), answer("one", "b"), answer("many", "c"), answer("one", "d")]
    await calls.accept_all(SESSION, answers)
    assert one.seen == ["b", "d"] and many.seen == [["a", "c"]]


async def test_a_source_failing_on_its_answers_is_recorded_with_their_keys():
    calls = SourceCalls([Together(broken=True)])
    await calls.accept_all(SESSION, [answer("many", "a"), answer("many", "c")])
    (failure,) = calls.drain_failures()
    assert (failure.source, failure.stage, failure.key) == ("many", "accept", "a,c")
    assert failure.error == "RuntimeError: no"
