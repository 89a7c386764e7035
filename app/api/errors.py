"""Translates application errors into HTTP answers (the CLI maps the same ones to exit codes)."""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from app.connections import ConnectionNotFound, UsernameTaken
from app.errors import Forbidden, InvalidInput, NotFound, Refused
from domain.connections import InvalidSettings
from domain.errors import ConcurrencyError, RetryableError
from domain.mapping import BadMappingFile
from domain.period import BadPeriod

STATUS: dict[type[Exception], int] = {
    NotFound: status.HTTP_404_NOT_FOUND,
    ConnectionNotFound: status.HTTP_404_NOT_FOUND,
    Forbidden: status.HTTP_403_FORBIDDEN,
    Refused: status.HTTP_409_CONFLICT,
    UsernameTaken: status.HTTP_409_CONFLICT,
    ConcurrencyError: status.HTTP_409_CONFLICT,
    InvalidInput: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidSettings: status.HTTP_422_UNPROCESSABLE_CONTENT,
    BadPeriod: status.HTTP_422_UNPROCESSABLE_CONTENT,
    BadMappingFile: status.HTTP_422_UNPROCESSABLE_CONTENT,
    RetryableError: status.HTTP_503_SERVICE_UNAVAILABLE,
}


async def _answer(request: Request, exc: Exception) -> JSONResponse:
    body: dict[str, object] = {"detail": str(exc)}
    headers = {}
    if isinstance(exc, BadMappingFile):
        body["problems"] = list(exc.problems)
    if isinstance(exc, RetryableError):
        body["detail"] = "the database is unavailable; retry later"
        headers["Retry-After"] = "5"
    code = next(STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS)
    return JSONResponse(body, status_code=code, headers=headers)


def install(app: FastAPI) -> None:
    for error in STATUS:
        app.add_exception_handler(error, _answer)
