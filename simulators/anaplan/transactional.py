"""Transactional writes: list items add/update/delete and module cell writes (§10)."""

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from aiohttp import web

from .envelope import ApiError, envelope, json_response
from .lists import ListDimension, ListItem
from .modules import Module
from .routing import add_model_route, found, model_of

MAX_ITEMS = 100_000
MAX_CELLS = 100_000


async def _json(request: web.Request) -> Any:
    try:
        return json.loads(await request.read())
    except ValueError as bad:
        raise ApiError(400, "Body must be JSON") from bad


async def _items(request: web.Request) -> tuple[ListDimension, list[dict[str, Any]]]:
    dimension = found(model_of(request).lists.get(request.match_info["listId"]))
    body = await _json(request)
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise ApiError(400, f"Body must hold an items list of at most {MAX_ITEMS} entries")
    return dimension, items


def _failure(index: int, kind: str, details: str) -> dict[str, Any]:
    return {"requestIndex": index, "failureType": kind, "failureMessageDetails": details}


def _counted(
    request: web.Request, key: str, done: int, total: int, failures: list[dict[str, Any]]
) -> web.Response:
    body = envelope(request, "list") | {
        key: done,
        "ignored": total - done,
        "total": total,
        "failures": failures,
    }
    return json_response(body)


async def post_items(request: web.Request) -> web.Response:
    action = request.query.get("action")
    if action == "add":
        return await add_items(request)
    if action == "delete":
        return await delete_items(request)
    raise ApiError(400, "action must be add or delete")


async def add_items(request: web.Request) -> web.Response:
    dimension, items = await _items(request)
    failures = [f for index, item in enumerate(items) if (f := _add(dimension, index, item))]
    return _counted(request, "added", len(items) - len(failures), len(items), failures)


def _add(dimension: ListDimension, index: int, item: dict[str, Any]) -> dict[str, Any] | None:
    name, code = item.get("name"), item.get("code")
    if not name:
        return _failure(index, "INCOMPLETE_DATA", "name is required")
    if dimension.by_name(name) or (code and dimension.by_code(code)):
        return _failure(index, "DUPLICATE_ITEM", f"{name} already exists")
    dimension.add(name, code, item.get("parent"), _properties(item))
    return None


def _properties(item: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (item.get("properties") or {}).items()}


async def update_items(request: web.Request) -> web.Response:
    dimension, items = await _items(request)
    failures = [f for index, item in enumerate(items) if (f := _update(dimension, index, item))]
    return _counted(request, "updated", len(items) - len(failures), len(items), failures)


def _find(dimension: ListDimension, item: dict[str, Any]) -> ListItem | None:
    if item.get("id"):
        return dimension.by_id(str(item["id"]))
    if item.get("code"):
        return dimension.by_code(str(item["code"]))
    return dimension.by_name(str(item.get("name", "")))


def _update(dimension: ListDimension, index: int, item: dict[str, Any]) -> dict[str, Any] | None:
    found_item = _find(dimension, item)
    if found_item is None:
        return _failure(index, "ITEM_NOT_FOUND", "No item matches the identifier")
    if item.get("name") and item["name"] != found_item.name:
        dimension.rename(found_item, item["name"])
    if "parent" in item:
        found_item.parent = item["parent"] or None
    found_item.properties.update(_properties(item))
    return None


async def delete_items(request: web.Request) -> web.Response:
    dimension, items = await _items(request)
    failures: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        target = _find(dimension, item)
        if target is None:
            failures.append(_failure(index, "ITEM_NOT_FOUND", "No item matches the identifier"))
            continue
        dimension.remove(target)
    deleted = len(items) - len(failures)
    return json_response(envelope(request, "list") | {"deleted": deleted, "failures": failures})


async def write_cells(request: web.Request) -> web.Response:
    """POST …/modules/{moduleId}/data: partial success, bare {numberOfCellsChanged, failures}."""
    module = found(model_of(request).modules.get(request.match_info["moduleId"]))
    cells = await _json(request)
    if not isinstance(cells, list) or len(cells) > MAX_CELLS:
        raise ApiError(400, f"Body must be a list of at most {MAX_CELLS} cells")
    failures = [f for index, cell in enumerate(cells) if (f := _write(module, index, cell))]
    return json_response({"numberOfCellsChanged": len(cells) - len(failures), "failures": failures})


def _write(module: Module, index: int, cell: dict[str, Any]) -> dict[str, Any] | None:
    try:
        coords = _coordinates(module, cell)
        module.set_value(coords, Decimal(str(cell["value"])))
    except (KeyError, InvalidOperation, TypeError, ValueError) as bad:
        return _failure(index, "INVALID_CELL", str(bad))
    return None


def _coordinates(module: Module, cell: dict[str, Any]) -> dict[str, str]:
    line_item = _line_item_name(module, cell)
    coords = {"Line Items": line_item}
    for dimension in cell.get("dimensions", []):
        axis = _axis_name(module, dimension)
        coords[axis] = _item_text(module, axis, dimension)
    return coords


def _line_item_name(module: Module, cell: dict[str, Any]) -> str:
    if "lineItemName" in cell:
        return str(cell["lineItemName"])
    wanted = str(cell.get("lineItemId"))
    return _named(next((i.name for i in module.line_items if i.id == wanted), None), wanted)


def _axis_name(module: Module, dimension: dict[str, Any]) -> str:
    if "dimensionName" in dimension:
        return str(dimension["dimensionName"])
    wanted = str(dimension.get("dimensionId"))
    return _named(next((a.name for a in module.axes if a.dimension_id == wanted), None), wanted)


def _named(name: str | None, wanted: str) -> str:
    if name is None:
        raise KeyError(f"Unknown id {wanted}")
    return name


def _item_text(module: Module, axis: str, dimension: dict[str, Any]) -> str:
    for key in ("itemName", "itemCode"):
        if key in dimension:
            return str(dimension[key])
    return _item_by_id(module, axis, str(dimension.get("itemId")))


def _item_by_id(module: Module, axis: str, item_id: str) -> str:
    dimension = module.list_dimension(axis)
    item = dimension.by_id(item_id) if dimension else None
    if item is None:
        raise KeyError(f"No item {item_id} in {axis}")
    return item.name


def add_routes(app: web.Application) -> None:
    add_model_route(app, "POST", "/lists/{listId}/items", post_items)
    add_model_route(app, "PUT", "/lists/{listId}/items", update_items)
    add_model_route(app, "POST", "/modules/{moduleId}/data", write_cells)
