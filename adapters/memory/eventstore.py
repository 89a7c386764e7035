"""An in-memory event store for unit tests; it passes the same contract suite as PostgreSQL.

Events go through the same encode/decode round trip as in the database, so a unit test
catches an event that would not survive storage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from domain.codec import to_json
from domain.envelope import ANY_VERSION, LogPosition, RecordedEvent
from domain.errors import ConcurrencyError
from domain.ports import AppendRequest


class InMemoryEventStore:
    def __init__(self) -> None:
        self._log: list[RecordedEvent] = []
        self._streams: dict[str, list[RecordedEvent]] = defaultdict(list)

    async def append(self, request: AppendRequest) -> int:
        return (await self.append_batch([request]))[0]

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[int]:
        for request in requests:
            self._check(request)
        tx_id = len(self._log) + 1
        return [self._write(request, tx_id) for request in requests]

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return [e for e in self._streams.get(stream_id, []) if e.version > after_version]

    async def read_streams(self, stream_ids: Sequence[str]) -> dict[str, list[RecordedEvent]]:
        return {stream_id: list(self._streams.get(stream_id, [])) for stream_id in stream_ids}

    async def read_all(self, after: LogPosition, limit: int = 1000) -> list[RecordedEvent]:
        newer = [e for e in self._log if (e.tx_id, e.position) > (after.tx_id, after.position)]
        return newer[:limit]

    async def read_range(
        self, from_position: int, to_position: int, limit: int = 1000
    ) -> list[RecordedEvent]:
        return [e for e in self._log if from_position <= e.position <= to_position][:limit]

    async def stream_version(self, stream_id: str) -> int:
        return len(self._streams.get(stream_id, []))

    def _check(self, request: AppendRequest) -> None:
        if not request.events:
            raise ValueError(f"nothing to append to {request.stream_id!r}")
        actual = len(self._streams.get(request.stream_id, []))
        if request.expected_version not in (ANY_VERSION, actual):
            raise ConcurrencyError(request.stream_id, request.expected_version, actual)

    def _write(self, request: AppendRequest, tx_id: int) -> int:
        stream = self._streams[request.stream_id]
        for event in request.events:
            recorded = RecordedEvent(
                position=len(self._log) + 1,
                tx_id=tx_id,
                stream_id=request.stream_id,
                stream_type=request.stream_type,
                version=len(stream) + 1,
                type=event.type,
                schema_version=event.VERSION,
                data=to_json(event.to_data()),
                raw_metadata=to_json(request.metadata.to_data()),
                recorded_at=datetime.now(UTC),
            )
            stream.append(recorded)
            self._log.append(recorded)
        return len(stream)
