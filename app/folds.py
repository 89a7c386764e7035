"""The fold of a stream, kept per stream and brought up to date with the events appended
since: a work source asks for its state on every SOAP call, and its streams only grow
(one read of a chart of accounts per update), so folding them whole each time made every
call slower than the one before.

Streams are append-only and their versions follow commit order, so a state at version v
plus the events after v is the state now, whichever process appended them. Each process
keeps its own cache, bounded: the streams used least recently are forgotten first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from domain.event import Event
from domain.ports import EventStore

S = TypeVar("S")


class StreamFolds(Generic[S]):
    def __init__(
        self,
        store: EventStore,
        initial: S,
        evolve: Callable[[S, Event], S],
        streams: int = 2048,
    ) -> None:
        self._store = store
        self._initial = initial  # states are immutable: one initial value serves all
        self._evolve = evolve
        self._streams = streams
        self._known: OrderedDict[str, tuple[int, S]] = OrderedDict()

    async def state(self, stream_id: str) -> S:
        version, state = self._known.get(stream_id, (0, self._initial))
        for recorded in await self._store.read_stream(stream_id, version):
            state, version = self._evolve(state, recorded.event), recorded.version
        self._remember(stream_id, version, state)
        return state

    def _remember(self, stream_id: str, version: int, state: S) -> None:
        known = self._known.get(stream_id)
        if known is not None and known[0] > version:
            return  # a concurrent call got further
        self._known[stream_id] = (version, state)
        self._known.move_to_end(stream_id)
        while len(self._known) > self._streams:
            self._known.popitem(last=False)
