"""The Integration API's JSON envelope, paging and error bodies (integration-api-v2.md §2)."""

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from .state import STATE

DEFAULT_PAGE = 5000
MAX_PAGE = 5000

REASONS = {
    200: "Success",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    423: "Locked",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """Raised by handlers; the pipeline answers with the error envelope."""

    def __init__(
        self, code: int, message: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message or REASONS.get(code, "Error"))
        self.code = code
        self.message = message or REASONS.get(code, "Error")
        self.headers = dict(headers or {})


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.Response(
        text=json.dumps(body), status=status, content_type="application/json", headers=headers
    )


def api_base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}/2/0"


def schema_url(request: web.Request, kind: str, model_id: str | None = None) -> str:
    scope = f"/models/{model_id}" if model_id else ""
    return f"{api_base(request)}{scope}/objects/{kind}"


def envelope(request: web.Request, kind: str, model_id: str | None = None) -> dict[str, Any]:
    return {
        "meta": {"schema": schema_url(request, kind, model_id)},
        "status": {"code": 200, "message": "Success"},
    }


def ok(
    request: web.Request, key: str, payload: object, kind: str, model_id: str | None = None
) -> web.Response:
    return json_response(envelope(request, kind, model_id) | {key: payload})


def error_body(request: web.Request, code: int, message: str) -> dict[str, Any]:
    stamp = datetime.fromtimestamp(_now(request), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return {
        "status": {"code": code, "message": message},
        "path": request.path,
        "timestamp": f"{stamp}000Z",
    }


def _now(request: web.Request) -> float:
    return request.app[STATE].clock.now()


def error(request: web.Request, failure: ApiError) -> web.Response:
    return json_response(
        error_body(request, failure.code, failure.message), failure.code, failure.headers
    )


def page(
    request: web.Request,
    key: str,
    items: Sequence[dict[str, Any]],
    kind: str,
    model_id: str | None = None,
) -> web.Response:
    """A list endpoint: sort, then cut one page; an empty page omits the payload key."""
    ordered = sort_items(items, request.query.get("sort"))
    limit, offset = _limit(request), _int(request.query.get("offset"), 0)
    chunk = ordered[offset : offset + limit]
    body = envelope(request, kind, model_id)
    body["meta"]["paging"] = _paging(request, len(chunk), len(ordered), limit, offset)
    if chunk:
        body[key] = chunk
    return json_response(body)


def _paging(request: web.Request, size: int, total: int, limit: int, offset: int) -> dict[str, Any]:
    paging: dict[str, Any] = {"currentPageSize": size, "offset": offset, "totalSize": total}
    if offset + limit < total:
        paging["next"] = str(request.url.update_query(limit=limit, offset=offset + limit))
    if offset > 0:
        paging["previous"] = str(
            request.url.update_query(limit=limit, offset=max(offset - limit, 0))
        )
    return paging


def _limit(request: web.Request) -> int:
    return min(max(_int(request.query.get("limit"), DEFAULT_PAGE), 1), MAX_PAGE)


def _int(text: str | None, default: int) -> int:
    try:
        return max(int(text), 0) if text is not None else default
    except ValueError:
        return default


def sort_items(items: Sequence[dict[str, Any]], sort: str | None) -> list[dict[str, Any]]:
    """`sort=+name|-name|id|-creationTime`; unknown fields leave the order alone, as live."""
    if not sort:
        return list(items)
    field = sort.lstrip("+- ")
    if not all(field in item for item in items):
        return list(items)
    return sorted(items, key=lambda item: item[field], reverse=sort.startswith("-"))
