"""Task endpoints for imports, exports, processes and actions, plus import failure dumps."""

import json

from aiohttp import web

from .config import QUEUE
from .envelope import ApiError, ok, page
from .files import chunk_index, chunk_list, stream_content
from .filestore import StoredContent
from .routing import add_model_route, found, model_of, state_of, user_of
from .tasks import NOT_STARTED, TERMINAL, ModelBusy, Task

KINDS = ("imports", "exports", "processes", "actions")
TEXT_CSV = "text/plain;charset=UTF-8"


def _parent(request: web.Request) -> tuple[str, str]:
    return request.match_info["kind"], request.match_info["objectId"]


async def start(request: web.Request) -> web.Response:
    model = model_of(request)
    kind, object_id = _parent(request)
    definition = model.definition(kind, object_id)
    if definition is None:
        raise ApiError(404)
    await _check_locale(request)
    state = state_of(request)
    task = state.new_task(model, definition, user_of(request))
    policy = state.config.busy_policy
    try:
        state.runtime(model).queue.submit(task, refuse_when_busy=policy != QUEUE)
    except ModelBusy as busy:
        del state.runtime(model).tasks[task.task_id]
        raise ApiError(int(policy), "The model is busy with another task") from busy
    return ok(request, "task", task.summary(), "task", model.id)


async def _check_locale(request: web.Request) -> None:
    raw = await request.read()
    try:
        locale = json.loads(raw).get("localeName", "en_US") if raw else "en_US"
    except (ValueError, AttributeError) as bad:
        raise ApiError(400, 'Body must be JSON like {"localeName": "en_US"}') from bad
    if locale != "en_US":
        raise ApiError(400, "en_US is the only supported localeName")


async def list_tasks(request: web.Request) -> web.Response:
    """An unknown parent answers 200 with no tasks, as the live service does."""
    model = model_of(request)
    kind, object_id = _parent(request)
    tasks = sorted(
        state_of(request).runtime(model).tasks_of(kind, object_id),
        key=lambda task: task.creation_time,
    )
    return page(request, "tasks", [task.summary() for task in tasks], "task", model.id)


def _task(request: web.Request) -> Task:
    model = model_of(request)
    kind, object_id = _parent(request)
    task = state_of(request).runtime(model).tasks.get(request.match_info["taskId"])
    if task is None or task.kind != kind or task.object_id != object_id:
        raise ApiError(404)
    return task


async def get_task(request: web.Request) -> web.Response:
    task = _task(request)
    await task.observe_poll()
    return ok(request, "task", task.to_json(), "task", model_of(request).id)


async def cancel_task(request: web.Request) -> web.Response:
    task = _task(request)
    model = model_of(request)
    if task.state not in TERMINAL and not task.cancel_requested:
        _cancel(request, task)
    return ok(request, "task", task.to_json(), "task", model.id)


def _cancel(request: web.Request, task: Task) -> None:
    queue = state_of(request).runtime(model_of(request)).queue
    task.cancel(user_of(request).email)
    if task.state == NOT_STARTED and queue.withdraw(task):
        task.mark_cancelled()


def _dump(request: web.Request, key: tuple[str, ...]) -> StoredContent:
    return found(state_of(request).dumps.get(key, request.match_info["taskId"]))


def _import_dump(request: web.Request) -> StoredContent:
    model_of(request)
    return _dump(request, ("imports", request.match_info["importId"]))


def _process_dump(request: web.Request) -> StoredContent:
    model_of(request)
    key = ("processes", request.match_info["processId"], request.match_info["objectId"])
    return _dump(request, key)


async def import_dump(request: web.Request) -> web.StreamResponse:
    return await stream_content(request, _import_dump(request), TEXT_CSV)


async def import_dump_chunks(request: web.Request) -> web.Response:
    return page(request, "chunks", chunk_list(_import_dump(request)), "chunk", model_of(request).id)


async def import_dump_chunk(request: web.Request) -> web.Response:
    content = _import_dump(request)
    return web.Response(
        body=content.read_chunk(chunk_index(request, content)), headers={"Content-Type": TEXT_CSV}
    )


async def process_dump(request: web.Request) -> web.StreamResponse:
    return await stream_content(request, _process_dump(request), TEXT_CSV)


async def process_dump_chunks(request: web.Request) -> web.Response:
    return page(
        request, "chunks", chunk_list(_process_dump(request)), "chunk", model_of(request).id
    )


async def process_dump_chunk(request: web.Request) -> web.Response:
    content = _process_dump(request)
    return web.Response(
        body=content.read_chunk(chunk_index(request, content)), headers={"Content-Type": TEXT_CSV}
    )


def add_routes(app: web.Application) -> None:
    kinds = "{kind:" + "|".join(KINDS) + "}"
    base = f"/{kinds}/{{objectId}}/tasks"
    add_model_route(app, "POST", base, start)
    add_model_route(app, "GET", base, list_tasks)
    add_model_route(app, "GET", base + "/{taskId}", get_task)
    add_model_route(app, "DELETE", base + "/{taskId}", cancel_task)
    dump = "/imports/{importId}/tasks/{taskId}/dump"
    add_model_route(app, "GET", dump, import_dump)
    add_model_route(app, "GET", dump + "/chunks", import_dump_chunks)
    add_model_route(app, "GET", dump + "/chunks/{chunkId}", import_dump_chunk)
    dumps = "/processes/{processId}/tasks/{taskId}/dumps/{objectId}"
    add_model_route(app, "GET", dumps, process_dump)
    add_model_route(app, "GET", dumps + "/chunks", process_dump_chunks)
    add_model_route(app, "GET", dumps + "/chunks/{chunkId}", process_dump_chunk)
