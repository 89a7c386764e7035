"""The event store contract: every adapter (PostgreSQL, in-memory) passes the same tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.eventstore import InMemoryEventStore
from domain.envelope import ANY_VERSION, NO_STREAM, START, Metadata
from domain.errors import ConcurrencyError
from domain.ports import AppendRequest
from tests.support.events import AmountBooked, CounterIncremented


def bump(stream: str, by: int = 1, expected: int = ANY_VERSION) -> AppendRequest:
    return AppendRequest(stream, "counter", [CounterIncremented(counter=stream, by=by)], expected)


class EventStoreContract:
    async def test_append_assigns_versions_one_to_n(self, store):
        assert await store.append(bump("c-1", expected=NO_STREAM)) == 1
        assert await store.append(bump("c-1", expected=1)) == 2
        events = await store.read_stream("c-1")
        assert [e.version for e in events] == [1, 2]
        assert [e.event for e in events] == [CounterIncremented(counter="c-1", by=1)] * 2

    async def test_wrong_expected_version_is_a_concurrency_error(self, store):
        await store.append(bump("c-2", expected=NO_STREAM))
        with pytest.raises(ConcurrencyError) as raised:
            await store.append(bump("c-2", expected=NO_STREAM))
        assert raised.value.stream_id == "c-2"
        with pytest.raises(ConcurrencyError):
            await store.append(bump("c-2", expected=5))
        assert len(await store.read_stream("c-2")) == 1

    async def test_multi_event_append_is_atomic(self, store):
        events = [
            AmountBooked(account="4000", amount=Decimal("10.50")),
            AmountBooked(account="", amount=Decimal(1)),
        ]
        assert await store.append(AppendRequest("b-1", "book", events, NO_STREAM)) == 2
        recorded = await store.read_stream("b-1")
        assert [e.event.amount for e in recorded] == [Decimal("10.50"), Decimal(1)]
        assert len({e.tx_id for e in recorded}) == 1

    async def test_batch_across_streams_is_all_or_nothing(self, store):
        await store.append(bump("c-3", expected=NO_STREAM))
        with pytest.raises(ConcurrencyError):
            await store.append_batch(
                [bump("c-4", expected=NO_STREAM), bump("c-3", expected=NO_STREAM)]
            )
        assert await store.read_stream("c-4") == []
        assert await store.append_batch(
            [bump("c-4", expected=NO_STREAM), bump("c-3", expected=1)]
        ) == [1, 2]

    async def test_metadata_and_envelope_are_kept(self, store):
        meta = Metadata(correlation_id="run-1", causation_id="42", actor="alice", tenant_id="t1")
        await store.append(
            AppendRequest("c-5", "counter", [CounterIncremented(counter="x", by=3)], metadata=meta)
        )
        [event] = await store.read_stream("c-5")
        assert event.metadata == meta
        assert event.stream_type == "counter"
        assert event.recorded_at.tzinfo is not None

    async def test_read_all_pages_in_one_order_after_a_position(self, store):
        for n in range(5):
            await store.append(bump(f"c-6-{n}"))
        first = await store.read_all(START, limit=3)
        rest = await store.read_all(first[-1].log_position, limit=10)
        positions = [e.position for e in first + rest]
        assert len(positions) == 5 and positions == sorted(positions)

    async def test_read_range_by_global_position(self, store):
        for n in range(4):
            await store.append(bump(f"c-7-{n}"))
        everything = await store.read_all(START)
        middle = await store.read_range(everything[1].position, everything[2].position)
        assert [e.stream_id for e in middle] == ["c-7-1", "c-7-2"]

    async def test_several_streams_read_in_one_call(self, store):
        await store.append(bump("s-1"))
        await store.append(bump("s-1"))
        await store.append(bump("s-2"))
        streams = await store.read_streams(["s-1", "s-2", "s-none"])
        assert {k: [e.version for e in v] for k, v in streams.items()} == {
            "s-1": [1, 2],
            "s-2": [1],
            "s-none": [],
        }

    async def test_empty_append_is_refused(self, store):
        with pytest.raises(ValueError):
            await store.append(AppendRequest("c-8", "counter", []))


class TestPostgresEventStore(EventStoreContract):
    """Runs the contract against PostgreSQL (the `store` fixture from conftest)."""


class TestInMemoryEventStore(EventStoreContract):
    @pytest.fixture
    def store(self):
        return InMemoryEventStore()
