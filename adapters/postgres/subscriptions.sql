-- name: ensure_checkpoint
INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING;

-- name: lock_checkpoint
-- Whoever locks the row applies the next batch; other processes skip instead of waiting,
-- so any number of worker processes can run every subscription safely.
SELECT tx_id, position
FROM subscription_checkpoints
WHERE name = $1 AND next_attempt_at <= now()
FOR UPDATE SKIP LOCKED;

-- name: lock_checkpoint_wait
SELECT tx_id, position
FROM subscription_checkpoints WHERE name = $1 FOR UPDATE;

-- name: save_checkpoint
UPDATE subscription_checkpoints
SET tx_id = $2, position = $3, attempts = 0, last_error = NULL,
    next_attempt_at = '-infinity', updated_at = now()
WHERE name = $1;

-- name: checkpoint_failed
UPDATE subscription_checkpoints
SET attempts = attempts + 1, last_error = $2,
    next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
WHERE name = $1;

-- name: advance_head
-- The dispatcher of a consumer records that a stream has work for it.
INSERT INTO stream_cursors
    (consumer, stream_id, stream_type, tenant_id, connection_id, head_version, first_seen_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (consumer, stream_id) DO UPDATE
SET head_version = greatest(stream_cursors.head_version, excluded.head_version),
    updated_at = now();

-- name: due_streams
SELECT stream_id, handled_version, head_version, attempts, last_error
FROM stream_cursors
WHERE consumer = $1 AND status = 'active' AND head_version > handled_version
  AND next_attempt_at <= now()
ORDER BY next_attempt_at, first_seen_at
LIMIT $2;

-- name: cursor_of
SELECT stream_id, handled_version, head_version, attempts, status
FROM stream_cursors WHERE consumer = $1 AND stream_id = $2;

-- name: mark_handled
-- Conditional, so a worker that lost its claim can never move a cursor backwards.
UPDATE stream_cursors
SET handled_version = $3, attempts = 0, last_error = NULL,
    next_attempt_at = '-infinity', updated_at = now()
WHERE consumer = $1 AND stream_id = $2 AND handled_version < $3;

-- name: mark_failed
UPDATE stream_cursors
SET attempts = attempts + 1, last_error = $3,
    next_attempt_at = now() + make_interval(secs => $4),
    status = CASE WHEN $5 THEN 'parked' ELSE status END,
    updated_at = now()
WHERE consumer = $1 AND stream_id = $2
RETURNING status, attempts;

-- name: unpark
-- last_error stays until the stream succeeds, so its recovery can be recorded.
UPDATE stream_cursors
SET status = 'active', attempts = 0, next_attempt_at = '-infinity', updated_at = now()
WHERE consumer = $1 AND stream_id = $2 AND status = 'parked'
RETURNING handled_version;

-- name: rewind
UPDATE stream_cursors
SET handled_version = least(handled_version, $3), status = 'active', attempts = 0,
    last_error = NULL, next_attempt_at = '-infinity', updated_at = now()
WHERE consumer = $1 AND stream_id = $2
RETURNING handled_version;

-- name: try_claim
SELECT pg_try_advisory_lock(hashtext($1), hashtext($2));

-- name: release_claim
SELECT pg_advisory_unlock(hashtext($1), hashtext($2));
