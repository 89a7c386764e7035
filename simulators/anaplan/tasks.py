"""Tasks and the per-model queue that runs them one at a time, first in, first out."""

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

NOT_STARTED = "NOT_STARTED"
IN_PROGRESS = "IN_PROGRESS"
COMPLETE = "COMPLETE"
CANCELLING = "CANCELLING"
CANCELLED = "CANCELLED"
TERMINAL = (COMPLETE, CANCELLED)


@dataclass(frozen=True)
class TaskTiming:
    """How long a task stays IN_PROGRESS: `seconds` of wall time, then `polls` status reads."""

    seconds: float = 0.0
    polls: int = 0


@dataclass
class Task:
    task_id: str
    kind: str
    object_id: str
    object_name: str
    user_email: str
    creation_time: int
    state: str = NOT_STARTED
    progress: float = 0.0
    current_step: str = "Waiting to start."
    result: dict[str, object] | None = None
    cancelled_by: str | None = None
    polls: int = 0
    timing: TaskTiming = field(default_factory=TaskTiming)
    wake: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    done: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def cancel_requested(self) -> bool:
        return self.cancelled_by is not None

    async def observe_poll(self) -> None:
        """A status read; while running, each one moves a poll-timed task forward, and the
        read that uses up the last poll waits for the task to finish, so it sees the end."""
        if self.state != IN_PROGRESS:
            return
        self.polls += 1
        if self.timing.polls:
            self.progress = min(self.polls / self.timing.polls, 0.99)
        self.wake.set()
        if self.timing.polls and self.polls >= self.timing.polls:
            await self.done.wait()

    def start(self) -> None:
        self.state, self.current_step = IN_PROGRESS, "Running."

    def finish(self, result: dict[str, object]) -> None:
        successful = bool(result.get("successful"))
        self.state, self.progress, self.result = COMPLETE, 1.0, result
        self.current_step = "Complete." if successful else "Failed."
        self.done.set()

    def cancel(self, by: str) -> None:
        self.cancelled_by = by
        if self.state == IN_PROGRESS:
            self.state, self.current_step = CANCELLING, "Cancelling."
        self.wake.set()

    def mark_cancelled(self) -> None:
        self.state, self.current_step = CANCELLED, "Cancelled."
        self.result = {
            "successful": False,
            "failureDumpAvailable": False,
            "objectId": self.object_id,
        }
        self.done.set()

    def summary(self) -> dict[str, object]:
        return {"taskId": self.task_id, "taskState": self.state, "creationTime": self.creation_time}

    def to_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "type": "taskInformation",
            "taskId": self.task_id,
            "taskState": self.state,
            "currentStep": self.current_step,
            "progress": self.progress,
            "creationTime": self.creation_time,
        }
        if self.cancelled_by:
            body["cancelledBy"] = self.cancelled_by
        if self.result is not None and self.state in TERMINAL:
            body["result"] = self.result
        return body


async def hold(task: Task) -> None:
    """Keeps a running task IN_PROGRESS for its timing, unless it is cancelled."""
    await _hold_seconds(task)
    while task.polls < task.timing.polls and not task.cancel_requested:
        task.wake.clear()
        await task.wake.wait()


async def _hold_seconds(task: Task) -> None:
    seconds = task.timing.seconds
    if seconds <= 0:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not task.cancel_requested and (left := deadline - loop.time()) > 0:
        task.progress = max(task.progress, min(1 - left / seconds, 0.99))
        task.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task.wake.wait(), min(left, 0.1))


class ModelBusy(Exception):
    """A task cannot start now and the simulator is set to refuse rather than queue."""


@dataclass
class ForeignTask:
    """Another user's task holding the model (e.g. started from the Anaplan UI)."""

    task_id: str
    tooltip: str
    started: datetime = field(default_factory=lambda: datetime.now(UTC))


Execute = Callable[[Task], Awaitable[None]]


class ModelQueue:
    """Runs one task at a time per model; `on_start` reports how many tasks hold the model."""

    def __init__(self, execute: Execute, on_start: Callable[[int], None]) -> None:
        self._execute = execute
        self._on_start = on_start
        self.pending: deque[Task] = deque()
        self.running: Task | None = None
        self.foreign: ForeignTask | None = None
        self._wakeup = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self._active = 0

    @property
    def busy(self) -> bool:
        return bool(self.running or self.pending or self.foreign)

    def submit(self, task: Task, refuse_when_busy: bool) -> None:
        if refuse_when_busy and self.busy:
            raise ModelBusy
        self.pending.append(task)
        self._ensure_worker()
        self._wakeup.set()

    def withdraw(self, task: Task) -> bool:
        if task in self.pending:
            self.pending.remove(task)
            return True
        return False

    def set_foreign(self, foreign: ForeignTask | None) -> None:
        self.foreign = foreign
        self._on_start(self._occupancy)
        self._wakeup.set()

    @property
    def _occupancy(self) -> int:
        return self._active + (self.foreign is not None)

    def _ensure_worker(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        while True:
            while not self.pending or self.foreign:
                self._wakeup.clear()
                await self._wakeup.wait()
            await self._run(self.pending.popleft())

    async def _run(self, task: Task) -> None:
        self.running = task
        self._active += 1
        self._on_start(self._occupancy)
        try:
            await self._execute(task)
        finally:
            self._active -= 1
            self.running = None

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
