"""Injectable faults: error statuses, hangs, dropped connections, token expiry, failing tasks."""

import re
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, fields
from typing import Any

STATUS = "status"
HANG = "hang"
EXPIRE_TOKENS = "expire_tokens"
DISCONNECT = "disconnect"


@dataclass
class FaultRule:
    """Fires on requests matching `method` and the `path` regex: lets `skip` through first,
    then fires `times` times (None: forever)."""

    action: str
    status: int = 503
    retry_after: int | None = None
    seconds: float = 0.0
    path: str | None = None
    method: str | None = None
    skip: int = 0
    times: int | None = 1
    seen: int = 0
    fired: int = 0

    def claim(self, method: str, path: str) -> bool:
        if not self._matches(method, path):
            return False
        self.seen += 1
        if self.seen <= self.skip or self.exhausted:
            return False
        self.fired += 1
        return True

    def _matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        return self.path is None or re.search(self.path, path) is not None

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> "FaultRule":
        known = {f.name for f in fields(cls)} - {"seen", "fired"}
        return cls(**{key: value for key, value in body.items() if key in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Faults:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._task_failures: defaultdict[str, deque[str]] = defaultdict(deque)

    def add(self, rule: FaultRule) -> FaultRule:
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()
        self._task_failures.clear()

    def fail_next(
        self,
        count: int = 1,
        status: int = 503,
        path: str | None = None,
        method: str | None = None,
        retry_after: int | None = None,
    ) -> FaultRule:
        return self.add(
            FaultRule(
                STATUS,
                status=status,
                retry_after=retry_after,
                path=path,
                method=method,
                times=count,
            )
        )

    def hang(
        self, seconds: float, count: int = 1, path: str | None = None, method: str | None = None
    ) -> FaultRule:
        """Delays matching requests by `seconds` before serving them (beyond a client timeout)."""
        return self.add(FaultRule(HANG, seconds=seconds, path=path, method=method, times=count))

    def disconnect(self, count: int = 1, path: str | None = None) -> FaultRule:
        return self.add(FaultRule(DISCONNECT, path=path, times=count))

    def expire_tokens(self, path: str | None = None, after: int = 0) -> FaultRule:
        """Expires every live token when the (after+1)-th matching request arrives."""
        return self.add(FaultRule(EXPIRE_TOKENS, path=path, skip=after, times=1))

    def fail_task(self, object_id: str, message: str) -> None:
        """The next task of this import/export/process/action completes with successful=false."""
        self._task_failures[object_id].append(message)

    def take(self, method: str, path: str) -> FaultRule | None:
        return next((rule for rule in self.rules if rule.claim(method, path)), None)

    def take_task_failure(self, object_id: str) -> str | None:
        queue = self._task_failures.get(object_id)
        return queue.popleft() if queue else None
