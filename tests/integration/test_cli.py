"""`mlc` operator commands against the real database, with the exit codes scripts rely on.

Commands run in-process (typer's runner, in a thread: each command runs its own event
loop, as from a shell); a few run as real processes to pin the entry point's exit codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from typer.testing import CliRunner, Result

from adapters.crypto import KeyFileBox, create_key_file
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.tokens import TokenStore
from app.bootstrap import container
from app.cli import cli
from domain.codec import encode
from domain.connection import CredentialKind
from tests.support.factories import connection_settings
from tests.support.ops import History, Worker, new_connection, project
from tests.support.server import service_settings

ROOT = Path(__file__).resolve().parents[2]
MAPPING = "kind,anaplan_member,quickbooks_name\naccount,Rent,6100 Rent\n"


@contextlib.contextmanager
def kept_logging() -> Iterator[None]:
    """A command configures logging for its process; in-process, it must not outlive it
    (it would write to the runner's closed stderr)."""
    structlog_config, handlers = structlog.get_config(), logging.root.handlers[:]
    try:
        yield
    finally:
        structlog.configure(**structlog_config)
        logging.root.handlers[:] = handlers


class Env:
    def __init__(self, db_url: str, data_dir: Path) -> None:
        self.settings = service_settings(db_url, data_dir=data_dir)
        self.vars = {
            "MLC_DATABASE_URL": db_url,
            "MLC_DATA_DIR": str(data_dir),
            "MLC_ENCRYPTION_KEYS": self.settings.encryption_keys.get_secret_value(),
        }

    async def __call__(self, *args: str, stdin: str | None = None) -> Result:
        runner = CliRunner()
        with kept_logging():
            return await asyncio.to_thread(
                runner.invoke, cli, list(args), env=self.vars, input=stdin, catch_exceptions=False
            )

    async def json(self, *args: str) -> object:
        result = await self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
async def mlc(db_url, tmp_path):
    return Env(db_url, tmp_path)


@pytest.fixture
async def c(mlc):
    async with container(mlc.settings) as c:
        yield c


async def test_connections_are_created_shown_changed_and_listed(mlc, c, tmp_path):
    file = tmp_path / "settings.json"
    file.write_text(json.dumps(encode(connection_settings("cli-books"))))
    made = await mlc.json("connections", "create", "--tenant", "acme", "-f", str(file))
    cid = made["connection_id"]
    assert made["tenant_id"] == "acme" and made["credentials_set"] == []
    shown = await mlc.json("connections", "show", cid)
    assert shown["settings"]["quickbooks"]["qbwc_username"] == "cli-books"
    disabled = await mlc("connections", "disable", cid, "--reason", "restore")
    assert disabled.exit_code == 0
    assert (await mlc.json("connections", "show", cid))["enabled"] is False
    assert (await mlc("connections", "enable", cid)).exit_code == 0
    secret = await mlc("connections", "set-secret", cid, "anaplan_password", stdin="pw-123\n")
    assert secret.exit_code == 0 and "pw-123" not in secret.output
    assert await c.credentials.get(cid, CredentialKind.ANAPLAN_PASSWORD) == b"pw-123"
    file.write_text(json.dumps({**encode(connection_settings("cli-books")), "name": "Renamed"}))
    assert (await mlc("connections", "update", cid, "-f", str(file))).exit_code == 0
    await project(c)
    [listed] = await mlc.json("connections", "list")
    assert (listed["connection_id"], listed["name"]) == (cid, "Renamed")
    table = await mlc("connections", "list")
    assert "Renamed" in table.stdout


async def test_bad_settings_files_and_unknown_connections(mlc, tmp_path):
    file = tmp_path / "settings.json"
    file.write_text('{"name": "x"}')
    assert (await mlc("connections", "create", "--tenant", "a", "-f", str(file))).exit_code == 5
    missing = await mlc("connections", "create", "--tenant", "a", "-f", str(tmp_path / "nope"))
    assert missing.exit_code == 2
    assert (await mlc("connections", "show", "nope")).exit_code == 3


async def test_mappings_upload_download_and_validate(mlc, c, tmp_path):
    cid = await new_connection(c, "acme", "books")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(MAPPING)
    bad.write_text("kind,anaplan_member,quickbooks_name\nledger,Rent,Rent\n")
    assert (await mlc("mapping", "upload", cid, str(good))).exit_code == 0
    assert (await mlc("mapping", "download", cid)).stdout == MAPPING
    refused = await mlc("mapping", "upload", cid, str(bad))
    assert refused.exit_code == 5 and "kind must be" in refused.stderr
    assert (await mlc("mapping", "validate", str(good))).exit_code == 0
    invalid = await mlc("mapping", "validate", str(bad))
    assert invalid.exit_code == 5 and "line 2" in invalid.stderr


async def test_syncs_are_requested_and_followed(mlc, c):
    cid = await new_connection(c, "acme", "books")
    started = await mlc("sync", "plan", cid, "--reason", "approved")
    assert started.exit_code == 0
    run_id = started.stdout.strip()
    assert [e.type for e in await c.store.read_stream(f"plansync-{run_id}")] == [
        "PlanSyncRequested"
    ]
    backwards = await mlc("sync", "actuals", cid, "--from", "2027-03", "--to", "2027-01")
    assert backwards.exit_code == 5
    history = await History(c).plan_run(cid, "acme")
    await project(c)
    runs = await mlc.json("sync", "list", "--connection", cid)
    assert {r["run_id"] for r in runs} == {run_id, history.run_id}
    detail = await mlc.json("sync", "show", history.run_id)
    assert detail["errors"][0]["event_type"] == "JournalBlocked"
    shown = await mlc("sync", "show", history.run_id)
    assert history.blocked_ref in shown.stdout and "JournalBlocked" in shown.stdout
    await mlc("connections", "disable", cid, "--reason", "x")
    assert (await mlc("sync", "plan", cid)).exit_code == 4


async def test_an_operator_fixes_a_stuck_stream_from_the_command_line(mlc, c):
    cid = await new_connection(c, "acme", "books")
    run = await History(c).plan_run(cid, "acme")
    worker = Worker(c)
    worker.reactor.broken = "company file closed"
    await worker.step()
    stuck = await mlc.json("streams", "list", "--state", "stuck")
    assert len(stuck) == 3 and "company file closed" in stuck[0]["last_error"]
    trail = await mlc("audit", "journal", run.posted_ref)
    assert trail.exit_code == 0 and "StreamParked" in trail.stdout
    worker.reactor.broken = None
    one = await mlc.json("retry", "stream", run.journal_stream("ea"))
    assert one == [
        {
            "stream_id": run.journal_stream("ea"),
            "unparked": ["test-poster"],
            "journal_entry": None,
            "new_run": None,
        }
    ]
    rest = await mlc.json("retry", "connection", cid)
    assert len(rest) == 2
    await worker.step()
    assert await mlc.json("streams", "list", "--state", "stuck") == []
    again = await mlc("retry", "stream", run.journal_stream("ea"))
    assert again.exit_code == 4


async def test_streams_events_log_and_lag(mlc, c):
    cid = await new_connection(c, "acme", "books")
    run = await History(c).plan_run(cid, "acme")
    await project(c)
    events = await mlc.json("streams", "events", f"plansync-{run.run_id}")
    assert [e["type"] for e in events] == ["PlanSyncRequested", "PlanExported", "PlanStaged"]
    page = await mlc("streams", "log", "--from", "1", "--limit", "2")
    assert page.exit_code == 0 and "more from --from" in page.stderr
    typed = await mlc.json("streams", "log", "--type", "TxnRecorded")
    assert [e["type"] for e in typed] == ["TxnRecorded"]
    lag = await mlc.json("streams", "lag")
    assert {s["subscription"] for s in lag} == {"connections", "journal_entries", "sync_runs"}
    assert (await mlc("streams", "events", "nope")).exit_code == 3


async def test_replays_rebuild_and_redrive(mlc, c):
    cid = await new_connection(c, "acme", "books")
    run = await History(c).plan_run(cid, "acme")
    worker = Worker(c)
    await worker.step()
    before = [tuple(r) for r in await c.pool.fetch("SELECT * FROM journal_entries ORDER BY 2")]
    rebuilt = await mlc.json("replay", "rebuild")
    assert {r["projection"] for r in rebuilt} == {"connections", "journal_entries", "sync_runs"}
    one = await mlc.json(
        "replay", "rebuild", "--projection", "journal_entries", "--from-position", "3"
    )
    assert one[0]["projection"] == "journal_entries" and one[0]["from_position"] == 3
    after = [tuple(r) for r in await c.pool.fetch("SELECT * FROM journal_entries ORDER BY 2")]
    assert after == before
    assert (await mlc("replay", "rebuild", "--projection", "nope")).exit_code == 5
    stream = f"plansync-{run.run_id}"
    redriven = await mlc(
        "replay", "redrive", stream, "--consumer", "test-poster", "--from-version", "1"
    )
    assert redriven.exit_code == 0
    await worker.step()
    assert worker.reactor.seen.count((stream, 1)) == 2
    unknown = await mlc("replay", "redrive", stream, "--consumer", "x", "--from-version", "1")
    assert unknown.exit_code == 3


async def test_audit_trails(mlc, c):
    cid = await new_connection(c, "acme", "books")
    run = await History(c).plan_run(cid, "acme")
    await project(c)
    by_txn = await mlc.json("audit", "journal", run.txn_id)
    assert [e["type"] for e in by_txn["events"]][-2:] == ["JournalStaged", "TxnRecorded"]
    assert len((await mlc.json("audit", "run", run.run_id))["events"]) == 7
    assert (await mlc.json("audit", "task", run.task_id))["subject"].startswith("Anaplan task")
    version = await mlc.json("audit", "version", cid, "Budget")
    assert len(version["events"]) == 7
    event = await mlc.json("audit", "event", str(run.positions["requested"]))
    assert event["events"][0]["role"] == "subject"
    assert (await mlc("audit", "run", "nope")).exit_code == 3


async def test_budget_vs_actual_as_table_json_and_csv(mlc, c):
    cid = await new_connection(c, "acme", "books")
    history = History(c)
    await history.plan_run(cid, "acme")
    await history.actuals(cid, "acme", "2027-01", "120.00")
    await project(c)
    rows = await mlc.json("bva", "--connection", cid, "--from", "Jan 27", "--to", "Jan 27")
    assert [(r["account"], r["variance"]) for r in rows] == [("Rent", "20.00")]
    as_csv = await mlc("bva", "--csv", "--account", "Old Expense")
    [row] = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert (row["period"], row["sync_status"]) == ("2027-02", "failed")
    assert "Rent" in (await mlc("bva")).stdout


async def test_tokens_are_issued_listed_and_revoked(mlc, c):
    made = await mlc("token", "create", "--name", "grafana", "--scope", "read", "--tenant", "t1")
    assert made.exit_code == 0
    issued = made.stdout.strip()
    principal = await TokenStore(c.pool).authenticate(issued)
    assert principal and (principal.scope, principal.tenant_id) == ("read", "t1")
    [listed] = await mlc.json("token", "list")
    assert (listed["name"], listed["scope"], listed["revoked_at"]) == ("grafana", "read", None)
    assert issued.split("_")[2] not in json.dumps(listed)
    assert (await mlc("token", "revoke", listed["token_id"])).exit_code == 0
    assert await TokenStore(c.pool).authenticate(issued) is None
    assert (await mlc("token", "revoke", listed["token_id"])).exit_code == 3
    assert (await mlc("token", "create", "--name", "x", "--scope", "root")).exit_code == 2


async def test_key_rotation_re_encrypts_while_a_running_process_keeps_working(
    mlc, db_url, tmp_path
):
    key_file = tmp_path / "keys.json"
    create_key_file(key_file)
    settings = service_settings(db_url, encryption_keys=None, key_file=key_file)
    mlc.vars.pop("MLC_ENCRYPTION_KEYS")
    mlc.vars["MLC_KEY_FILE"] = str(key_file)
    async with container(settings) as running:
        cid = await new_connection(running, "acme", "books")
        await running.connections.set_secret(
            cid, CredentialKind.ANAPLAN_PASSWORD, "pw", actor="test"
        )
        old = running.box.active
        rotated = await mlc("keys", "rotate")
        assert rotated.exit_code == 0 and "1 credentials re-encrypted" in rotated.stdout
        new = json.loads(key_file.read_text())["active"]
        assert new != old
        assert await running.pool.fetchval("SELECT key_id FROM credentials") == new
        # the running process opens the re-encrypted value and seals with the new key
        assert await running.credentials.get(cid, CredentialKind.ANAPLAN_PASSWORD) == b"pw"
        await running.credentials.put(cid, CredentialKind.ANAPLAN_OAUTH_CLIENT_SECRET, b"x")
        assert running.box.active == new
    status = {k["key_id"]: k for k in await mlc.json("keys", "status")}
    assert (status[new]["credentials"], status[new]["active"]) == (2, True)
    assert (status[old]["credentials"], status[old]["loaded"]) == (0, True)
    async with container(settings) as restarted:
        fresh = CredentialStore(restarted.pool, KeyFileBox(key_file))
        assert await fresh.get(cid, CredentialKind.ANAPLAN_OAUTH_CLIENT_SECRET) == b"x"


async def test_rotation_is_refused_when_keys_come_from_the_environment(mlc):
    refused = await mlc("keys", "rotate")
    assert refused.exit_code == 4 and "MLC_ENCRYPTION_KEYS" in refused.stderr
    assert (await mlc("keys", "reencrypt")).exit_code == 0


def shell(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("mlc")), *args]
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


async def test_the_installed_command_exits_with_the_documented_codes(mlc):
    codes = await asyncio.gather(
        asyncio.to_thread(shell, mlc.vars, "sync", "plan"),
        asyncio.to_thread(shell, mlc.vars, "sync", "list", "--json"),
        asyncio.to_thread(shell, mlc.vars, "connections", "show", "nope"),
        asyncio.to_thread(
            shell,
            {**mlc.vars, "MLC_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"},
            "sync",
            "list",
        ),
    )
    assert [c.returncode for c in codes] == [2, 0, 3, 6]
    assert json.loads(codes[1].stdout) == []
    assert codes[2].stderr.strip().endswith("not found: no connection 'nope'")
    assert "postgresql://" not in codes[3].stderr
