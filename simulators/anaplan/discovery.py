"""Read-only discovery endpoints: users, workspaces, models, actions, files, lists, modules."""

from typing import Any

from aiohttp import web

from . import payloads
from .definitions import ListImport, ModuleImport
from .envelope import ApiError, json_response, ok, page
from .exporter import metadata as export_metadata
from .model import Model
from .modules import Module
from .routing import API, add_model_route, flag, found, model_of, state_of, user_of
from .status import model_status


async def me(request: web.Request) -> web.Response:
    return ok(request, "user", payloads.user_json(user_of(request)), "user")


async def workspaces(request: web.Request) -> web.Response:
    details = flag(request, "tenantDetails")
    items = [
        payloads.workspace_json(ws, details) for ws in state_of(request).tenant.workspaces.values()
    ]
    return page(request, "workspaces", items, "workspace")


async def workspace(request: web.Request) -> web.Response:
    ws = found(state_of(request).tenant.workspaces.get(request.match_info["workspaceId"]))
    return ok(
        request,
        "workspace",
        payloads.workspace_json(ws, flag(request, "tenantDetails")),
        "workspace",
    )


async def models(request: web.Request) -> web.Response:
    details = flag(request, "modelDetails")
    items = [payloads.model_json(m, details) for m in state_of(request).tenant.models]
    return page(request, "models", items, "model")


async def workspace_models(request: web.Request) -> web.Response:
    ws = found(state_of(request).tenant.workspaces.get(request.match_info["workspaceId"]))
    details = flag(request, "modelDetails")
    return page(
        request, "models", [payloads.model_json(m, details) for m in ws.models.values()], "model"
    )


async def model(request: web.Request) -> web.Response:
    target = model_of(request)
    body = payloads.model_json(target, flag(request, "modelDetails"))
    if flag(request, "modelDetails"):
        body["modelTransactionRunning"] = state_of(request).runtime(target).queue.busy
    return ok(request, "model", body, "model")


async def status(request: web.Request) -> web.Response:
    """Bare `requestStatus`, no envelope (integration-api-v2.md §5)."""
    target = model_of(request)
    state = state_of(request)
    return json_response(
        {"requestStatus": model_status(target, state.runtime(target), state.clock.now_ms())}
    )


async def open_model(request: web.Request) -> web.Response:
    model_of(request).closed = False
    return web.Response(status=202)


async def close_model(request: web.Request) -> web.Response:
    model_of(request).closed = True
    return web.Response(status=204)


def _scoped(request: web.Request, key: str, items: list[dict[str, Any]], kind: str) -> web.Response:
    return page(request, key, items, kind, model_of(request).id)


async def exports(request: web.Request) -> web.Response:
    items = [payloads.export_json(e) for e in model_of(request).exports.values()]
    return _scoped(request, "exports", items, "export")


async def export(request: web.Request) -> web.Response:
    target = model_of(request)
    definition = found(target.exports.get(request.match_info["exportId"]))
    return ok(request, "exportMetadata", export_metadata(definition), "exportMetadata", target.id)


async def imports(request: web.Request) -> web.Response:
    items = [payloads.import_json(i) for i in model_of(request).imports.values()]
    return _scoped(request, "imports", items, "import")


async def import_(request: web.Request) -> web.Response:
    target = model_of(request)
    definition: ModuleImport | ListImport | None = target.imports.get(
        request.match_info["importId"]
    )
    if definition is None:
        raise ApiError(404)
    return ok(
        request, "importMetadata", payloads.import_metadata(definition), "importMetadata", target.id
    )


async def processes(request: web.Request) -> web.Response:
    items = [payloads.named(p) for p in model_of(request).processes.values()]
    return _scoped(request, "processes", items, "process")


async def process(request: web.Request) -> web.Response:
    target = model_of(request)
    definition = found(target.processes.get(request.match_info["processId"]))
    body = payloads.process_metadata(definition, flag(request, "showImportDataSource"))
    return ok(request, "processMetadata", body, "process", target.id)


async def actions(request: web.Request) -> web.Response:
    items = [payloads.action_json(a) for a in model_of(request).actions.values()]
    return _scoped(request, "actions", items, "action")


async def files(request: web.Request) -> web.Response:
    items = [slot.metadata() for slot in model_of(request).files.values()]
    return _scoped(request, "files", items, "file")


async def lists(request: web.Request) -> web.Response:
    items = [payloads.named(d) for d in model_of(request).lists.values()]
    return _scoped(request, "lists", items, "list")


async def list_metadata(request: web.Request) -> web.Response:
    target = model_of(request)
    dimension = found(target.lists.get(request.match_info["listId"]))
    return ok(request, "metadata", payloads.list_metadata(dimension), "list", target.id)


async def list_items(request: web.Request) -> web.Response:
    dimension = found(model_of(request).lists.get(request.match_info["listId"]))
    include_all = flag(request, "includeAll")
    items = [payloads.list_item_json(dimension, item, include_all) for item in dimension.items]
    return page(request, "listItems", items, "list")


async def modules(request: web.Request) -> web.Response:
    items = [payloads.named(m) for m in model_of(request).modules.values()]
    return _scoped(request, "modules", items, "module")


async def module_line_items(request: web.Request) -> web.Response:
    target = model_of(request)
    module = found(target.modules.get(request.match_info["moduleId"]))
    return _line_items(request, target, [module])


async def line_items(request: web.Request) -> web.Response:
    target = model_of(request)
    return _line_items(request, target, list(target.modules.values()))


def _line_items(request: web.Request, target: Model, chosen: list[Module]) -> web.Response:
    include_all = flag(request, "includeAll")
    items = [
        payloads.line_item_json(item, module, include_all)
        for module in chosen
        for item in module.line_items
    ]
    return page(request, "items", items, "lineItem")


async def versions(request: web.Request) -> web.Response:
    return page(request, "versionMetadata", payloads.version_json(model_of(request)), "version")


async def views(request: web.Request) -> web.Response:
    """Each module's default view, whose id is the module id."""
    items = [
        payloads.named(m) | {"code": "", "moduleId": m.id}
        for m in model_of(request).modules.values()
    ]
    return _scoped(request, "views", items, "view")


def add_routes(app: web.Application) -> None:
    app.router.add_get(API + "/users/me", me)
    app.router.add_get(API + "/workspaces", workspaces)
    app.router.add_get(API + "/workspaces/{workspaceId}", workspace)
    app.router.add_get(API + "/workspaces/{workspaceId}/models", workspace_models)
    app.router.add_get(API + "/models", models)
    for suffix, handler in _MODEL_GETS:
        add_model_route(app, "GET", suffix, handler)
    add_model_route(app, "POST", "/open", open_model)
    add_model_route(app, "POST", "/close", close_model)


_MODEL_GETS = [
    ("", model),
    ("/status", status),
    ("/exports", exports),
    ("/exports/{exportId}", export),
    ("/imports", imports),
    ("/imports/", imports),
    ("/imports/{importId}", import_),
    ("/processes", processes),
    ("/processes/{processId}", process),
    ("/actions", actions),
    ("/files", files),
    ("/lists", lists),
    ("/lists/{listId}", list_metadata),
    ("/lists/{listId}/items", list_items),
    ("/modules", modules),
    ("/modules/{moduleId}/lineItems", module_line_items),
    ("/lineItems", line_items),
    ("/versions", versions),
    ("/views", views),
]
