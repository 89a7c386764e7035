"""Anaplan lists (hierarchy dimensions) and their items."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class ListItem:
    id: str
    name: str
    code: str | None = None
    parent: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


class ListDimension:
    def __init__(
        self,
        list_id: str,
        name: str,
        allocate: Callable[[], str],
        parent: "ListDimension | None" = None,
        properties: Iterable[str] = (),
        numbered: bool = False,
    ) -> None:
        self.id = list_id
        self.name = name
        self.parent = parent
        self.properties = list(properties)
        self.numbered = numbered
        self._allocate = allocate
        self._by_name: dict[str, ListItem] = {}
        self._by_code: dict[str, ListItem] = {}

    @property
    def items(self) -> list[ListItem]:
        return list(self._by_name.values())

    @property
    def names(self) -> list[str]:
        return list(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def add(
        self,
        name: str,
        code: str | None = None,
        parent: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> ListItem:
        item = ListItem(self._allocate(), name, code, parent, dict(properties or {}))
        self._by_name[name] = item
        if code:
            self._by_code[code] = item
        return item

    def add_all(self, names: Iterable[str | tuple[str, str]]) -> None:
        for entry in names:
            name, code = (entry, None) if isinstance(entry, str) else entry
            self.add(name, code)

    def by_name(self, name: str) -> ListItem | None:
        return self._by_name.get(name)

    def by_code(self, code: str) -> ListItem | None:
        return self._by_code.get(code)

    def by_id(self, item_id: str) -> ListItem | None:
        return next((item for item in self._by_name.values() if item.id == item_id), None)

    def resolve(self, text: str) -> ListItem | None:
        """The item an import cell names, matched by name first, then by code."""
        return self._by_name.get(text) or self._by_code.get(text)

    def rename(self, item: ListItem, name: str) -> None:
        del self._by_name[item.name]
        item.name = name
        self._by_name[name] = item

    def recode(self, item: ListItem, code: str | None) -> None:
        if item.code:
            self._by_code.pop(item.code, None)
        item.code = code
        if code:
            self._by_code[code] = item

    def remove(self, item: ListItem) -> None:
        del self._by_name[item.name]
        if item.code:
            self._by_code.pop(item.code, None)
