"""Outcomes of operator requests that both the API and the CLI translate (404/3, 409/4...)."""

from __future__ import annotations

from domain.errors import DomainError


class NotFound(DomainError):
    """No such object, or one the caller's tenant may not see (the two are not told apart)."""


class Refused(DomainError):
    """The request is well-formed but the current state refuses it (e.g. a disabled connection)."""


class InvalidInput(DomainError):
    """The request's content is wrong (a bad period range, an unknown projection...)."""


class Forbidden(DomainError):
    """The caller's token may not do this at all (e.g. a tenant token asking for every tenant)."""
