"""Stream folds kept up to date from the events appended since the last read."""

from __future__ import annotations

from adapters.memory.eventstore import InMemoryEventStore
from app.folds import StreamFolds
from domain.ports import AppendRequest
from tests.support.events import CounterIncremented


def add(state: int, event: object) -> int:
    assert isinstance(event, CounterIncremented)
    return state + event.by


class CountingStore(InMemoryEventStore):
    def __init__(self) -> None:
        super().__init__()
        self.read: list[int] = []  # events returned per read

    async def read_stream(self, stream_id, after_version=0):
        events = await super().read_stream(stream_id, after_version)
        self.read.append(len(events))
        return events


async def bump(store, stream: str, *amounts: int) -> None:
    events = [CounterIncremented(counter=stream, by=n) for n in amounts]
    await store.append(AppendRequest(stream, "counter", events))


async def test_the_state_is_the_fold_and_only_new_events_are_read():
    store = CountingStore()
    folds = StreamFolds(store, 0, add)
    await bump(store, "c-1", 1, 2, 3)
    assert await folds.state("c-1") == 6
    assert await folds.state("c-1") == 6
    await bump(store, "c-1", 10)
    assert await folds.state("c-1") == 16
    assert store.read == [3, 0, 1]


async def test_events_another_process_appended_are_seen():
    store = InMemoryEventStore()
    here, there = StreamFolds(store, 0, add), StreamFolds(store, 0, add)
    await bump(store, "c-1", 1)
    assert await here.state("c-1") == 1
    await bump(store, "c-1", 5)
    assert await there.state("c-1") == 6 and await here.state("c-1") == 6


async def test_the_least_recently_used_streams_are_forgotten_and_read_again_whole():
    store = CountingStore()
    folds = StreamFolds(store, 0, add, streams=2)
    for stream in ("a", "b", "a", "c"):
        await bump(store, stream, 1)
        await folds.state(stream)
    store.read.clear()
    assert await folds.state("b") == 1  # forgotten when "c" came: read whole
    assert await folds.state("a") == 2  # forgotten when "b" came back
    assert store.read == [1, 2]
