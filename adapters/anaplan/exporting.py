"""Exports: run the export (or the process that holds it) and stream its file into the blob
store under the model lock, since the next run of the export overwrites the file."""

from __future__ import annotations

from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.objects import action_kind
from adapters.anaplan.processes import run_process
from adapters.anaplan.reports import ExportResult
from adapters.anaplan.session import ModelSession


async def export_to_blob(model: ModelSession, export: str) -> ExportResult:
    action = await model.action("exports", export)
    async with model.lock():
        outcome = (await model.tasks.run(action)).raise_if_failed()
        return await model.download_export(action.id, outcome.task_id)


async def export_by_process(model: ModelSession, process: str) -> ExportResult:
    """The plan comes from the one export the process runs."""
    action = await model.action("processes", process)
    steps = (await model.discovery.process_metadata(action.id)).actions
    exports = [step for step in steps if action_kind(step.id) == "exports"]
    if len(exports) != 1:
        raise AnaplanMismatch(
            f"process {action.name or action.id} runs {len(exports)} exports; the plan "
            "must come from exactly one"
        )
    async with model.lock():
        result = await run_process(model, action)
        return await model.download_export(exports[0].id, result.task_id)
