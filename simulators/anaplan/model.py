"""A model with its dimensions, modules, files and saved actions; the seeding API lives here."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from . import ids
from .calendar import Calendar
from .definitions import (
    Definition,
    DeleteAction,
    ExportDefinition,
    ListImport,
    ModuleImport,
    ProcessDefinition,
    Runnable,
    SourceFormat,
)
from .filestore import FileSlot
from .lists import ListDimension, ListItem
from .modules import LINE_ITEMS, TIME, VERSIONS, Axis, LineItem, Module

if TYPE_CHECKING:
    from .tenant import Workspace


@dataclass
class Version:
    id: str
    name: str
    is_actual: bool = False


class Model:
    def __init__(
        self,
        workspace: "Workspace",
        name: str,
        calendar: Calendar,
        versions: Sequence[str] = ("Actual", "Budget", "Forecast"),
    ) -> None:
        self.id = ids.model_id()
        self.name = name
        self.workspace = workspace
        self.calendar = calendar
        self.active_state = "UNLOCKED"
        self.closed = False
        self.created = datetime.now(UTC)
        self.ids = ids.IdAllocator()
        self.versions = [Version(self.ids.next(ids.VERSION), n, n == "Actual") for n in versions]
        self.lists: dict[str, ListDimension] = {}
        self.modules: dict[str, Module] = {}
        self.files: dict[str, FileSlot] = {}
        self.exports: dict[str, ExportDefinition] = {}
        self.imports: dict[str, ModuleImport | ListImport] = {}
        self.actions: dict[str, DeleteAction] = {}
        self.processes: dict[str, ProcessDefinition] = {}

    # -- dimensions -------------------------------------------------------------------------

    def add_list(
        self,
        name: str,
        items: Iterable[str | tuple[str, str]] = (),
        parent: ListDimension | None = None,
        properties: Iterable[str] = (),
        numbered: bool = False,
    ) -> ListDimension:
        list_id = self.ids.next(ids.LIST)
        allocate = self._item_allocator()
        dimension = ListDimension(list_id, name, allocate, parent, properties, numbered)
        dimension.add_all(items)
        self.lists[list_id] = dimension
        return dimension

    def _item_allocator(self) -> Callable[[], str]:
        return lambda: self.ids.next(ids.LIST_ITEM)

    def list_named(self, name: str) -> ListDimension:
        return next(dimension for dimension in self.lists.values() if dimension.name == name)

    def version_named(self, name: str) -> Version | None:
        return next((version for version in self.versions if version.name == name), None)

    # -- modules ----------------------------------------------------------------------------

    def add_module(
        self,
        name: str,
        lists: Sequence[ListDimension],
        line_items: Sequence[str],
        time: bool = True,
        versions: bool = True,
    ) -> Module:
        module_id = self.ids.next(ids.MODULE)
        items = [LineItem(self.ids.next(ids.LINE_ITEM), n, module_id, name) for n in line_items]
        axes = [_list_axis(dimension) for dimension in lists]
        axes += [self._versions_axis()] if versions else []
        axes += [self._time_axis()] if time else []
        axes.append(_line_items_axis(items))
        module = Module(module_id, name, axes, items, self.calendar if time else None, lists)
        self.modules[module_id] = module
        return module

    def _versions_axis(self) -> Axis:
        def names() -> list[str]:
            return [version.name for version in self.versions]

        def resolve(text: str) -> str | None:
            return text if self.version_named(text) else None

        return Axis(VERSIONS, ids.VERSIONS_DIMENSION, "ENTITY", VERSIONS, names, resolve)

    def _time_axis(self) -> Axis:
        calendar = self.calendar
        return Axis(
            TIME, ids.TIME_DIMENSION, "TIME_ENTITY", "", lambda: calendar.months, calendar.parse
        )

    def module_named(self, name: str) -> Module:
        return next(module for module in self.modules.values() if module.name == name)

    # -- files and actions ------------------------------------------------------------------

    def add_file(self, name: str, **metadata: Any) -> FileSlot:
        slot = FileSlot(self.ids.next(ids.FILE), name, **metadata)
        self.files[slot.id] = slot
        return slot

    def add_export(self, name: str, module: Module, **options: Any) -> ExportDefinition:
        export = ExportDefinition(self.ids.next(ids.EXPORT), name, module, **options)
        self.exports[export.id] = export
        self.files[export.id] = FileSlot(export.id, name, header_row=0, first_data_row=0)
        return export

    def add_module_import(
        self,
        name: str,
        module: Module,
        source: SourceFormat,
        columns: dict[str, str],
        values: dict[str, dict[str, str]],
        fixed: dict[str, str] | None = None,
        file_name: str | None = None,
    ) -> ModuleImport:
        slot = self._source_file(file_name or name, source)
        definition = ModuleImport(
            self.ids.next(ids.IMPORT), name, module, source, slot, columns, values, fixed or {}
        )
        self.imports[definition.id] = definition
        return definition

    def add_list_import(
        self,
        name: str,
        target: ListDimension,
        source: SourceFormat,
        name_column: str,
        file_name: str | None = None,
        **columns: Any,
    ) -> ListImport:
        slot = self._source_file(file_name or name, source)
        definition = ListImport(
            self.ids.next(ids.IMPORT), name, target, source, slot, name_column, **columns
        )
        self.imports[definition.id] = definition
        return definition

    def _source_file(self, name: str, source: SourceFormat) -> FileSlot:
        return self.add_file(
            name,
            separator=source.separator,
            delimiter=source.delimiter,
            encoding=source.encoding,
            header_row=source.header_row,
            first_data_row=source.first_data_row,
        )

    def add_delete_action(
        self,
        name: str,
        target: ListDimension,
        selector: Callable[[ListItem], bool] | None = None,
    ) -> DeleteAction:
        action = DeleteAction(self.ids.next(ids.ACTION), name, target, selector)
        self.actions[action.id] = action
        return action

    def add_process(self, name: str, actions: Sequence[Runnable]) -> ProcessDefinition:
        process = ProcessDefinition(self.ids.next(ids.PROCESS), name, list(actions))
        self.processes[process.id] = process
        return process

    def definition(self, kind: str, object_id: str) -> Definition | None:
        """The saved action a task path names, e.g. ("exports", "116000000000")."""
        registries: dict[str, Mapping[str, Definition]] = {
            "exports": self.exports,
            "imports": self.imports,
            "actions": self.actions,
            "processes": self.processes,
        }
        return registries[kind].get(object_id) if kind in registries else None


def _list_axis(dimension: ListDimension) -> Axis:
    def resolve(text: str) -> str | None:
        item = dimension.resolve(text)
        return item.name if item else None

    return Axis(
        dimension.name, dimension.id, "ENTITY", dimension.name, lambda: dimension.names, resolve
    )


def _line_items_axis(items: list[LineItem]) -> Axis:
    names = tuple(item.name for item in items)

    def resolve(text: str) -> str | None:
        return text if text in names else None

    return Axis(LINE_ITEMS, ids.LINE_ITEMS_DIMENSION, "ENTITY", "", lambda: names, resolve)
