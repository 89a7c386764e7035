"""Running an action as a task: start it, poll until it ends, record both in the event log.

Anaplan has no idempotency keys: starting twice runs twice. When the answer to a start is
lost (timeout, dropped connection, 5xx), the runner waits for the lost request to settle,
then lists the action's tasks and adopts one created since the attempt (in the service's
clock, estimated from Date headers) before it tries again.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import AnaplanTaskTimeout, AnaplanUnavailable, LostResponse
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.ports import Recorder
from adapters.anaplan.results import TERMINAL, ActionResult, TaskOutcome
from adapters.anaplan.transport import Sleep, Transport
from adapters.anaplan.wire import Call
from domain.events import AnaplanTaskCompleted, AnaplanTaskFailed, AnaplanTaskStarted

START_BODY = {"localeName": "en_US"}  # the only locale the API takes
TIMED_OUT = "TIMED_OUT"  # our word, not Anaplan's: we stopped waiting and cancelled


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # exports | imports | processes | actions
    id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class StartRecovery:
    attempts: int = 4
    settle_seconds: float = 5.0  # let a lost start request land before looking for it
    clock_tolerance: float = 2.0  # Date headers have one-second resolution


DEFAULT_POLLING, DEFAULT_RECOVERY = PollPolicy(), StartRecovery()


@dataclass(frozen=True, slots=True)
class _Started:
    task_id: str
    monotonic: float


class TaskRunner:
    def __init__(
        self,
        transport: Transport,
        endpoints: Endpoints,
        recorder: Recorder,
        polling: PollPolicy = DEFAULT_POLLING,
        recovery: StartRecovery = DEFAULT_RECOVERY,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._transport = transport
        self._at = endpoints
        self._recorder = recorder
        self._polling = polling
        self._recovery = recovery
        self._sleep = sleep
        self._rand = rand

    async def run(self, action: Action) -> TaskOutcome:
        """Start the action's task and wait for its end; failures are returned, not raised."""
        started = await self._start(action)
        outcome = await self._wait(action, started)
        await self._recorder.record(self._ended(action, outcome))
        return outcome

    async def _start(self, action: Action) -> _Started:
        # Any task of this action created after the first attempt is one of ours.
        since = time.time() + self._transport.server_offset - self._recovery.clock_tolerance
        url, last = self._at.tasks(action.kind, action.id), ""
        for _ in range(self._recovery.attempts):
            try:
                reply = await self._transport.send(
                    Call("POST", url, json=START_BODY, idempotent=False)
                )
                return await self._started(action, reply.json()["task"], recovered=False)
            except LostResponse as lost:
                last = str(lost)
            await self._sleep(self._recovery.settle_seconds)
            found = await self._created_since(action, since)
            if found is not None:
                return await self._started(action, found, recovered=True)
        raise AnaplanUnavailable("POST", urlsplit(url).path, self._recovery.attempts, last, None)

    async def _created_since(self, action: Action, since: float) -> dict[str, Any] | None:
        url = self._at.tasks(action.kind, action.id)
        reply = await self._transport.send(Call("GET", url, params={"sort": "-creationTime"}))
        tasks = [t for t in reply.json().get("tasks") or () if _created(t) >= since]
        return max(tasks, key=_created) if tasks else None

    async def _started(self, action: Action, task: dict[str, Any], recovered: bool) -> _Started:
        created = task.get("creationTime")
        await self._recorder.record(
            AnaplanTaskStarted(
                workspace_id=self._at.workspace_id,
                model_id=self._at.model_id,
                action_kind=action.kind,
                action_id=action.id,
                task_id=str(task["taskId"]),
                created_at=datetime.fromtimestamp(created / 1000, UTC) if created else None,
                recovered=recovered,
            )
        )
        return _Started(str(task["taskId"]), time.monotonic())

    async def _wait(self, action: Action, started: _Started) -> TaskOutcome:
        url = self._at.task(action.kind, action.id, started.task_id)
        wait: float | None = None
        progress, polls = 0.0, 0
        while True:
            elapsed = time.monotonic() - started.monotonic
            if elapsed > self._polling.timeout:
                await self._cancel(action, url, started.task_id, polls)
            wait = self._polling.next_wait(wait, elapsed, progress, self._rand())
            await self._sleep(wait)
            task = (await self._transport.send(Call("GET", url))).json()["task"]
            polls += 1
            if task.get("taskState") in TERMINAL:
                duration = int((time.monotonic() - started.monotonic) * 1000)
                return TaskOutcome.of(task, polls, duration)
            progress = float(task.get("progress") or 0.0)

    async def _cancel(self, action: Action, url: str, task_id: str, polls: int) -> None:
        await self._transport.send(Call("DELETE", url), frozenset({200, 202, 204}))
        reason = f"still running after {self._polling.timeout:g} s; asked to cancel it"
        gave_up = TaskOutcome(
            task_id,
            TIMED_OUT,
            "",
            ActionResult(action.id, False, False, ()),
            polls,
            int(self._polling.timeout * 1000),
        )
        await self._recorder.record(self._ended(action, gave_up, reason))
        raise AnaplanTaskTimeout(f"task {task_id} {reason}")

    def _ended(
        self, action: Action, outcome: TaskOutcome, reason: str | None = None
    ) -> AnaplanTaskCompleted | AnaplanTaskFailed:
        common: dict[str, Any] = {
            "workspace_id": self._at.workspace_id,
            "model_id": self._at.model_id,
            "action_kind": action.kind,
            "action_id": action.id,
            "task_id": outcome.task_id,
            "failure_dump_available": outcome.result.failure_dump_available,
            "polls": outcome.polls,
            "duration_ms": outcome.duration_ms,
        }
        if outcome.successful:
            return AnaplanTaskCompleted(summary=outcome.result.messages, **common)
        return AnaplanTaskFailed(state=outcome.state, reason=reason or outcome.reason, **common)


def _created(task: dict[str, Any]) -> float:
    return float(task.get("creationTime") or 0) / 1000
