"""Translates application errors into HTTP answers (the CLI maps the same ones to exit codes)."""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.errors import OUTCOMES, Outcome, outcome
from domain.mapping import BadMappingFile

STATUS = {
    Outcome.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    Outcome.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    Outcome.REFUSED: status.HTTP_409_CONFLICT,
    Outcome.INVALID: status.HTTP_422_UNPROCESSABLE_CONTENT,
    Outcome.UNAVAILABLE: status.HTTP_503_SERVICE_UNAVAILABLE,
}


async def _answer(request: Request, exc: Exception) -> JSONResponse:
    kind = outcome(exc)
    assert kind is not None  # handlers are installed for classified errors only
    body: dict[str, object] = {"detail": str(exc)}
    headers = {}
    if isinstance(exc, BadMappingFile):
        body["problems"] = list(exc.problems)
    if kind is Outcome.UNAVAILABLE:
        body["detail"] = "the database is unavailable; retry later"  # never the URL
        headers["Retry-After"] = "5"
    return JSONResponse(body, status_code=STATUS[kind], headers=headers)


async def _unreadable(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 without the `input` it echoes by default: a body that does not
    validate may still carry a secret (a misspelled field of PUT .../credentials)."""
    assert isinstance(exc, RequestValidationError)
    problems = [{k: v for k, v in e.items() if k != "input"} for e in exc.errors()]
    return JSONResponse(
        {"detail": jsonable_encoder(problems)}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT
    )


def install(app: FastAPI) -> None:
    for error in OUTCOMES:
        app.add_exception_handler(error, _answer)
    app.add_exception_handler(RequestValidationError, _unreadable)
