"""A QuickBooks list (accounts, classes, names): unique full names, parent/child
hierarchy, lookups by ListID or FullName. QuickBooks compares names case-insensitively."""

from collections.abc import Iterator
from typing import Generic, TypeVar

from simulators.quickbooks.model import ListElement

T = TypeVar("T", bound=ListElement)


class ListStore(Generic[T]):
    def __init__(self) -> None:
        self._by_id: dict[str, T] = {}
        self._by_name: dict[str, T] = {}

    def add(self, element: T) -> T:
        self._by_id[element.list_id] = element
        self._by_name[_key(element.full_name)] = element
        return element

    def get(self, list_id: str) -> T | None:
        return self._by_id.get(list_id)

    def find(self, full_name: str) -> T | None:
        return self._by_name.get(_key(full_name))

    def lookup(self, list_id: str | None, full_name: str | None) -> T | None:
        """ListID wins when both are given, as in QuickBooks references."""
        if list_id is not None:
            return self.get(list_id)
        return self.find(full_name) if full_name is not None else None

    def has_name(self, full_name: str) -> bool:
        return _key(full_name) in self._by_name

    def children(self, parent: T) -> list[T]:
        return [element for element in self._by_id.values() if element.parent is parent]

    def with_descendants(self, root: T) -> set[T]:
        found = {root}
        for child in self.children(root):
            found |= self.with_descendants(child)
        return found

    def ordered(self) -> list[T]:
        return sorted(self._by_id.values(), key=lambda element: _key(element.full_name))

    def __iter__(self) -> Iterator[T]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def _key(full_name: str) -> str:
    return full_name.casefold()
