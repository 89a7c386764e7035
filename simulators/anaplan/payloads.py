"""JSON shapes of the discovery objects, as the references record them."""

from typing import Any

from .definitions import (
    DeleteAction,
    ExportDefinition,
    ListImport,
    ModuleImport,
    ProcessDefinition,
    Runnable,
)
from .lists import ListDimension, ListItem
from .model import Model
from .modules import LineItem, Module
from .tenant import User, Workspace

MODEL_URL = "https://us1a.app.anaplan.com/core?selectedWorkspaceId={w}&selectedModelId={m}"
ISO = "%Y-%m-%dT%H:%M:%S.000+0000"


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.guid,
        "active": True,
        "email": user.email,
        "emailOptIn": False,
        "firstName": user.first_name,
        "lastName": user.last_name,
    }


def workspace_json(workspace: Workspace, tenant_details: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": workspace.id,
        "name": workspace.name,
        "active": workspace.active,
        "sizeAllowance": workspace.size_allowance,
    }
    if tenant_details:
        body["currentSize"] = sum(len(m.modules) for m in workspace.models.values()) * 1_048_576
    return body


def model_json(model: Model, details: bool) -> dict[str, Any]:
    workspace = model.workspace
    body: dict[str, Any] = {
        "id": model.id,
        "name": model.name,
        "activeState": model.active_state,
        "currentWorkspaceId": workspace.id,
        "currentWorkspaceName": workspace.name,
        "modelUrl": MODEL_URL.format(w=workspace.id, m=model.id),
        "categoryValues": [],
    }
    if details:
        body |= _model_details(model)
    return body


def _model_details(model: Model) -> dict[str, Any]:
    stamp = model.created.strftime(ISO)
    return {
        "isoCreationDate": stamp,
        "lastModified": stamp,
        "lastModifiedByUserGuid": "0" * 32,
        "lastSavedSerialNumber": 2_000_000,
        "memoryUsage": 1_048_576 * max(len(model.modules), 1),
    }


def export_json(export: ExportDefinition) -> dict[str, Any]:
    return {
        "id": export.id,
        "name": export.name,
        "exportType": export.layout,
        "exportFormat": export.export_format,
        "encoding": export.encoding,
        "layout": export.layout,
    }


def import_json(definition: ModuleImport | ListImport) -> dict[str, Any]:
    return {
        "id": definition.id,
        "name": definition.name,
        "importDataSourceId": definition.file.id,
        "importType": definition.import_type,
    }


def import_metadata(definition: ModuleImport | ListImport) -> dict[str, Any]:
    source = definition.source
    return {
        "name": definition.name,
        "type": "FILE",
        "source": {
            "textEncoding": source.encoding,
            "columnSeparator": source.separator,
            "textDelimiter": source.delimiter,
            "headerRow": source.header_row,
            "firstDataRow": source.first_data_row,
            "decimalSeparator": source.decimal_separator,
            "headerNames": list(source.headers),
            "columnCount": len(source.headers),
        },
    }


def named(definition: ProcessDefinition | DeleteAction | Module | ListDimension) -> dict[str, Any]:
    return {"id": definition.id, "name": definition.name}


def action_json(action: DeleteAction) -> dict[str, Any]:
    return named(action) | {"actionType": action.action_type}


def process_metadata(process: ProcessDefinition, show_source: bool) -> dict[str, Any]:
    return {
        "name": process.name,
        "actions": [_process_action(action, show_source) for action in process.actions],
    }


def _process_action(action: Runnable, show_source: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"id": action.id, "name": action.name, "actionType": action.action_type}
    if isinstance(action, ModuleImport | ListImport):
        body |= {"importDataSourceId": action.file.id, "importType": action.import_type}
        if show_source:
            body["importDataSource"] = {"importDataSourceId": action.file.id, "type": "FILE"}
    elif isinstance(action, ExportDefinition):
        body |= {
            "exportType": action.layout,
            "exportFormat": action.export_format,
            "layout": action.layout,
        }
    return body


def list_metadata(dimension: ListDimension) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": dimension.id,
        "name": dimension.name,
        "properties": [
            {"name": name, "format": "TEXT", "notes": "", "referencedBy": ""}
            for name in dimension.properties
        ],
        "hasSelectiveAccess": False,
        "managedBy": "",
        "numberedList": dimension.numbered,
        "useTopLevelAsPageDefault": False,
        "itemCount": len(dimension),
        "workflowEnabled": False,
        "productionData": False,
        "permittedItems": 999_999_999 - len(dimension),
    }
    if dimension.parent is not None:
        body["parent"] = named(dimension.parent)
    return body


def list_item_json(dimension: ListDimension, item: ListItem, include_all: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"id": item.id, "name": item.name}
    if item.code:
        body["code"] = item.code
    body |= _parent_fields(dimension, item)
    if include_all:
        body |= {"properties": dict(item.properties), "subsets": {}}
    return body


def _parent_fields(dimension: ListDimension, item: ListItem) -> dict[str, Any]:
    parent = dimension.parent.by_name(item.parent) if dimension.parent and item.parent else None
    if parent is None or dimension.parent is None:
        return {}
    return {
        "parent": parent.name,
        "parentId": parent.id,
        "listId": dimension.parent.id,
        "listName": dimension.parent.name,
    }


def line_item_json(item: LineItem, module: Module, include_all: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "moduleId": item.module_id,
        "moduleName": item.module_name,
        "id": item.id,
        "name": item.name,
    }
    if include_all:
        body |= _line_item_details(module)
    return body


def _line_item_details(module: Module) -> dict[str, Any]:
    lists = [axis for axis in module.axes if axis.list_name and axis.list_name != "Versions"]
    return {
        "isSummary": False,
        "startOfSection": False,
        "broughtForward": False,
        "useSwitchover": False,
        "breakback": False,
        "version": {"name": "All", "id": "0"},
        "appliesTo": [{"name": axis.name, "id": axis.dimension_id} for axis in lists],
        "dataTags": [],
        "referencedBy": [],
        "format": "NUMBER",
        "formatMetadata": {
            "dataType": "NUMBER",
            "minimumSignificantDigits": 0,
            "decimalPlaces": -1,
            "negativeNumberNotation": "MINUS_SIGN",
            "unitsType": "NONE",
            "unitsDisplayType": "NONE",
            "zeroFormat": "ZERO",
            "comparisonIncrease": "GOOD",
            "groupingSeparator": "NONE",
            "decimalSeparator": "FULL_STOP",
        },
        "summary": "Sum",
        "timeScale": "Month" if module.calendar else "Not Applicable",
        "timeRange": "Model Calendar",
        "formulaScope": "All Versions",
        "style": "Normal",
        "notes": "",
    }


def version_json(model: Model) -> list[dict[str, Any]]:
    return [
        {
            "id": v.id,
            "name": v.name,
            "isCurrent": False,
            "isActual": v.is_actual,
            "editFrom": {"periodText": "Start of Timescale", "date": "1900-01-01"},
            "editTo": {"periodText": "End of Timescale", "date": "2399-12-31"},
        }
        for v in model.versions
    ]
