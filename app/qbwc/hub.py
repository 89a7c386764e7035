"""Calls into the work sources: the one place that turns a source's exception into a
recorded failure instead of a broken Web Connector session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from app.qbwc.work import (
    AbandonReason,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkSource,
    WorkState,
)
from domain.events import WorkSourceFailed
from domain.qbxml.responses import QbxmlResponse

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    stage: str
    key: str | None
    error: str

    def event(self, session_id: str) -> WorkSourceFailed:
        return WorkSourceFailed(
            session_id=session_id,
            source=self.source,
            stage=self.stage,
            key=self.key,
            error=self.error,
        )


def combined(states: Sequence[WorkState]) -> WorkState:
    if WorkState.READY in states:
        return WorkState.READY
    return WorkState.WAITING if WorkState.WAITING in states else WorkState.NONE


class SourceCalls:
    """One SOAP call's calls into the sources (create one per call: it collects the
    failures to record in that call's session)."""

    def __init__(self, sources: Sequence[WorkSource]) -> None:
        self._sources = sources
        self.failures: list[Failure] = []

    @property
    def sources(self) -> Sequence[WorkSource]:
        return self._sources

    def named(self, name: str) -> WorkSource | None:
        return next((source for source in self._sources if source.name == name), None)

    def drain_failures(self) -> list[Failure]:
        failures, self.failures = self.failures, []
        return failures

    async def states(self, connection_id: str) -> dict[str, WorkState]:
        states = {}
        for source in self._sources:
            try:
                states[source.name] = WorkState(await source.has_work(connection_id))
            except Exception as error:
                self._failed(source.name, "has_work", None, error)
                states[source.name] = WorkState.NONE
        return states

    async def plan(
        self, source: WorkSource, session: SessionInfo, budget: Budget
    ) -> list[PlannedRequest]:
        try:
            return list(await source.plan(session, budget))
        except Exception as error:
            self._failed(source.name, "plan", None, error)
            return []

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        source = self.named(planned.source)
        if source is None:
            self.failures.append(Failure(planned.source, "accept", planned.key, "unknown source"))
            return
        try:
            await source.accept(session, planned, response)
        except Exception as error:
            self._failed(source.name, "accept", planned.key, error)

    async def accept_all(
        self, session: SessionInfo, answers: Sequence[tuple[PlannedRequest, QbxmlResponse]]
    ) -> None:
        """Every answer of one message, source by source, each in request order."""
        by_source: dict[str, list[tuple[PlannedRequest, QbxmlResponse]]] = {}
        for planned, response in answers:
            by_source.setdefault(planned.source, []).append((planned, response))
        for name, group in by_source.items():
            many = getattr(self.named(name), "accept_many", None)
            if many is None:
                for planned, response in group:
                    await self.accept(session, planned, response)
                continue
            try:
                await many(session, group)
            except Exception as error:
                self._failed(name, "accept", ",".join(p.key for p, _ in group)[:200], error)

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        source = self.named(planned.source)
        if source is None:
            return
        try:
            await source.abandon(session, planned, reason)
        except Exception as error:
            self._failed(source.name, "abandon", planned.key, error)

    def _failed(self, source: str, stage: str, key: str | None, error: Exception) -> None:
        log.exception("work source failed", source=source, stage=stage, key=key)
        self.failures.append(Failure(source, stage, key, f"{type(error).__name__}: {error}"))
