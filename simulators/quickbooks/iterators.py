"""Query iterators. They live in the QuickBooks connection that started them: once QBWC
closes that connection, or from any other connection, the iteratorID is unknown (3391)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from simulators.quickbooks.statuses import QbError, invalid_iterator

# render(ctx, item): the Ret element for one match, or None if it no longer exists.
Render = Callable[[Any, Any], etree._Element | None]


@dataclass
class IteratorState:
    request_tag: str
    remaining: list[object]
    render: Render
    max_returned: int


class IteratorRegistry:
    def __init__(self) -> None:
        self._open: dict[str, IteratorState] = {}

    def start(self, state: IteratorState) -> str:
        iterator_id = "{" + str(uuid.uuid4()) + "}"
        self._open[iterator_id] = state
        return iterator_id

    def resume(self, iterator_id: str, request_tag: str) -> IteratorState:
        state = self._open.get(iterator_id)
        if state is None or state.request_tag != request_tag:
            raise QbError(invalid_iterator(iterator_id))
        return state

    def finish(self, iterator_id: str) -> None:
        self._open.pop(iterator_id, None)

    def close(self) -> None:
        self._open.clear()

    def __len__(self) -> int:
        return len(self._open)
