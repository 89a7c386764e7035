"""Imports: upload the data source file, run the import (or the process that holds it) and
read back its counts and failure dump, all under the model lock: Anaplan does not lock a
file while an import reads it. An import whose columns differ from what the connection
writes is refused before anything moves, since Anaplan maps source columns by position."""

from __future__ import annotations

from collections.abc import AsyncIterable

from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.processes import run_process
from adapters.anaplan.reports import ActionReport, ImportResult
from adapters.anaplan.results import ActionResult
from adapters.anaplan.session import ModelSession
from adapters.anaplan.tasks import Action
from domain.connection import ActualsImport


class Imports:
    def __init__(self, model: ModelSession) -> None:
        self._model = model
        self._columns: dict[str, tuple[str, ...]] = {}  # by import id, as Anaplan reads them

    async def run(
        self, action: Action, content: AsyncIterable[bytes], size: int | None
    ) -> ImportResult:
        model = self._model
        source = (await model.discovery.resolve("imports", action.id)).data_source_id
        if source is None:
            raise AnaplanMismatch(f"import {action.name or action.id} reads no file")
        async with model.lock():
            upload = await model.uploads.upload(source, content, size)
            outcome = await model.tasks.run(action)
            dump = model.at.import_dump(action.id, outcome.task_id)
            report = await model.report(outcome.result, dump, outcome.task_id)
        outcome.raise_if_failed(report)
        return ImportResult(outcome.task_id, upload, report)

    async def by_process(
        self, actuals: ActualsImport, content: AsyncIterable[bytes], size: int
    ) -> ImportResult:
        """The process's step that imports the connection's data source is the report."""
        model = self._model
        process = await model.action("processes", actuals.action)
        source = await model.discovery.file(actuals.data_source)
        steps = (await model.discovery.process_metadata(process.id)).actions
        step = next((s for s in steps if s.data_source_id == source.id), None)
        if step is None:
            raise AnaplanMismatch(f"process {actuals.action} has no import of {source.name}")
        await self.check_columns(Action("imports", step.id, step.name), tuple(actuals.columns))
        async with model.lock():
            upload = await model.uploads.upload(source.id, content, size)
            result = await run_process(model, process)
        ran = result.step(step.id) or ActionReport.of(ActionResult(step.id, False, False, ()))
        return ImportResult(result.task_id, upload, ran)

    async def check_columns(self, action: Action, header: tuple[str, ...]) -> None:
        if action.id not in self._columns:
            metadata = await self._model.discovery.import_metadata(action.id)
            self._columns[action.id] = metadata.headers
        expected = self._columns[action.id]
        if expected and expected != header:
            raise AnaplanMismatch(
                f"import {action.name or action.id} reads columns {list(expected)}; the "
                f"connection writes {list(header)}"
            )
