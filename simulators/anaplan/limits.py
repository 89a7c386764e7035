"""The tenant-wide request budget and the counters tests read."""

from collections import Counter, deque
from dataclasses import dataclass, field

from .clock import Clock

WINDOW = 60.0


class SlidingWindow:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._stamps: deque[float] = deque()

    def _trim(self) -> float:
        now = self._clock.now()
        while self._stamps and self._stamps[0] <= now - WINDOW:
            self._stamps.popleft()
        return now

    def count(self) -> int:
        self._trim()
        return len(self._stamps)

    def add(self) -> int:
        self._stamps.append(self._trim())
        return len(self._stamps)

    def seconds_until_free(self) -> float:
        now = self._trim()
        return max(self._stamps[0] + WINDOW - now, 0.0) if self._stamps else 0.0


class RateLimiter:
    """Admits at most `limit` requests in any rolling 60 seconds."""

    def __init__(self, clock: Clock) -> None:
        self._admitted = SlidingWindow(clock)

    def admit(self, limit: int | None) -> float | None:
        """None when admitted, else the seconds until a slot frees up."""
        if limit is not None and self._admitted.count() >= limit:
            return self._admitted.seconds_until_free()
        self._admitted.add()
        return None


@dataclass
class Counters:
    clock: Clock
    requests: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    max_requests_per_minute: int = 0
    max_tasks_per_model: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._arrivals = SlidingWindow(self.clock)

    def record_request(self, endpoint: str, in_budget: bool = True) -> None:
        """Every request, throttled or not, so a client's own pace is visible; the per-minute
        peak counts Integration API requests only (the ones the tenant budget covers)."""
        self.requests[endpoint] += 1
        if not in_budget:
            return
        self.max_requests_per_minute = max(self.max_requests_per_minute, self._arrivals.add())

    def record_occupancy(self, model_id: str, tasks: int) -> None:
        self.max_tasks_per_model[model_id] = max(self.max_tasks_per_model.get(model_id, 0), tasks)

    def reset(self) -> None:
        self.requests.clear()
        self.throttled = self.max_requests_per_minute = 0
        self.max_tasks_per_model.clear()
        self._arrivals = SlidingWindow(self.clock)

    def snapshot(self) -> dict[str, object]:
        return {
            "requests": dict(self.requests),
            "throttled": self.throttled,
            "maxRequestsPerMinute": self.max_requests_per_minute,
            "maxTasksPerModel": dict(self.max_tasks_per_model),
        }
