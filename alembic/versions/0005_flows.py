"""Read models of the two flows: sync runs, journal entries, budget vs actual.

Revision ID: 0005
Revises: 0004
"""

from adapters.postgres.migrations import execute_script

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE sync_runs (
    run_id        text PRIMARY KEY,
    connection_id text NOT NULL,
    tenant_id     text,
    kind          text NOT NULL CHECK (kind IN ('plan_to_ledger', 'ledger_to_plan')),
    status        text NOT NULL,
    requested_by  text NOT NULL,
    reason        text NOT NULL,
    first_period  text,
    last_period   text,
    detail        text,
    rows_in       integer,
    rows_out      integer,
    rejected      integer NOT NULL DEFAULT 0,
    requested_at  timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz
);
CREATE INDEX sync_runs_connection ON sync_runs (connection_id, requested_at DESC);

CREATE TABLE journal_entries (
    connection_id   text NOT NULL,
    entry_id        text NOT NULL,
    run_id          text NOT NULL,
    ref_number      text NOT NULL,
    version         text NOT NULL,
    period          text NOT NULL,
    part            integer NOT NULL,
    revision        integer NOT NULL,
    withdrawn       boolean NOT NULL DEFAULT false,
    status          text NOT NULL
                    CHECK (status IN ('pending', 'posted', 'voided', 'blocked', 'rejected')),
    total           numeric NOT NULL,
    lines           integer NOT NULL,
    txn_id          text,
    edit_sequence   text,
    posted_revision integer,
    last_error      text,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (connection_id, entry_id)
);
CREATE INDEX journal_entries_pending ON journal_entries (connection_id) WHERE status = 'pending';
CREATE INDEX journal_entries_run ON journal_entries (run_id);
CREATE INDEX journal_entries_ref ON journal_entries (ref_number);
CREATE INDEX journal_entries_txn ON journal_entries (txn_id);

-- Plan amounts of every staged revision (offset lines excluded), in the plan's own sign.
CREATE TABLE bva_plan_lines (
    connection_id text NOT NULL,
    entry_id      text NOT NULL,
    revision      integer NOT NULL,
    version       text NOT NULL,
    period        text NOT NULL,
    account       text NOT NULL,
    class_name    text NOT NULL,
    amount        numeric NOT NULL,
    PRIMARY KEY (connection_id, entry_id, revision, account, class_name)
);

CREATE TABLE bva_actuals (
    connection_id text NOT NULL,
    period        text NOT NULL,
    account       text NOT NULL,
    class_name    text NOT NULL,
    anaplan_account      text NOT NULL,
    anaplan_cost_center  text NOT NULL,
    amount        numeric NOT NULL,
    run_id        text NOT NULL,
    computed_at   timestamptz NOT NULL,
    PRIMARY KEY (connection_id, period, account, class_name)
);

CREATE VIEW budget_vs_actual AS
WITH plan AS (
    SELECT e.connection_id, e.version, l.period, l.account, l.class_name,
           sum(l.amount) AS plan_amount,
           bool_and(e.status = 'posted') AS all_posted,
           string_agg(DISTINCT e.status, ',') AS statuses
    FROM journal_entries e
    JOIN bva_plan_lines l USING (connection_id, entry_id, revision)
    WHERE NOT e.withdrawn
    GROUP BY 1, 2, 3, 4, 5
), posted AS (
    SELECT e.connection_id, e.version, l.period, l.account, l.class_name,
           sum(l.amount) AS posted_amount
    FROM journal_entries e
    JOIN bva_plan_lines l
      ON l.connection_id = e.connection_id AND l.entry_id = e.entry_id
     AND l.revision = e.posted_revision
    GROUP BY 1, 2, 3, 4, 5
), versions AS (
    SELECT DISTINCT connection_id, version FROM journal_entries
)
SELECT coalesce(p.connection_id, a.connection_id) AS connection_id,
       coalesce(p.version, v.version) AS version,
       coalesce(p.period, a.period) AS period,
       coalesce(p.account, a.account) AS account,
       coalesce(p.class_name, a.class_name) AS class_name,
       coalesce(p.plan_amount, 0) AS plan_amount,
       coalesce(s.posted_amount, 0) AS posted_amount,
       coalesce(a.amount, 0) AS actual_amount,
       coalesce(a.amount, 0) - coalesce(p.plan_amount, 0) AS variance,
       CASE
           WHEN p.connection_id IS NULL THEN 'actual_only'
           WHEN p.all_posted THEN 'posted'
           WHEN p.statuses LIKE '%blocked%' OR p.statuses LIKE '%rejected%' THEN 'failed'
           ELSE 'pending'
       END AS sync_status,
       a.computed_at AS actuals_at
FROM plan p
FULL JOIN (bva_actuals a JOIN versions v ON v.connection_id = a.connection_id)
  ON a.connection_id = p.connection_id AND a.period = p.period AND a.account = p.account
 AND a.class_name = p.class_name AND v.version = p.version
LEFT JOIN posted s
  ON s.connection_id = p.connection_id AND s.version = p.version AND s.period = p.period
 AND s.account = p.account AND s.class_name = p.class_name;
"""

DOWNGRADE = """
DROP VIEW budget_vs_actual;
DROP TABLE bva_actuals;
DROP TABLE bva_plan_lines;
DROP TABLE journal_entries;
DROP TABLE sync_runs;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
