"""Modules: numeric cells dimensioned by lists, Versions, Time and the module's line items."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .calendar import Calendar
from .lists import ListDimension

TIME = "Time"
VERSIONS = "Versions"
LINE_ITEMS = "Line Items"

Key = tuple[str, ...]
Generator = Callable[[Key], Decimal | None]


@dataclass(frozen=True)
class Axis:
    """One dimension of a module; `members` is read live so list changes show up at once."""

    name: str
    dimension_id: str
    data_type: str
    list_name: str
    members: Callable[[], Sequence[str]]
    resolve: Callable[[str], str | None]


@dataclass
class LineItem:
    id: str
    name: str
    module_id: str
    module_name: str
    format: str = "NUMBER"


class Module:
    """Cells are keyed by member names in axis order; a generator can stand in for stored cells."""

    def __init__(
        self,
        module_id: str,
        name: str,
        axes: list[Axis],
        line_items: list[LineItem],
        calendar: Calendar | None = None,
        lists: Sequence[ListDimension] = (),
    ) -> None:
        self.id = module_id
        self.calendar = calendar
        self._lists = {dimension.name: dimension for dimension in lists}
        self.name = name
        self.axes = axes
        self.line_items = line_items
        self.cells: dict[Key, Decimal] = {}
        self.generator: Generator | None = None

    @property
    def axis_names(self) -> list[str]:
        return [axis.name for axis in self.axes]

    def axis(self, name: str) -> Axis:
        return self.axes[self.axis_index(name)]

    def axis_index(self, name: str) -> int:
        return self.axis_names.index(name)

    def key(self, coords: Mapping[str, str]) -> Key:
        """The cell key for a {axis name: member} mapping; every axis must be given."""
        missing = set(self.axis_names) - set(coords)
        if missing:
            raise KeyError(f"{self.name}: no member given for {sorted(missing)}")
        return tuple(self._member(axis, coords[axis.name]) for axis in self.axes)

    @staticmethod
    def _member(axis: Axis, text: str) -> str:
        member = axis.resolve(text)
        if member is None:
            raise KeyError(f"{text!r} is not a member of {axis.name}")
        return member

    def lookup(self, key: Key) -> Decimal | None:
        value = self.cells.get(key)
        if value is None and self.generator is not None:
            return self.generator(key)
        return value

    def value(self, coords: Mapping[str, str]) -> Decimal | None:
        return self.lookup(self.key(coords))

    def set_value(self, coords: Mapping[str, str], value: Decimal | int | str) -> None:
        self.cells[self.key(coords)] = Decimal(value)

    def snapshot(self) -> dict[Key, Decimal]:
        return dict(self.cells)

    def list_dimension(self, axis_name: str) -> ListDimension | None:
        return self._lists.get(axis_name)

    def forget_member(self, axis_name: str, member: str) -> None:
        position = self.axis_index(axis_name)
        for key in [key for key in self.cells if key[position] == member]:
            del self.cells[key]
