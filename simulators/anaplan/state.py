"""Everything the HTTP handlers share: tenant data, tokens, knobs, counters and task queues."""

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

from . import ids
from .clock import Clock
from .config import SimConfig
from .definitions import Definition
from .dumps import DumpStore
from .execution import Executor
from .faults import Faults
from .filestore import Workdir
from .limits import Counters, RateLimiter
from .model import Model
from .oauth import OAuthService
from .tasks import ModelQueue, Task
from .tenant import Tenant, User
from .tokens import TokenStore


@dataclass
class ModelRuntime:
    """A model's task queue and the tasks it has seen, by kind and object id."""

    model: Model
    queue: ModelQueue
    tasks: dict[str, Task] = field(default_factory=dict)

    def tasks_of(self, kind: str, object_id: str) -> list[Task]:
        return [t for t in self.tasks.values() if t.kind == kind and t.object_id == object_id]


class SimState:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.clock = Clock()
        self.tenant = Tenant()
        self.tokens = TokenStore(self.clock)
        self.oauth = OAuthService(self.clock, self.tokens)
        self.faults = Faults()
        self.counters = Counters(self.clock)
        self.limiter = RateLimiter(self.clock)
        self.workdir = Workdir()
        self.dumps = DumpStore()
        self.certificates: dict[str, User] = {}
        self.auth_base = ""
        self.stopping = asyncio.Event()
        self._runtimes: dict[str, ModelRuntime] = {}

    def runtime(self, model: Model) -> ModelRuntime:
        runtime = self._runtimes.get(model.id)
        if runtime is None:
            runtime = self._new_runtime(model)
            self._runtimes[model.id] = runtime
        return runtime

    def _new_runtime(self, model: Model) -> ModelRuntime:
        executor = Executor(model, self.config, self.faults, self.workdir, self.dumps)
        queue = ModelQueue(
            executor.run, lambda tasks: self.counters.record_occupancy(model.id, tasks)
        )
        return ModelRuntime(model, queue)

    def new_task(self, model: Model, definition: Definition, user: User) -> Task:
        task = Task(
            ids.task_id(),
            definition.kind,
            definition.id,
            definition.name,
            user.email,
            self.clock.now_ms(),
            timing=self.config.timing_for(definition.id),
        )
        self.runtime(model).tasks[task.task_id] = task
        return task

    async def close(self) -> None:
        for runtime in self._runtimes.values():
            await runtime.queue.close()
        self.workdir.remove()


STATE = web.AppKey("anaplan_state", SimState)
