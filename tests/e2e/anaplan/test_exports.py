"""Exports: run the task, stream the chunks into the blob store, read plan cells back."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

import pytest

from adapters.anaplan.errors import AnaplanTaskError, AnaplanTaskTimeout
from domain.connection import ExportLayout, PlanColumns, PlanExport
from domain.errors import RetryableError
from domain.events import (
    AnaplanFileDownloaded,
    AnaplanTaskCompleted,
    AnaplanTaskFailed,
    AnaplanTaskStarted,
)
from domain.period import Period
from domain.plan import PlanCell
from simulators.anaplan import TaskTiming

from .proxy import lossy_proxy

COLUMNS = PlanColumns(
    account="GL Accounts",
    cost_center="Cost Centers",
    version="Versions",
    period="Time",
    amount="Value",
)
SINGLE = PlanExport(
    action="GL Plan for QuickBooks", layout=ExportLayout.SINGLE_COLUMN, columns=COLUMNS
)
MULTI = PlanExport(action="GL Plan by month", layout=ExportLayout.MULTI_COLUMN, columns=COLUMNS)


async def test_single_column_export_lands_in_the_blob_store_and_reads_as_cells(kit):
    kit.world.set("6100 Rent", "Zürich Ops", "Jan 27", "1234.5")
    kit.world.set("4000 Revenue", "Sales", "Dec 27", "-7", version="Forecast")
    kit.sim.config.export_chunk_size = 7  # chunks cut mid-row and inside "ü"
    client = kit.client()

    result = await client.export_to_blob(SINGLE)

    cells = [cell async for cell in client.plan_cells(result, SINGLE, "MMM YY")]
    assert cells == [
        PlanCell("4000 Revenue", "Sales", "Forecast", Period(2027, 12), Decimal("-7")),
        PlanCell("6100 Rent", "Zürich Ops", "Budget", Period(2027, 1), Decimal("1234.5")),
    ]
    assert result.chunks > 10
    events = await kit.events()
    assert [type(e) for e in events] == [
        AnaplanTaskStarted,
        AnaplanTaskCompleted,
        AnaplanFileDownloaded,
    ]
    assert events[2].sha256 == result.sha256 and events[2].size == result.size
    assert events[0].task_id == events[1].task_id == result.task_id


async def test_multi_column_export_reads_periods_across_and_skips_totals(kit):
    kit.world.set("6200 Travel", "Sales", "Mar 27", "10.25")
    kit.world.set("6200 Travel", "Sales", "Apr 27", "-3")
    client = kit.client()

    result = await client.export_to_blob(MULTI)

    cells = [cell async for cell in client.plan_cells(result, MULTI, "MMM YY")]
    assert [c.period for c in cells] == [Period(2027, month) for month in range(1, 13)]
    assert [(c.account, c.period, c.amount) for c in cells if c.amount] == [
        ("6200 Travel", Period(2027, 3), Decimal("10.25")),
        ("6200 Travel", Period(2027, 4), Decimal("-3")),
    ]  # the quarter and year totals across the columns are not months


async def test_an_export_inside_a_process_is_downloaded_after_the_process(kit):
    kit.world.set("4000 Revenue", "Sales", "Jan 27", "5")
    plan = replace(SINGLE, action="Refresh and export the plan", is_process=True)
    client = kit.client()

    result = await client.export_to_blob(plan)

    cells = [cell async for cell in client.plan_cells(result, plan, "MMM YY")]
    assert [(c.account, c.amount) for c in cells] == [("4000 Revenue", Decimal("5"))]
    started = (await kit.events())[0]
    assert (started.action_kind, started.action_id) == ("processes", kit.world.export_process.id)
    assert result.export_id == kit.world.single.id


async def test_a_failed_export_task_is_an_error_and_recorded(kit):
    kit.sim.faults.fail_task(kit.world.single.id, "The export is not allowed in this version")
    client = kit.client()

    with pytest.raises(AnaplanTaskError, match="not allowed in this version") as raised:
        await client.export_to_blob(SINGLE)

    assert raised.value.state == "COMPLETE"
    events = await kit.events()
    assert [type(e) for e in events] == [AnaplanTaskStarted, AnaplanTaskFailed]
    assert events[1].reason == "The export is not allowed in this version"
    assert not isinstance(raised.value, RetryableError)


async def test_a_cancelled_export_task_is_an_error(kit):
    kit.sim.config.task_timing = TaskTiming(polls=3)
    client = kit.client()
    kit.sleeps.hooks.append(lambda _: cancel_running(kit))

    with pytest.raises(AnaplanTaskError, match="cancelled by"):
        await client.export_to_blob(SINGLE)

    assert (await kit.events())[-1].state == "CANCELLED"


def cancel_running(kit):
    for task in kit.sim.tasks(kit.world.model):
        if task.state == "IN_PROGRESS":
            task.cancel("admin@example.com")


async def test_a_file_streams_without_being_stored_and_the_move_is_recorded(kit):
    kit.world.set("6100 Rent", "Sales", "Jan 27", "9")
    kit.sim.config.export_chunk_size = 10
    client = kit.client()
    await client.export_to_blob(SINGLE)
    stored = kit.sim.file_content(kit.world.model, kit.world.single.id)

    streamed = b"".join([piece async for piece in client.stream_file(kit.world.single.id)])
    again = await client.download_export("GL Plan for QuickBooks")

    assert streamed == stored
    assert again.task_id is None and again.sha256 == hashlib.sha256(stored).hexdigest()
    moved = [e for e in await kit.events() if isinstance(e, AnaplanFileDownloaded)]
    assert [(e.purpose, e.size) for e in moved] == [
        ("export", len(stored)),
        ("file", len(stored)),
        ("export", len(stored)),
    ]


async def test_a_chunk_broken_off_half_way_is_fetched_again_and_joined_exactly(kit):
    kit.world.set("6100 Rent", "Sales", "Jan 27", "123456789")
    kit.sim.config.export_chunk_size = 40
    origin = kit.sim.urls.api.removesuffix("/2/0")
    async with lossy_proxy(origin, "GET", r"/chunks/1$", half=True) as proxy:
        client = kit.client(settings=replace(kit.settings, api_url=proxy.url + "/2/0"))
        result = await client.export_to_blob(SINGLE)

    stored = kit.sim.file_content(kit.world.model, kit.world.single.id)
    assert proxy.lost == 1 and result.sha256 == hashlib.sha256(stored).hexdigest()


async def test_a_task_running_past_the_timeout_is_cancelled_and_recorded(kit):
    kit.sim.config.task_timing = TaskTiming(polls=100)
    client = kit.client(polling=replace(kit.options.polling, timeout=0.0))

    with pytest.raises(AnaplanTaskTimeout):
        await client.export_to_blob(SINGLE)

    failed = (await kit.events())[-1]
    assert (failed.state, failed.reason) == (
        "TIMED_OUT",
        "still running after 0 s; asked to cancel it",
    )
    (task,) = kit.sim.tasks(kit.world.model)
    assert task.cancel_requested


async def test_the_export_s_own_separator_and_encoding_are_read(kit):
    kit.world.model.add_export(
        "GL Plan, Latin-1",
        kit.world.plan,
        separator="\t",
        encoding="ISO-8859-1",
        filters={"Versions": ["Budget"]},
    )
    kit.world.set("6200 Travel", "Zürich Ops", "Feb 27", "1.5")
    plan = replace(SINGLE, action="GL Plan, Latin-1")
    client = kit.client()

    result = await client.export_to_blob(plan)

    cells = [c async for c in client.plan_cells(result, plan, "MMM YY")]
    assert [(c.cost_center, c.amount) for c in cells] == [("Zürich Ops", Decimal("1.5"))]
    assert (result.format.separator, result.format.encoding) == ("\t", "ISO-8859-1")
