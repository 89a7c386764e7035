"""What discovery returns: the model's workspaces, actions, files and lists as frozen values.

Anaplan adds fields and enum values over time; unknown ones are kept as text, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ID_KINDS = {"112": "imports", "116": "exports", "117": "actions", "118": "processes"}


def action_kind(object_id: str) -> str | None:
    """Anaplan's object ids say what they are by their first three digits."""
    return ID_KINDS.get(object_id[:3]) if looks_like_id(object_id) else None


def looks_like_id(text: str) -> bool:
    return len(text) == 12 and text.isdigit()


@dataclass(frozen=True, slots=True)
class Workspace:
    id: str
    name: str
    active: bool

    @classmethod
    def of(cls, data: dict[str, Any]) -> Workspace:
        return cls(str(data["id"]), data.get("name", ""), bool(data.get("active", True)))


@dataclass(frozen=True, slots=True)
class ModelInfo:
    id: str
    name: str
    workspace_id: str
    active_state: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> ModelInfo:
        return cls(
            str(data["id"]),
            data.get("name", ""),
            data.get("currentWorkspaceId", ""),
            data.get("activeState", ""),
        )


@dataclass(frozen=True, slots=True)
class Named:
    """An export, import, process, other action, list or module: id, name and a type."""

    id: str
    name: str
    type: str = ""
    data_source_id: str | None = None  # imports: the file to upload to

    @classmethod
    def of(cls, data: dict[str, Any]) -> Named:
        kind = data.get("exportType") or data.get("importType") or data.get("actionType") or ""
        source = data.get("importDataSourceId")
        return cls(str(data["id"]), data.get("name", ""), kind, source and str(source))


@dataclass(frozen=True, slots=True)
class TextFormat:
    """How a file's text is written: separator, quote character, encoding, header rows."""

    separator: str = ","
    delimiter: str = '"'
    encoding: str = "UTF-8"
    header_row: int = 1
    first_data_row: int = 2


@dataclass(frozen=True, slots=True)
class FileInfo:
    id: str
    name: str
    chunk_count: int
    format: TextFormat

    @classmethod
    def of(cls, data: dict[str, Any]) -> FileInfo:
        text = TextFormat(
            data.get("separator") or ",",
            data.get("delimiter") or '"',
            data.get("encoding") or "UTF-8",
            int(data.get("headerRow", 1)),
            int(data.get("firstDataRow", 2)),
        )
        return cls(str(data["id"]), data.get("name", ""), int(data.get("chunkCount", 0)), text)


@dataclass(frozen=True, slots=True)
class ExportMetadata:
    headers: tuple[str, ...]
    data_types: tuple[str, ...]
    list_names: tuple[str, ...]
    export_format: str
    layout: str
    row_count: int | None
    format: TextFormat

    @classmethod
    def of(cls, data: dict[str, Any]) -> ExportMetadata:
        text = TextFormat(
            data.get("separator") or ",",
            data.get("delimiter") or '"',
            data.get("encoding") or "UTF-8",
        )
        return cls(
            tuple(data.get("headerNames", ())),
            tuple(data.get("dataTypes", ())),
            tuple(data.get("listNames", ())),
            data.get("exportFormat", ""),
            data.get("layout") or data.get("exportType") or "",
            data.get("rowCount"),
            text,
        )


@dataclass(frozen=True, slots=True)
class ImportMetadata:
    name: str
    type: str
    headers: tuple[str, ...]
    decimal_separator: str
    format: TextFormat

    @classmethod
    def of(cls, data: dict[str, Any]) -> ImportMetadata:
        source = data.get("source") or {}
        text = TextFormat(
            source.get("columnSeparator") or ",",
            source.get("textDelimiter") or '"',
            source.get("textEncoding") or "UTF-8",
            int(source.get("headerRow", 1)),
            int(source.get("firstDataRow", 2)),
        )
        return cls(
            data.get("name", ""),
            data.get("type", ""),
            tuple(source.get("headerNames", ())),
            source.get("decimalSeparator") or ".",
            text,
        )


@dataclass(frozen=True, slots=True)
class ProcessMetadata:
    name: str
    actions: tuple[Named, ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> ProcessMetadata:
        return cls(data.get("name", ""), tuple(Named.of(a) for a in data.get("actions", ())))


@dataclass(frozen=True, slots=True)
class ListMember:
    id: str
    name: str
    code: str | None
    parent: str | None
    properties: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> ListMember:
        properties = tuple(sorted((str(k), str(v)) for k, v in data.get("properties", {}).items()))
        return cls(str(data["id"]), data["name"], data.get("code"), data.get("parent"), properties)
