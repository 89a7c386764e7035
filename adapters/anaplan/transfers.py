"""What a file move reports, and how long it took."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Transfer:
    file_id: str
    size: int
    sha256: str
    chunks: int
    sent_bytes: int
    duration_ms: int


def now() -> float:
    return time.monotonic()


def elapsed_ms(began: float) -> int:
    return int((time.monotonic() - began) * 1000)
