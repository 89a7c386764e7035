"""Running a process: a chain of actions whose results (and dumps) come back per action."""

from __future__ import annotations

from adapters.anaplan.reports import ProcessResult
from adapters.anaplan.session import ModelSession
from adapters.anaplan.tasks import Action


async def run_process(model: ModelSession, process: Action) -> ProcessResult:
    """Run it (the caller holds the model lock). Raises AnaplanTaskError, with the
    ProcessResult as its report, when the process failed."""
    outcome = await model.tasks.run(process)
    steps = []
    for step in outcome.result.nested:
        dump = model.at.process_dump(process.id, outcome.task_id, step.object_id)
        steps.append(await model.report(step, dump, outcome.task_id))
    result = ProcessResult(process.id, outcome.task_id, outcome.successful, tuple(steps))
    outcome.raise_if_failed(result)
    return result
