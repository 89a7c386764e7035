-- name: insert_session
INSERT INTO qbwc_sessions (session_id, ticket_hash, connection_id, tenant_id, state, version,
                           created_at, last_seen_at, expires_at, hard_expires_at)
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $7, $8, $9);

-- name: session_by_ticket
SELECT session_id, connection_id, tenant_id, state::text, version, expires_at, hard_expires_at,
       ended_at
FROM qbwc_sessions WHERE ticket_hash = $1;

-- name: live_sessions
SELECT session_id, connection_id, tenant_id, state::text, version, expires_at, hard_expires_at,
       ended_at
FROM qbwc_sessions WHERE connection_id = $1 AND ended_at IS NULL;

-- name: save_session
-- Optimistic: the row moves only from the version the caller read. The session stream's
-- expected-version append in the same transaction is the real guard; this keeps the
-- snapshot from ever going backwards.
UPDATE qbwc_sessions
SET state = $3::jsonb, version = $4, last_seen_at = $5,
    expires_at = least($6, hard_expires_at),
    ended_at = CASE WHEN $7 THEN $5 ELSE ended_at END
WHERE session_id = $1 AND version = $2;

-- name: login_failures
SELECT key, failures, last_failure_at, locked_until FROM qbwc_login_failures
WHERE key = ANY($1::text[]);

-- name: record_login_failure
-- Failures older than the window are forgotten; from max_failures on, each further
-- failure doubles the lockout (capped), so guessing slows down exponentially.
INSERT INTO qbwc_login_failures AS f (key, failures, last_failure_at, locked_until)
VALUES ($1, 1, $2, NULL)
ON CONFLICT (key) DO UPDATE
SET failures = CASE WHEN f.last_failure_at < $2 - make_interval(secs => $3)
                    THEN 1 ELSE f.failures + 1 END,
    last_failure_at = $2
RETURNING failures;

-- name: lock_login
UPDATE qbwc_login_failures SET locked_until = $2 WHERE key = $1;

-- name: clear_login_failures
DELETE FROM qbwc_login_failures WHERE key = ANY($1::text[]);

-- name: remember_client_version
INSERT INTO qbwc_clients (address, client_version, version_seen_at) VALUES ($1, $2, $3)
ON CONFLICT (address) DO UPDATE SET client_version = $2, version_seen_at = $3;

-- name: remember_client_connection
INSERT INTO qbwc_clients (address, connection_id, connection_seen_at) VALUES ($1, $2, $3)
ON CONFLICT (address) DO UPDATE SET connection_id = $2, connection_seen_at = $3;

-- name: client
SELECT client_version, version_seen_at, connection_id, connection_seen_at
FROM qbwc_clients WHERE address = $1;

-- name: cost_model
SELECT model::text FROM qbwc_cost_models WHERE connection_id = $1;

-- name: save_cost_model
INSERT INTO qbwc_cost_models (connection_id, model, updated_at) VALUES ($1, $2::jsonb, $3)
ON CONFLICT (connection_id) DO UPDATE SET model = $2::jsonb, updated_at = $3;
