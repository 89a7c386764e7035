"""Saved actions of a model: exports, imports, processes and "other actions"."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .filestore import FileSlot
from .lists import ListDimension, ListItem
from .modules import TIME, Module

TABULAR_SINGLE_COLUMN = "TABULAR_SINGLE_COLUMN"
TABULAR_MULTI_COLUMN = "TABULAR_MULTI_COLUMN"


@dataclass
class ExportDefinition:
    """A module export. Single-column: one row per cell, dimension columns then "Value".
    Multi-column: the members of `column_axis` (Time by default) run across the columns."""

    id: str
    name: str
    module: Module
    layout: str = TABULAR_SINGLE_COLUMN
    column_axis: str = TIME
    header_names: list[str] | None = None
    separator: str = ","
    delimiter: str = '"'
    encoding: str = "UTF-8"
    line_ending: str = "\n"
    omit_empty_rows: bool = True
    time_totals: bool = False
    filters: dict[str, list[str]] = field(default_factory=dict)
    export_format: str = "text/csv"
    last_row_count: int | None = None

    kind = "exports"
    action_type = "EXPORT"

    @property
    def multi_column(self) -> bool:
        return self.layout == TABULAR_MULTI_COLUMN


@dataclass
class SourceFormat:
    """How the uploaded file is read; `headers` are the columns the import was built from."""

    headers: list[str]
    separator: str = ","
    delimiter: str = '"'
    header_row: int = 1
    first_data_row: int = 2
    encoding: str = "UTF-8"
    decimal_separator: str = "."

    def column(self, header: str) -> int:
        return self.headers.index(header)


@dataclass
class ModuleImport:
    """Rows into module cells. Source columns map to axes (`columns`), some axes take a fixed
    member (`fixed`), and each value column pins the remaining axes (`values`): {"Value": {}}
    for a single value column, {"Jan 27": {"Time": "Jan 27"}, ...} for periods across."""

    id: str
    name: str
    module: Module
    source: SourceFormat
    file: FileSlot
    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    fixed: dict[str, str] = field(default_factory=dict)

    kind = "imports"
    action_type = "IMPORT"
    import_type = "MODULE_DATA"


@dataclass
class ListImport:
    """Rows into list items: create or update by name (or code), with parent and properties."""

    id: str
    name: str
    target: ListDimension
    source: SourceFormat
    file: FileSlot
    name_column: str
    code_column: str | None = None
    parent_column: str | None = None
    property_columns: dict[str, str] = field(default_factory=dict)

    kind = "imports"
    action_type = "IMPORT"
    import_type = "HIERARCHY_DATA"


@dataclass
class DeleteAction:
    """DELETE_BY_SELECTION: removes the list items the selector picks (all when None)."""

    id: str
    name: str
    target: ListDimension
    selector: Callable[[ListItem], bool] | None = None

    kind = "actions"
    action_type = "DELETE_BY_SELECTION"


ImportDefinition = ModuleImport | ListImport
Runnable = ExportDefinition | ModuleImport | ListImport | DeleteAction


@dataclass
class ProcessDefinition:
    id: str
    name: str
    actions: list[Runnable]

    kind = "processes"
    action_type = "PROCESS"


Definition = Runnable | ProcessDefinition
