-- Queries behind the Anaplan client's shared request budget and its locks.

-- name: take_permits
-- A token bucket per tenant, shared by every worker process: refill by the time passed
-- since the last taker (the database clock, so workers on different hosts agree), take the
-- permits, and let the level go below zero. A negative level is a queue of reservations: the
-- caller waits until refill has paid its debt, i.e. -level / rate seconds, then sends.
-- $1 tenant key, $2 burst capacity, $3 refill per second, $4 permits taken.
WITH now AS (SELECT clock_timestamp() AS at)
INSERT INTO anaplan_rate_buckets AS bucket (tenant_key, level, updated_at)
SELECT $1::text, $2::float8 - $4::float8, now.at FROM now
ON CONFLICT (tenant_key) DO UPDATE
SET level = least(
        $2::float8,
        bucket.level
            + extract(epoch FROM excluded.updated_at - bucket.updated_at)::float8 * $3::float8
    ) - $4::float8,
    updated_at = excluded.updated_at
RETURNING greatest(0, -level / $3::float8) AS wait_seconds;

-- name: lock
-- Session advisory locks on a dedicated connection: a worker that dies loses its connection
-- and PostgreSQL releases the lock at once. One bigint key space (hashtextextended), apart
-- from the (int4, int4) space the reactor claims use.
SELECT pg_advisory_lock(hashtextextended($1, 0));

-- name: unlock
SELECT pg_advisory_unlock(hashtextextended($1, 0));
