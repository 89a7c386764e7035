"""One task per model at a time across workers; a model busy with someone else's task is
waited for, not failed."""

from __future__ import annotations

import asyncio
import signal
import sys

import pytest

from adapters.postgres.advisory import AdvisoryLocks, LockTimeout
from domain.events import AnaplanTaskStarted
from simulators.anaplan import TaskTiming
from tests.conftest import ROOT

from .test_exports import MULTI, SINGLE

START = "POST /2/0/workspaces/{workspaceId}/models/{modelId}/{kind}/{objectId}/tasks"


async def test_two_tasks_on_one_model_never_overlap(kit):
    kit.sim.config.busy_policy = 409  # a second task while one runs would be refused
    kit.sim.config.task_timing = TaskTiming(polls=3)
    workers = [kit.client(), kit.client()]

    await asyncio.gather(workers[0].export_to_blob(SINGLE), workers[1].export_to_blob(MULTI))

    assert kit.sim.counters.requests[START] == 2  # never refused, never repeated
    tasks = [event.task_id for event in await kit.events()]
    first, second = dict.fromkeys(tasks)
    assert tasks == [first] * 3 + [second] * 3  # started, completed, downloaded; then the other


async def test_a_model_locked_by_someone_else_is_waited_for(kit):
    kit.sim.config.busy_policy = 423
    kit.sim.lock_model(kit.world.model, tooltip="Import started by another user")
    client = kit.client()

    def unlock_after_three_waits(_):
        if len(kit.sleeps.asked) == 3:
            kit.sim.unlock_model(kit.world.model)

    kit.sleeps.hooks.append(unlock_after_three_waits)

    await client.export_to_blob(SINGLE)

    assert kit.sim.counters.requests[START] == 4
    assert isinstance((await kit.events())[0], AnaplanTaskStarted)


async def test_a_lock_held_by_a_worker_that_dies_is_released(db_url):
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.hold_lock",
        db_url,
        "anaplan-model:M1",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert await holder.stdout.readline() == b"held\n"
    with pytest.raises(LockTimeout):
        async with AdvisoryLocks(db_url, wait_seconds=0.2).hold("anaplan-model:M1"):
            pass

    holder.send_signal(signal.SIGKILL)
    await holder.wait()

    async with AdvisoryLocks(db_url, wait_seconds=5).hold("anaplan-model:M1"):
        pass
