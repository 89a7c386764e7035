"""Imports: upload the data source file, run the import (or the process that holds it) and
read back its counts and failure dump, all under the model lock: Anaplan does not lock a
file while an import reads it.

Actuals are written the way the import reads its file (separator, quote character,
encoding), and an import whose columns differ from what the connection writes is refused
before anything moves, since Anaplan maps source columns by position.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass

from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.objects import ImportMetadata
from adapters.anaplan.plancsv import actuals_file
from adapters.anaplan.processes import run_process
from adapters.anaplan.reports import ActionReport, ImportResult
from adapters.anaplan.results import ActionResult
from adapters.anaplan.session import ModelSession
from adapters.anaplan.tasks import Action
from domain.connection import ActualsImport
from domain.import_file import ActualAmount, ImportFile, import_header

Rows = Iterable[ActualAmount] | AsyncIterable[ActualAmount]


@dataclass(frozen=True, slots=True)
class Target:
    step: Action  # the import that reads the file
    source_id: str  # the file it reads
    process: Action | None = None  # run this process instead of the import alone


class Imports:
    def __init__(self, model: ModelSession) -> None:
        self._model = model

    async def actuals(self, actuals: ActualsImport, rows: Rows, period_format: str) -> ImportResult:
        target = await self._process_target(actuals) if actuals.is_process else None
        target = target or await self.target(actuals.action)
        text = (await self._checked(target.step, tuple(import_header(actuals)))).format
        file = ImportFile(actuals, period_format, text.separator, text.delimiter or '"')
        async with self._model.blobs.writer("text/csv") as spool:
            async for data in actuals_file(file, rows, text.encoding):
                await spool.write(data)
        return await self.run(target, self._model.blobs.stream(spool.sha256), spool.size)

    async def target(self, import_: str) -> Target:
        step = await self._model.action("imports", import_)
        source = (await self._model.discovery.resolve("imports", step.id)).data_source_id
        if source is None:
            raise AnaplanMismatch(f"import {step.name or step.id} reads no file")
        return Target(step, source)

    async def run(
        self, target: Target, content: AsyncIterable[bytes], size: int | None
    ) -> ImportResult:
        model = self._model
        async with model.lock():
            upload = await model.uploads.upload(target.source_id, content, size)
            if target.process is not None:
                result = await run_process(model, target.process)
                step = target.step.id
                report = result.step(step) or ActionReport.of(ActionResult(step, False, False, ()))
                return ImportResult(result.task_id, upload, report)
            outcome = await model.tasks.run(target.step)
            dump = model.at.import_dump(target.step.id, outcome.task_id)
            report = await model.report(outcome.result, dump, outcome.task_id)
        outcome.raise_if_failed(report)
        return ImportResult(outcome.task_id, upload, report)

    async def _process_target(self, actuals: ActualsImport) -> Target:
        """The process step that imports the connection's data source file."""
        model = self._model
        process = await model.action("processes", actuals.action)
        source = await model.discovery.file(actuals.data_source)
        steps = (await model.discovery.process_metadata(process.id)).actions
        step = next((s for s in steps if s.data_source_id == source.id), None)
        if step is None:
            raise AnaplanMismatch(f"process {actuals.action} has no import of {source.name}")
        return Target(Action("imports", step.id, step.name), source.id, process)

    async def _checked(self, action: Action, header: tuple[str, ...]) -> ImportMetadata:
        metadata = await self._model.discovery.import_metadata(action.id)
        if metadata.headers and metadata.headers != header:
            raise AnaplanMismatch(
                f"import {action.name or action.id} reads columns {list(metadata.headers)}; "
                f"the connection writes {list(header)}"
            )
        return metadata
