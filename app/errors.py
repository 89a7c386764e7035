"""Outcomes of operator requests, classified once for the API (HTTP status) and the CLI
(exit code)."""

from __future__ import annotations

from enum import StrEnum

from app.connections import ConnectionNotFound, UsernameTaken
from domain.connections import InvalidSettings
from domain.errors import ConcurrencyError, DomainError, RetryableError
from domain.mapping import BadMappingFile
from domain.period import BadPeriod


class NotFound(DomainError):
    """No such object, or one the caller's tenant may not see (the two are not told apart)."""


class Refused(DomainError):
    """The request is well-formed but the current state refuses it (e.g. a disabled connection)."""


class InvalidInput(DomainError):
    """The request's content is wrong (a bad period range, an unknown projection...)."""


class Forbidden(DomainError):
    """The caller's token may not do this at all (e.g. a tenant token asking for every tenant)."""


class Outcome(StrEnum):
    NOT_FOUND = "not found"
    FORBIDDEN = "forbidden"
    REFUSED = "refused"
    INVALID = "invalid"
    UNAVAILABLE = "unavailable"


OUTCOMES: dict[type[Exception], Outcome] = {
    NotFound: Outcome.NOT_FOUND,
    ConnectionNotFound: Outcome.NOT_FOUND,
    Forbidden: Outcome.FORBIDDEN,
    Refused: Outcome.REFUSED,
    UsernameTaken: Outcome.REFUSED,
    ConcurrencyError: Outcome.REFUSED,
    InvalidInput: Outcome.INVALID,
    InvalidSettings: Outcome.INVALID,
    BadPeriod: Outcome.INVALID,
    BadMappingFile: Outcome.INVALID,
    RetryableError: Outcome.UNAVAILABLE,
}


def outcome(exc: Exception) -> Outcome | None:
    """How an error is reported to an operator; None: a bug, reported as a failure."""
    return next((OUTCOMES[cls] for cls in type(exc).__mro__ if cls in OUTCOMES), None)
