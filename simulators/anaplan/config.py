"""Runtime knobs of the simulator; every field may be changed while it serves."""

from dataclasses import dataclass, field

from .tasks import TaskTiming

MB = 1024 * 1024
QUEUE = "queue"


@dataclass
class SimConfig:
    # Auth: 35-minute tokens (shorten in tests, or advance the clock); refresh may rotate.
    token_lifetime: float = 35 * 60
    refresh_returns_new_token: bool = False
    oauth_refresh_lifetime: float = 43_000
    device_poll_interval: int = 5  # seconds a device-grant client must wait between polls
    # Tenant-wide request budget per rolling minute (None: unlimited) and 429 Retry-After.
    rate_limit_per_minute: int | None = None
    send_retry_after: bool = True
    # A task started while the model is busy: "queue" (NOT_STARTED until its turn),
    # or the HTTP status to refuse it with (409 conflict or 423 locked).
    busy_policy: str | int = QUEUE
    task_timing: TaskTiming = field(default_factory=TaskTiming)
    task_timing_by_object: dict[str, TaskTiming] = field(default_factory=dict)
    # Files: export and dump chunk sizes; upload limits from the documentation.
    export_chunk_size: int = 10 * MB
    dump_chunk_size: int = 10 * MB
    max_upload_chunk: int = 50 * MB
    max_chunks: int = 1000
    # Seconds the first call on a closed model takes while the model loads.
    closed_model_delay: float = 0.0

    def timing_for(self, object_id: str) -> TaskTiming:
        return self.task_timing_by_object.get(object_id, self.task_timing)
