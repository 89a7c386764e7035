"""Connections read model, the encrypted credential store and operator API tokens.

Revision ID: 0002
Revises: 0001
"""

from adapters.postgres.migrations import execute_script

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = """
-- Secrets never enter the event log: they live here, encrypted (AES-GCM) under a key that is
-- not in the database. key_id names the key so rotation can re-encrypt row by row.
CREATE TABLE credentials (
    connection_id text NOT NULL,
    kind          text NOT NULL,
    key_id        text NOT NULL,
    sealed        bytea NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, kind)
);

-- Projection of the connection streams (projections/connections.py).
CREATE TABLE connections (
    connection_id text PRIMARY KEY,
    tenant_id     text NOT NULL,
    name          text NOT NULL,
    qbwc_username text NOT NULL,
    enabled       boolean NOT NULL,
    settings      jsonb NOT NULL,
    version       integer NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX connections_qbwc_username ON connections (lower(qbwc_username));
CREATE INDEX connections_tenant ON connections (tenant_id);

-- Operator API tokens. Only a SHA-256 of the secret part is kept: the tokens are 256-bit
-- random values, so a fast hash is enough (a slow hash protects guessable passwords).
-- tenant_id NULL = a platform token that may act on every tenant.
CREATE TABLE api_tokens (
    token_id     text PRIMARY KEY,
    tenant_id    text,
    scope        text NOT NULL CHECK (scope IN ('read', 'operator', 'admin')),
    name         text NOT NULL,
    secret_hash  bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
"""

DOWNGRADE = """
DROP TABLE api_tokens;
DROP TABLE connections;
DROP TABLE credentials;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
