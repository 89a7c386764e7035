"""Task results as Anaplan reports them: state, success, failure dump, details, nested results.

`details[].values` is a flat key, value, key, value list; counts of rows come from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.anaplan.errors import AnaplanTaskError

COMPLETE, CANCELLED = "COMPLETE", "CANCELLED"
TERMINAL = frozenset({COMPLETE, CANCELLED})
ROW_COUNTS = ("totalRowCount", "successRowCount", "warningsRowCount", "ignoredCount", "failedCount")


@dataclass(frozen=True, slots=True)
class Detail:
    type: str
    message: str
    values: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> Detail:
        flat = [str(item) for item in data.get("values") or ()]
        pairs = tuple(zip(flat[::2], flat[1::2], strict=False))
        return cls(data.get("type", ""), str(data.get("localMessageText", "")).strip(), pairs)

    def count(self, key: str) -> int | None:
        for name, value in self.values:
            if name == key and value.lstrip("-").isdigit():
                return int(value)
        return None


@dataclass(frozen=True, slots=True)
class ActionResult:
    object_id: str
    successful: bool
    failure_dump_available: bool
    details: tuple[Detail, ...]
    nested: tuple[ActionResult, ...] = ()

    @classmethod
    def of(cls, data: dict[str, Any]) -> ActionResult:
        return cls(
            str(data.get("objectId", "")),
            bool(data.get("successful")),
            bool(data.get("failureDumpAvailable")),
            tuple(Detail.of(d) for d in data.get("details") or ()),
            tuple(ActionResult.of(n) for n in data.get("nestedResults") or ()),
        )

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(d.message for d in self.details if d.message)

    def rows(self, key: str) -> int:
        """A row count summed over the details that report it (0 when none does)."""
        return sum(count for d in self.details if (count := d.count(key)) is not None)


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    task_id: str
    state: str
    current_step: str
    result: ActionResult
    polls: int
    duration_ms: int
    cancelled_by: str | None = None

    @classmethod
    def of(cls, task: dict[str, Any], polls: int, duration_ms: int) -> TaskOutcome:
        return cls(
            str(task["taskId"]),
            str(task.get("taskState", "")),
            str(task.get("currentStep", "")),
            ActionResult.of(task.get("result") or {}),
            polls,
            duration_ms,
            task.get("cancelledBy"),
        )

    @property
    def successful(self) -> bool:
        return self.state == COMPLETE and self.result.successful

    @property
    def reason(self) -> str:
        if self.state == CANCELLED:
            return f"cancelled by {self.cancelled_by}" if self.cancelled_by else "cancelled"
        nested = [m for n in self.result.nested if not n.successful for m in n.messages]
        return "; ".join([*self.result.messages, *nested]) or self.current_step or "failed"

    def raise_if_failed(self, report: object = None) -> TaskOutcome:
        if not self.successful:
            raise AnaplanTaskError(self.task_id, self.state, self.reason, report)
        return self
