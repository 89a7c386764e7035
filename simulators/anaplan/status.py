"""GET /models/{m}/status: idle ("Open"/"Closed", progress -1.0) or the task holding the model."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Model
    from .state import ModelRuntime

STEP_BY_KIND = {
    "imports": "Import",
    "exports": "Export",
    "processes": "Process",
    "actions": "Action",
}


def model_status(model: "Model", runtime: "ModelRuntime", now_ms: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "tooltip": None,
        "progress": -1.0,
        "currentStep": "Closed" if model.closed else "Open",
        "exportTaskType": None,
        "creationTime": now_ms,
        "taskId": None,
        "peakMemoryUsageEstimate": None,
        "peakMemoryUsageTime": None,
    }
    return body | _busy(runtime)


def _busy(runtime: "ModelRuntime") -> dict[str, Any]:
    queue = runtime.queue
    if queue.running is not None:
        task = queue.running
        kind = STEP_BY_KIND.get(task.kind, "Task")
        started = datetime.fromtimestamp(task.creation_time / 1000, UTC).strftime("%H:%M:%S")
        tooltip = f"{kind} '{task.object_name}' started by {task.user_email} at {started} UTC"
        step = f"Processing {kind.lower()}..."
        return {
            "currentStep": step,
            "progress": task.progress,
            "taskId": task.task_id,
            "tooltip": tooltip,
            "exportTaskType": "TABULAR" if kind == "Export" else None,
        }
    if queue.foreign is not None:
        return {
            "currentStep": "Processing ...",
            "progress": 0.0,
            "taskId": queue.foreign.task_id,
            "tooltip": queue.foreign.tooltip,
        }
    return {}
