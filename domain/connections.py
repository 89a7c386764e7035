"""The connection aggregate: its state folded from events, and the decisions about it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import reduce

from domain.connection import ConnectionSettings
from domain.errors import DomainError
from domain.event import Event
from domain.events import (
    ConnectionCreated,
    ConnectionDisabled,
    ConnectionEnabled,
    ConnectionUpdated,
    QbwcUsernameReleased,
    QbwcUsernameReserved,
)


class InvalidSettings(DomainError):
    """Settings a connection cannot run with; the message lists every problem."""


@dataclass(frozen=True, slots=True)
class Connection:
    connection_id: str
    tenant_id: str
    settings: ConnectionSettings
    enabled: bool = True


def connection_stream(connection_id: str) -> str:
    return f"connection-{connection_id}"


def username_stream(username: str) -> str:
    return f"qbwc-user-{username.strip().lower()}"


def evolve(state: Connection | None, event: Event) -> Connection | None:
    match event:
        case ConnectionCreated(connection_id=cid, tenant_id=tenant, settings=settings):
            return Connection(cid, tenant, settings)
        case ConnectionUpdated(settings=settings) if state:
            return replace(state, settings=settings)
        case ConnectionDisabled() if state:
            return replace(state, enabled=False)
        case ConnectionEnabled() if state:
            return replace(state, enabled=True)
    return state


def fold(events: list[Event]) -> Connection | None:
    return reduce(evolve, events, None)


def username_holder(events: list[Event]) -> str | None:
    """The connection currently holding a Web Connector user name, if any."""
    holder = None
    for event in events:
        if isinstance(event, QbwcUsernameReserved):
            holder = event.connection_id
        elif isinstance(event, QbwcUsernameReleased):
            holder = None
    return holder


def validate(settings: ConnectionSettings) -> None:
    problems = list(_problems(settings))
    if problems:
        raise InvalidSettings("; ".join(problems))


def _problems(s: ConnectionSettings) -> list[str]:
    checks = [
        (bool(s.name.strip()), "name is empty"),
        (bool(s.quickbooks.qbwc_username.strip()), "quickbooks.qbwc_username is empty"),
        (s.quickbooks.run_every_minutes >= 1, "quickbooks.run_every_minutes must be >= 1"),
        (
            bool(s.anaplan.workspace_id and s.anaplan.model_id),
            "anaplan workspace and model ids are required",
        ),
        (bool(s.posting.offset_account.strip()), "posting.offset_account is required"),
        (
            1 <= s.posting.max_lines_per_entry <= 10_000,
            "posting.max_lines_per_entry must be 1..10000",
        ),
        (len(s.posting.ref_prefix) <= 3, "posting.ref_prefix must be at most 3 characters"),
        (1 <= s.fiscal_year_start_month <= 12, "fiscal_year_start_month must be 1..12"),
        (
            s.quickbooks.qbxml_version in ("13.0", "16.0"),
            "quickbooks.qbxml_version must be 13.0 or 16.0",
        ),
    ]
    return [message for ok, message in checks if not ok]
