"""Out-of-process control under /_sim: counters, knobs, faults, clock, locks, cell reads.
Never authenticated, throttled or faulted, so a test can always reach it."""

import json
from dataclasses import fields
from typing import Any

from aiohttp import web

from .envelope import ApiError, json_response
from .faults import FaultRule
from .model import Model
from .numbers import format_number
from .routing import found, state_of
from .tasks import ForeignTask, TaskTiming

PREFIX = "/_sim"


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw else {}
    except ValueError as bad:
        raise web.HTTPBadRequest(text="body must be JSON") from bad
    return body if isinstance(body, dict) else {}


def _model(request: web.Request) -> Model:
    return found(state_of(request).tenant.model(request.match_info["modelId"]))


async def counters(request: web.Request) -> web.Response:
    return json_response(state_of(request).counters.snapshot())


async def reset_counters(request: web.Request) -> web.Response:
    state_of(request).counters.reset()
    return web.Response(status=204)


def config_json(request: web.Request) -> dict[str, Any]:
    config = state_of(request).config
    body = {f.name: getattr(config, f.name) for f in fields(config)}
    body["task_timing"] = vars(config.task_timing)
    body["task_timing_by_object"] = {k: vars(v) for k, v in config.task_timing_by_object.items()}
    return body


async def get_config(request: web.Request) -> web.Response:
    return json_response(config_json(request))


async def patch_config(request: web.Request) -> web.Response:
    """Sets any SimConfig field; timings are given as {"seconds": s, "polls": n}."""
    config = state_of(request).config
    for name, value in (await _body(request)).items():
        if not hasattr(config, name):
            raise web.HTTPBadRequest(text=f"unknown setting {name}")
        setattr(config, name, _setting(name, value))
    return json_response(config_json(request))


def _setting(name: str, value: Any) -> Any:
    if name == "task_timing":
        return TaskTiming(**value)
    if name == "task_timing_by_object":
        return {key: TaskTiming(**timing) for key, timing in value.items()}
    return value


async def add_fault(request: web.Request) -> web.Response:
    rule = state_of(request).faults.add(FaultRule.from_json(await _body(request)))
    return json_response(rule.to_json(), 201)


async def list_faults(request: web.Request) -> web.Response:
    return json_response([rule.to_json() for rule in state_of(request).faults.rules])


async def clear_faults(request: web.Request) -> web.Response:
    state_of(request).faults.clear()
    return web.Response(status=204)


async def fail_task(request: web.Request) -> web.Response:
    body = await _body(request)
    state_of(request).faults.fail_task(str(body["objectId"]), str(body["message"]))
    return web.Response(status=204)


async def advance_clock(request: web.Request) -> web.Response:
    state = state_of(request)
    state.clock.advance(float((await _body(request)).get("seconds", 0)))
    return json_response({"now": state.clock.now()})


async def expire_tokens(request: web.Request) -> web.Response:
    return json_response({"expired": state_of(request).tokens.expire_all()})


async def issue_token(request: web.Request) -> web.Response:
    state = state_of(request)
    user = found(state.tenant.users.get(str((await _body(request)).get("email"))))
    token = state.tokens.issue(user, state.config.token_lifetime)
    return json_response(token.info(), 201)


async def lock_model(request: web.Request) -> web.Response:
    """A foreign task (another user's import) holds the model until unlocked."""
    state = state_of(request)
    body = await _body(request)
    foreign = ForeignTask(str(body.get("taskId", "F" * 32)), str(body.get("tooltip", "")))
    state.runtime(_model(request)).queue.set_foreign(foreign)
    return web.Response(status=204)


async def unlock_model(request: web.Request) -> web.Response:
    state_of(request).runtime(_model(request)).queue.set_foreign(None)
    return web.Response(status=204)


async def cells(request: web.Request) -> web.Response:
    module = found(_model(request).modules.get(request.match_info["moduleId"]))
    names = module.axis_names
    rows = [
        {"coordinates": dict(zip(names, key, strict=True)), "value": format_number(value)}
        for key, value in module.snapshot().items()
    ]
    return json_response(rows)


async def approve_device(request: web.Request) -> web.Response:
    state = state_of(request)
    body = await _body(request)
    user = found(state.tenant.users.get(str(body.get("email"))))
    try:
        state.oauth.approve_device(str(body.get("userCode")), user)
    except StopIteration as unknown:
        raise ApiError(404) from unknown
    return web.Response(status=204)


async def tenant(request: web.Request) -> web.Response:
    return json_response(describe(state_of(request)))


def describe(state: Any) -> dict[str, Any]:
    """Ids of everything seeded, for the sandbox and out-of-process tests."""
    return {
        "workspaces": [
            {
                "id": ws.id,
                "name": ws.name,
                "models": [_describe_model(m) for m in ws.models.values()],
            }
            for ws in state.tenant.workspaces.values()
        ]
    }


def _describe_model(model: Model) -> dict[str, Any]:
    def ids(registry: dict[str, Any]) -> dict[str, str]:
        return {item.name: item_id for item_id, item in registry.items()}

    return {
        "id": model.id,
        "name": model.name,
        "lists": ids(model.lists),
        "modules": ids(model.modules),
        "exports": ids(model.exports),
        "imports": {i.name: {"id": i.id, "fileId": i.file.id} for i in model.imports.values()},
        "processes": ids(model.processes),
        "actions": ids(model.actions),
    }


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_get(PREFIX + "/counters", counters)
    router.add_post(PREFIX + "/counters/reset", reset_counters)
    router.add_get(PREFIX + "/config", get_config)
    router.add_patch(PREFIX + "/config", patch_config)
    router.add_get(PREFIX + "/faults", list_faults)
    router.add_post(PREFIX + "/faults", add_fault)
    router.add_delete(PREFIX + "/faults", clear_faults)
    router.add_post(PREFIX + "/faults/task", fail_task)
    router.add_post(PREFIX + "/clock/advance", advance_clock)
    router.add_post(PREFIX + "/tokens", issue_token)
    router.add_post(PREFIX + "/tokens/expire", expire_tokens)
    router.add_post(PREFIX + "/models/{modelId}/lock", lock_model)
    router.add_delete(PREFIX + "/models/{modelId}/lock", unlock_model)
    router.add_get(PREFIX + "/models/{modelId}/modules/{moduleId}/cells", cells)
    router.add_post(PREFIX + "/oauth/device/approve", approve_device)
    router.add_get(PREFIX + "/tenant", tenant)
