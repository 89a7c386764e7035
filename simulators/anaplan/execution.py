"""What a task does: run the export, import, delete action or process it was started for."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from .config import SimConfig
from .definitions import (
    DeleteAction,
    ExportDefinition,
    ListImport,
    ModuleImport,
    ProcessDefinition,
    Runnable,
)
from .dumps import DumpStore
from .exporter import write_export
from .faults import Faults
from .filestore import StoredContent, Workdir
from .importer import ImportFailed, StagedImport, rows_detail
from .list_import import stage_list_import
from .model import Model
from .module_import import stage_module_import
from .tasks import Task, hold

log = logging.getLogger(__name__)


def _nothing() -> None:
    return None


@dataclass
class Outcome:
    """A prepared result; `commit` makes its changes visible, `rollback` throws them away."""

    result: dict[str, object]
    commit: Callable[[], None] = _nothing
    rollback: Callable[[], None] = _nothing
    dump: StoredContent | None = None


def _result(object_id: str, successful: bool, **extra: object) -> dict[str, object]:
    return {"failureDumpAvailable": False, "objectId": object_id, "successful": successful} | extra


def _failure(object_id: str, message: str) -> Outcome:
    detail = {"localMessageText": message, "occurrences": 0, "type": "failureMessage", "values": []}
    return Outcome(_result(object_id, False, details=[detail]))


@dataclass
class Executor:
    model: Model
    config: SimConfig
    faults: Faults
    workdir: Workdir
    dumps: DumpStore

    async def run(self, task: Task) -> None:
        """Prepares the work, holds the task for its timing, then commits or rolls back."""
        task.start()
        try:
            outcome = await self._prepare(task)
        except Exception as crash:  # a simulator bug must not leave a task running forever
            log.exception("task %s of %s crashed", task.task_id, task.object_id)
            outcome = _failure(task.object_id, f"Simulator error: {crash}")
        await hold(task)
        if task.cancel_requested:
            outcome.rollback()
            task.mark_cancelled()
        else:
            outcome.commit()
            task.finish(outcome.result)

    async def _prepare(self, task: Task) -> Outcome:
        failure = self.faults.take_task_failure(task.object_id)
        if failure is not None:
            return _failure(task.object_id, failure)
        definition = self.model.definition(task.kind, task.object_id)
        if isinstance(definition, ProcessDefinition):
            return await self._process(definition, task)
        assert definition is not None
        outcome = await self._action(definition)
        return self._with_dump(outcome, ("imports", task.object_id), task.task_id)

    def _with_dump(self, outcome: Outcome, key: tuple[str, ...], task_id: str) -> Outcome:
        """A clean run removes the previous dump; a run with rejected rows replaces it."""
        if not isinstance(self.model.imports.get(key[-1]), ModuleImport | ListImport):
            return outcome
        inner_commit, dump = outcome.commit, outcome.dump

        def commit() -> None:
            inner_commit()
            self.dumps.put(key, task_id, dump)

        return Outcome(outcome.result, commit, outcome.rollback, dump)

    async def _action(self, definition: Runnable) -> Outcome:
        if isinstance(definition, ExportDefinition):
            return await self._export(definition)
        if isinstance(definition, DeleteAction):
            return self._delete(definition)
        return await self._import(definition)

    async def _export(self, export: ExportDefinition) -> Outcome:
        path = self.workdir.new_path(f"export-{export.id}")
        rows = await asyncio.to_thread(write_export, export, path)
        slot = self.model.files[export.id]

        def commit() -> None:
            slot.replace_content(StoredContent.split(path, self.config.export_chunk_size))
            export.last_row_count = rows

        return Outcome(_result(export.id, True), commit, lambda: path.unlink(missing_ok=True))

    async def _import(self, definition: ModuleImport | ListImport) -> Outcome:
        path = self.workdir.new_path(f"dump-{definition.id}")
        size = self.config.dump_chunk_size
        try:
            if isinstance(definition, ModuleImport):
                staged = await asyncio.to_thread(stage_module_import, definition, path, size)
            else:
                staged = await asyncio.to_thread(stage_list_import, definition, path, size)
        except ImportFailed as failure:
            return _failure(definition.id, str(failure))
        return self._import_outcome(definition.id, staged)

    @staticmethod
    def _import_outcome(object_id: str, staged: StagedImport) -> Outcome:
        dump = staged.dump
        result = _result(object_id, True, details=[rows_detail(staged.target_name, staged.counts)])
        result["failureDumpAvailable"] = dump is not None
        rollback = dump.discard if dump is not None else _nothing
        return Outcome(result, staged.apply, rollback, dump)

    def _delete(self, action: DeleteAction) -> Outcome:
        chosen = [
            item for item in action.target.items if not action.selector or action.selector(item)
        ]

        def commit() -> None:
            for item in chosen:
                action.target.remove(item)
                self._forget(action.target.name, item.name)

        return Outcome(_result(action.id, True), commit)

    def _forget(self, list_name: str, member: str) -> None:
        for module in self.model.modules.values():
            if list_name in module.axis_names:
                module.forget_member(list_name, member)

    async def _process(self, process: ProcessDefinition, task: Task) -> Outcome:
        """Actions run in order and each commits before the next starts, so a process
        cannot be rolled back once an action has run."""
        nested: list[dict[str, object]] = []
        for action in process.actions:
            outcome = await self._action(action)
            key = ("processes", process.id, action.id)
            self._with_dump(outcome, key, task.task_id).commit()
            nested.append(outcome.result)
            if not outcome.result["successful"]:
                break
        successful = all(result["successful"] for result in nested)
        dumps = any(result["failureDumpAvailable"] for result in nested)
        return Outcome(
            _result(process.id, successful, failureDumpAvailable=dumps, nestedResults=nested)
        )
