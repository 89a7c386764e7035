"""The connections read model: current settings and status of every connection."""

from __future__ import annotations

from collections.abc import Iterable

from domain.codec import to_json
from domain.envelope import RecordedEvent
from domain.events import (
    ConnectionCreated,
    ConnectionDisabled,
    ConnectionEnabled,
    ConnectionUpdated,
)
from projections.base import Sql

_UPSERT = (
    "INSERT INTO {connections} (connection_id, tenant_id, name, qbwc_username, enabled, "
    "settings, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, true, $5::jsonb, $6, $7, $7) "
    "ON CONFLICT (connection_id) DO UPDATE SET tenant_id = excluded.tenant_id, "
    "name = excluded.name, qbwc_username = excluded.qbwc_username, enabled = true, "
    "settings = excluded.settings, version = excluded.version, updated_at = excluded.updated_at"
)
_UPDATE = (
    "UPDATE {connections} SET name = $2, qbwc_username = $3, settings = $4::jsonb, version = $5, "
    "updated_at = $6 WHERE connection_id = $1"
)
_ENABLED = (
    "UPDATE {connections} SET enabled = $2, version = $3, updated_at = $4 WHERE connection_id = $1"
)


class ConnectionsProjection:
    name = "connections"
    tables: tuple[str, ...] = ("connections",)

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        e, at = event.event, event.recorded_at
        match e:
            case ConnectionCreated(connection_id=cid, tenant_id=tenant, settings=s):
                args = (
                    cid,
                    tenant,
                    s.name,
                    s.quickbooks.qbwc_username,
                    to_json(e.to_data()["settings"]),
                )
                yield Sql(_UPSERT, (*args, event.version, at))
            case ConnectionUpdated(connection_id=cid, settings=s):
                settings = to_json(e.to_data()["settings"])
                yield Sql(
                    _UPDATE, (cid, s.name, s.quickbooks.qbwc_username, settings, event.version, at)
                )
            case ConnectionDisabled(connection_id=cid):
                yield Sql(_ENABLED, (cid, False, event.version, at))
            case ConnectionEnabled(connection_id=cid):
                yield Sql(_ENABLED, (cid, True, event.version, at))
