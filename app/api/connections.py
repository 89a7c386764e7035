"""Connections: one QuickBooks company file paired with one Anaplan model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from app.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    AdminCaller,
    OperatorCaller,
    OpsDep,
    ReadCaller,
)
from domain.connection import ConnectionSettings, CredentialKind

router = APIRouter(prefix="/connections", tags=["connections"])

SETTINGS_EXAMPLE: dict[str, Any] = {
    "name": "Acme Consulting",
    "quickbooks": {
        "qbwc_username": "acme-books",
        "file_id": "{57F3B9B6-86F1-4FCC-B1FF-967DE1813D20}",
        "run_every_minutes": 15,
    },
    "anaplan": {
        "auth": "basic",
        "workspace_id": "8a81b09d5e8c6f27015ea4f4a32b0f8f",
        "model_id": "75A40874E6B64FA3AE0743278996850F",
        "username": "integration@acme.example",
    },
    "plan_export": {
        "action": "GL Plan for QuickBooks",
        "layout": "single_column",
        "columns": {
            "account": "GL Account",
            "cost_center": "Cost Center",
            "version": "Versions",
            "period": "Time",
            "amount": "Amount",
        },
        "approved_versions": ["Budget", "Forecast"],
    },
    "actuals_import": {"action": "Load GL Actuals", "data_source": "gl_actuals.csv"},
    "posting": {"offset_account": "Budget Offset", "max_lines_per_entry": 500},
    "period_format": "MMM YY",
}


class ConnectionIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"tenant_id": "acme", "settings": SETTINGS_EXAMPLE}]}
    )
    tenant_id: str | None = Field(
        None, description="Required with a platform token; a tenant token creates in its own."
    )
    settings: ConnectionSettings


class SettingsIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"settings": SETTINGS_EXAMPLE}]})
    settings: ConnectionSettings


class ConnectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    connection_id: str
    tenant_id: str
    enabled: bool
    settings: ConnectionSettings
    credentials_set: list[CredentialKind] = Field(
        description="Which secrets are stored. Their values are never returned."
    )


class ConnectionSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    connection_id: str
    tenant_id: str
    name: str
    qbwc_username: str
    enabled: bool
    created_at: datetime
    updated_at: datetime


class DisableIn(BaseModel):
    reason: str = Field(min_length=1, examples=["QuickBooks file being restored from backup"])


class SecretIn(BaseModel):
    secret: SecretStr = Field(description="The secret; stored encrypted, never shown again.")


class CredentialsOut(BaseModel):
    credentials_set: list[CredentialKind]


@router.get(
    "",
    summary="List connections",
    response_model=list[ConnectionSummaryOut],
    responses=READ_ERRORS,
)
async def list_connections(caller: ReadCaller, ops: OpsDep) -> list[ConnectionSummaryOut]:
    """The connections of the token's tenant (all of them for a platform token), from the
    read model the workers maintain: a connection created a moment ago may take a moment
    to appear here (it is readable at once by id)."""
    rows = await ops.connections.summaries(caller)
    return [ConnectionSummaryOut.model_validate(row) for row in rows]


@router.post(
    "",
    summary="Create a connection",
    status_code=status.HTTP_201_CREATED,
    response_model=ConnectionOut,
    responses=WRITE_ERRORS,
)
async def create_connection(
    body: ConnectionIn, caller: AdminCaller, ops: OpsDep, response: Response
) -> ConnectionOut:
    """Validates the settings (every problem is listed at once) and reserves the Web
    Connector user name, which must be unique across connections. Store secrets with
    `PUT /connections/{id}/credentials/{kind}` afterwards. Needs the admin scope."""
    view = await ops.connections.create(caller, body.settings, body.tenant_id)
    response.headers["Location"] = f"/connections/{view.connection_id}"
    return ConnectionOut.model_validate(view)


@router.get(
    "/{connection_id}",
    summary="Read a connection",
    response_model=ConnectionOut,
    responses=READ_ERRORS,
)
async def get_connection(connection_id: str, caller: ReadCaller, ops: OpsDep) -> ConnectionOut:
    """Current settings and status, and which secrets are set (never their values)."""
    return ConnectionOut.model_validate(await ops.connections.get(caller, connection_id))


@router.put(
    "/{connection_id}",
    summary="Replace a connection's settings",
    response_model=ConnectionOut,
    responses=WRITE_ERRORS,
)
async def update_connection(
    connection_id: str, body: SettingsIn, caller: AdminCaller, ops: OpsDep
) -> ConnectionOut:
    """The settings are replaced as a whole. Needs the admin scope."""
    view = await ops.connections.update(caller, connection_id, body.settings)
    return ConnectionOut.model_validate(view)


@router.post(
    "/{connection_id}/disable",
    summary="Disable a connection",
    response_model=ConnectionOut,
    responses=WRITE_ERRORS,
)
async def disable_connection(
    connection_id: str, body: DisableIn, caller: OperatorCaller, ops: OpsDep
) -> ConnectionOut:
    """Stops new syncs and Web Connector sessions for it; the reason is recorded."""
    view = await ops.connections.disable(caller, connection_id, body.reason)
    return ConnectionOut.model_validate(view)


@router.post(
    "/{connection_id}/enable",
    summary="Enable a connection",
    response_model=ConnectionOut,
    responses=WRITE_ERRORS,
)
async def enable_connection(
    connection_id: str, caller: OperatorCaller, ops: OpsDep
) -> ConnectionOut:
    return ConnectionOut.model_validate(await ops.connections.enable(caller, connection_id))


@router.get(
    "/{connection_id}/credentials",
    summary="Which secrets are set",
    response_model=CredentialsOut,
    responses=READ_ERRORS,
)
async def credentials_set(connection_id: str, caller: ReadCaller, ops: OpsDep) -> CredentialsOut:
    kinds = await ops.connections.credentials_set(caller, connection_id)
    return CredentialsOut(credentials_set=list(kinds))


@router.put(
    "/{connection_id}/credentials/{kind}",
    summary="Store a secret (write-only)",
    response_model=CredentialsOut,
    responses=WRITE_ERRORS,
)
async def put_credential(
    connection_id: str, kind: CredentialKind, body: SecretIn, caller: AdminCaller, ops: OpsDep
) -> CredentialsOut:
    """Stores or replaces one secret, encrypted at rest; the Web Connector password is kept
    as a slow hash. The answer lists which kinds are set. Needs the admin scope."""
    secret = body.secret.get_secret_value()
    kinds = await ops.connections.set_secret(caller, connection_id, kind, secret)
    return CredentialsOut(credentials_set=list(kinds))
