"""Anaplan client: the tenant-wide request budget shared by every worker.

Revision ID: 0004
Revises: 0003
"""

from adapters.postgres.migrations import execute_script

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UPGRADE = """
-- One token bucket per Anaplan tenant (adapters/postgres/rate_budget.py). `level` may go below
-- zero: permits reserved by workers that are waiting for their turn.
CREATE TABLE anaplan_rate_buckets (
    tenant_key text PRIMARY KEY,
    level      double precision NOT NULL,
    updated_at timestamptz NOT NULL
);
"""

DOWNGRADE = """
DROP TABLE anaplan_rate_buckets;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
