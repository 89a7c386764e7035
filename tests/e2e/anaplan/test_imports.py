"""Imports: the file goes up in numbered gzip chunks, the task runs, and a failure dump
comes back as per-row reasons."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

import pytest

from adapters.anaplan.errors import AnaplanMismatch, AnaplanTaskError
from adapters.anaplan.uploads import UploadOptions
from domain.connection import ActualsImport
from domain.events import (
    AnaplanFileDownloaded,
    AnaplanFileUploaded,
    AnaplanTaskCompleted,
    AnaplanTaskStarted,
)
from domain.import_file import ActualAmount
from domain.period import Period
from simulators.anaplan import LINE_ITEMS, TIME, VERSIONS, SourceFormat

from .world import ACTUALS_COLUMNS

ACTUALS = ActualsImport(action="Load GL Actuals", data_source="gl_actuals.csv")
ROWS = [
    ActualAmount("6100 Rent", "Sales", Period(2027, 1), Decimal("1200.10")),
    ActualAmount("9999 Unknown", "Sales", Period(2027, 1), Decimal("5")),
    ActualAmount("6200 Travel", "Zürich Ops", Period(2027, 2), Decimal("-80")),
    ActualAmount("6200 Travel", "Nowhere", Period(2027, 3), Decimal("1")),
]


async def test_a_chunked_import_reports_counts_and_per_row_reasons(kit):
    client = kit.client()

    result = await client.import_actuals(ACTUALS, ROWS, "MMM YY")

    assert kit.world.value("6100 Rent", "Sales", "Jan 27") == Decimal("1200.10")
    assert kit.world.value("6200 Travel", "Zürich Ops", "Feb 27") == Decimal("-80")
    report = result.report
    assert (report.processed, report.loaded, report.failed) == (4, 2, 2)
    assert [(r.line, r.status, r.reasons) for r in report.rejections] == [
        (3, "E", ("Item not located in GL Accounts list: 9999 Unknown",)),
        (5, "E", ("Item not located in Cost Centers list: Nowhere",)),
    ]
    assert dict(report.rejections[0].values)["Account"] == "9999 Unknown"
    uploaded = kit.sim.file_content(kit.world.model, kit.world.actuals.file.id)
    assert result.upload.chunks == -(-len(uploaded) // 64) > 2
    assert result.upload.sha256 == hashlib.sha256(uploaded).hexdigest()
    assert uploaded.startswith(b"Account,Cost Center,Time,Versions,Amount\r\n6100 Rent,Sales")
    events = await kit.events()
    assert [type(e) for e in events] == [
        AnaplanFileUploaded,
        AnaplanTaskStarted,
        AnaplanTaskCompleted,
        AnaplanFileDownloaded,
    ]
    assert events[2].failure_dump_available
    assert (events[3].purpose, events[3].sha256) == ("dump", report.dump_sha256)
    assert events[0].sent_bytes != events[0].size  # gzip on the wire


async def test_rows_may_come_from_an_async_iterator(kit):
    async def rows():
        for row in ROWS[:1]:
            yield row

    result = await kit.client().import_actuals(ACTUALS, rows(), "MMM YY")

    assert (result.report.loaded, result.report.rejections) == (1, ())


async def test_an_import_built_on_other_columns_is_refused_before_anything_moves(kit):
    reordered = replace(ACTUALS, columns=("Account", "Time", "Cost Center", "Versions", "Amount"))
    kit.sim.counters.reset()

    with pytest.raises(AnaplanMismatch, match="reads columns"):
        await kit.client().import_actuals(reordered, ROWS, "MMM YY")

    assert not any("chunks" in endpoint for endpoint in kit.sim.counters.requests)


async def test_an_import_inside_a_process_reports_its_step(kit):
    client = kit.client()
    in_process = replace(ACTUALS, action="Load actuals and export", is_process=True)

    result = await client.import_actuals(in_process, ROWS, "MMM YY")

    assert result.report.object_id == kit.world.actuals.id
    assert [r.line for r in result.report.rejections] == [3, 5]
    assert kit.world.value("6100 Rent", "Sales", "Jan 27") == Decimal("1200.10")


async def test_a_process_reports_every_step_with_its_dump(kit):
    client = kit.client()
    await client.import_actuals(ACTUALS, ROWS, "MMM YY")  # leaves the file for the process

    result = await client.run_process("Load actuals and export")

    assert result.successful
    imported, exported = result.steps
    assert (imported.object_id, exported.object_id) == (kit.world.actuals.id, kit.world.single.id)
    assert imported.failed == 2 and imported.rejected_rows == 2
    assert exported.rejections == () and exported.dump_sha256 is None


async def test_a_failed_import_raises_with_its_report(kit):
    kit.sim.faults.fail_task(kit.world.actuals.id, "Import mapping is broken")

    with pytest.raises(AnaplanTaskError, match="Import mapping is broken") as raised:
        await kit.client().import_file("Load GL Actuals", b"Account\nx\n")

    assert raised.value.report.successful is False


async def test_an_upload_of_unknown_length_declares_minus_one_and_completes(kit):
    pieces = [
        b"Account,Cost Center,Time,Versions,Amount\n",
        b"6100 Rent,Sales,Jan 27,",
        b"Actual,3\n",
    ]

    async def content():
        for piece in pieces:
            yield piece

    moved = await kit.client().upload_file("gl_actuals.csv", content())

    assert kit.sim.file_content(kit.world.model, kit.world.actuals.file.id) == b"".join(pieces)
    assert moved.chunks == 2  # 64-byte chunks
    assert (
        kit.sim.counters.requests[
            "POST /2/0/workspaces/{workspaceId}/models/{modelId}/files/{fileId}/complete"
        ]
        == 1
    )


async def test_an_empty_upload_is_refused_since_anaplan_would_keep_the_old_file(kit):
    with pytest.raises(AnaplanMismatch, match="empty file"):
        await kit.client().upload_file("gl_actuals.csv", b"")


async def test_chunks_may_go_uncompressed(kit):
    content = (
        b"Account,Cost Center,Time,Versions,Amount\n" + b"6100 Rent,Sales,Jan 27,Actual,1\n" * 5
    )
    client = kit.client(uploads=UploadOptions(chunk_size=64, gzip_level=None))

    moved = await client.upload_file(kit.world.actuals.file.id, content)

    assert moved.sent_bytes == moved.size == len(content)
    assert kit.sim.file_content(kit.world.model, kit.world.actuals.file.id) == content


def latin1_import(kit):
    """An import reading ';'-separated ISO-8859-1 files; the connection's settings for it."""
    definition = kit.world.model.add_module_import(
        "Load EU actuals",
        kit.world.plan,
        SourceFormat(list(ACTUALS_COLUMNS), separator=";", encoding="ISO-8859-1"),
        columns={
            "GL Accounts": "Account",
            "Cost Centers": "Cost Center",
            TIME: "Time",
            VERSIONS: "Versions",
        },
        values={"Amount": {}},
        fixed={LINE_ITEMS: "Amount"},
    )
    return definition, replace(ACTUALS, action="Load EU actuals")


async def test_actuals_are_written_as_the_import_reads_its_file(kit):
    definition, actuals = latin1_import(kit)
    row = ActualAmount("6100 Rent", "Zürich Ops", Period(2027, 5), Decimal("77"))

    await kit.client().import_actuals(actuals, [row], "MMM YY")

    assert kit.world.value("6100 Rent", "Zürich Ops", "May 27") == Decimal("77")
    uploaded = kit.sim.file_content(kit.world.model, definition.file.id)
    assert "Zürich Ops;May 27;Actual;77".encode("ISO-8859-1") in uploaded


async def test_a_character_the_import_s_encoding_cannot_hold_is_refused(kit):
    _, actuals = latin1_import(kit)
    row = ActualAmount("6100 Rent €", "Sales", Period(2027, 5), Decimal("1"))

    with pytest.raises(AnaplanMismatch, match="ISO-8859-1, which cannot hold '€'"):
        await kit.client().import_actuals(actuals, [row], "MMM YY")
