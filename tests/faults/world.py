"""The firm of tests/support/flows.py with its worker (and, if asked, its service) in real
processes that a test kills, plus the four promises every fault scenario checks:

1. no duplicate: QuickBooks holds at most one live entry per RefNumber of ours, and
   each posted entry is the one our read model names;
2. no lost event: every run reaches its end (a plan run staged with every entry settled,
   an actuals run imported), each run exported, staged or imported exactly once;
3. every stream is completed, or stuck/failed with a clear reason;
4. a retry (the operator's "retry everything of this connection") completes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

from app.bootstrap import container
from app.qbwc.sources.chart import ChartOfAccounts
from app.retries import Retried
from app.settings import Settings
from simulators.anaplan import TIME, TaskTiming
from tests.faults.processes import MlcProcess, Spares, process_env
from tests.support.flows import CALLER, Firm, firm_world
from tests.support.server import RunningService, running_service

# Short waits everywhere: the scenarios wait on conditions, never on the clock.
FAST = dict(
    poll_interval=0.05,
    retry_base_seconds=0.05,
    retry_max_seconds=0.5,
    retry_max_attempts=4,
)
TERMINAL_RUN = ("staged", "completed", "completed_with_errors", "failed")
SETTLED_ENTRY = ("posted", "voided")


async def eventually(
    condition: Callable[[], Awaitable[bool]], what: str, within: float = 60.0
) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class Processes:
    """The `mlc` processes of one test, started from warm spares."""

    spares: Spares
    env: dict[str, str]
    started: list[MlcProcess] = field(default_factory=list)

    async def start(self, *args: str) -> MlcProcess:
        process = await self.spares.start(list(args), self.env)
        self.started.append(process)
        return process

    @property
    def running(self) -> list[MlcProcess]:
        return [p for p in self.started if p.running]

    async def kill_all(self) -> None:
        for process in self.started:
            await process.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} (pid {p.pid})\n{p.log_tail()}" for p in self.started)


@dataclass
class FaultWorld:
    firm: Firm
    processes: Processes

    @property
    def pool(self):
        return self.firm.service.container.pool

    @property
    def cid(self) -> str:
        return self.firm.connection_id

    @property
    def model(self):
        """The firm's planning model in the Anaplan simulator."""
        return self.firm.sim.tenant.model(self.firm.model.model_id)

    def action_id(self, name: str) -> str:
        model = self.model
        actions = {**model.exports, **model.imports}
        return next(a.id for a in actions.values() if a.name == name)

    async def start_worker(self, wait_ready: bool = False) -> MlcProcess:
        worker = await self.processes.start("worker")
        if wait_ready:
            await eventually(lambda: self._working(worker), f"{worker.name} to start")
        return worker

    async def start_service(self) -> MlcProcess:
        """`mlc serve` on the port the Web Connector agent calls; back once it answers."""
        service = await self.processes.start("serve")
        url = f"{self.firm.service.url}/health"
        await eventually(lambda: _answers(url), f"{service.name} to listen\n{service.log_tail()}")
        return service

    async def _working(self, worker: MlcProcess) -> bool:
        """It opened the database and its reactors have registered their subscriptions."""
        assert worker.running, worker.log_tail()
        opened = re.search(r"\] database +url=", worker.log_tail(1000)) is not None
        return opened and bool(
            await self.pool.fetchval(
                "SELECT count(*) FROM subscription_checkpoints WHERE name LIKE 'dispatch:%'"
            )
        )

    async def event_count(
        self, event_type: str, stream_prefix: str = "", containing: str = ""
    ) -> int:
        return await self.pool.fetchval(
            "SELECT count(*) FROM events WHERE event_type = $1 AND starts_with(stream_id, $2) "
            "AND strpos(data::text, $3) > 0",
            event_type,
            stream_prefix,
            containing,
        )

    async def wait_for_event(
        self, event_type: str, stream_prefix: str = "", containing: str = "", within: float = 60.0
    ) -> None:
        """Polls the log briefly: the test acts (kills) the moment the event commits."""
        deadline = time.monotonic() + within
        while not await self.event_count(event_type, stream_prefix, containing):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {event_type} after {within} s\n{await self.story()}")
            await asyncio.sleep(0.005)

    # --- driving ---------------------------------------------------------------------

    async def finish(self, runs: list[str], within: float = 90.0) -> None:
        """Web Connector updates until every run has ended (the workers do the rest)."""
        await self.cycle_until(lambda: self.ended(runs), f"runs {runs} to end", within)

    async def cycle_until(
        self, done: Callable[[], Awaitable[bool]], what: str, within: float = 90.0
    ) -> None:
        deadline = time.monotonic() + within
        while not await done():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}\n{await self.story()}")
            report = await self.firm.cycle()
            if report.outcome is None or report.outcome.value != "completed":
                await asyncio.sleep(0.05)

    async def projected(self) -> bool:
        """Every read model and dispatcher has seen the whole log."""
        return await self.pool.fetchval(
            "SELECT count(*) > 0 AND bool_and(position >= (SELECT max(position) FROM events)) "
            "FROM subscription_checkpoints"
        )

    async def ended(self, runs: list[str]) -> bool:
        if not await self.projected():
            return False
        for run in runs:
            status = await self.firm.run_status(run)
            if status not in TERMINAL_RUN:
                return False
        entries = await self.firm.entries()
        return all(e["status"] != "pending" for e in entries)

    async def read_chart(self) -> None:
        """Have the Web Connector read the chart of accounts now, so that a plan run stages
        without waiting for a session (and faults meant for posting hit posting)."""
        await ChartOfAccounts(self.firm.service.container.store).request(self.cid, "test")
        await self.cycle_until(
            lambda: self.has_event("ChartOfAccountsRead"), "the chart of accounts to be read"
        )

    async def staged(self, run: str) -> None:
        """Wait (without any Web Connector update) until the run's entries are pending."""
        await eventually(lambda: self._pending(run), f"run {run} to be staged", 60)

    async def _pending(self, run: str) -> bool:
        if not await self.projected() or await self.firm.run_status(run) != "staged":
            return False
        return any(e["status"] == "pending" for e in await self.firm.entries())

    async def has_event(self, event_type: str) -> bool:
        return bool(await self.event_count(event_type))

    async def retry_everything(self) -> list[Retried]:
        return await self.firm.ops.retries.retry_connection(CALLER, self.cid)

    # --- the promises ----------------------------------------------------------------

    async def check(self, runs: list[str]) -> None:
        """Promises 1-3, whatever happened."""
        context = await self.story()
        self.check_no_duplicates()
        await self.check_posted_entries_match(context)
        await self.check_each_step_once(runs, context)
        await self.check_streams_settled(context)

    def check_no_duplicates(self) -> None:
        refs = Counter(t.ref_number for t in self.firm.our_journal_entries())
        twice = {ref: n for ref, n in refs.items() if n > 1}
        assert not twice, f"posted more than once in QuickBooks: {twice}"
        tags = Counter(_entry_tag(t) for t in self.firm.our_journal_entries())
        assert max(tags.values(), default=1) == 1, f"one plan entry posted twice: {tags}"

    async def check_posted_entries_match(self, context: str) -> None:
        """Every live entry of ours is one our books know, and every posted one is live."""
        live = {t.txn_id: t for t in self.firm.our_journal_entries()}
        rows = await self.firm.entries()
        known = {e["txn_id"] for e in rows if e["txn_id"]}
        orphans = sorted(t.ref_number for txn_id, t in live.items() if txn_id not in known)
        assert not orphans, f"live in QuickBooks, unknown to us: {orphans}\n{context}"
        for entry in (e for e in rows if e["status"] == "posted"):
            txn = live.get(entry["txn_id"])
            assert txn is not None, f"{entry['ref_number']} posted but not live\n{context}"
            assert txn.ref_number == entry["ref_number"], context

    async def check_each_step_once(self, runs: list[str], context: str) -> None:
        for run in runs:
            for event_type, prefix in (
                ("PlanExported", "plansync-"),
                ("PlanStaged", "plansync-"),
                ("ActualsImported", "actualsync-"),
            ):
                n = await self.event_count(event_type, f"{prefix}{run}")
                assert n <= 1, f"{event_type} {n} times for run {run}\n{context}"
        staged = await self.pool.fetch(
            "SELECT stream_id, data->>'run_id' AS run, count(*) AS n FROM events "
            "WHERE event_type = 'JournalStaged' GROUP BY 1, 2 HAVING count(*) > 1"
        )
        assert not staged, f"an entry staged twice by one run: {staged}\n{context}"
        computed = await self.pool.fetch(
            "SELECT data->>'run_id' AS run, data->>'period' AS period, count(*) AS n FROM events "
            "WHERE event_type = 'ActualsComputed' GROUP BY 1, 2 HAVING count(*) > 1"
        )
        assert not computed, f"a month computed twice by one run: {computed}\n{context}"

    async def check_streams_settled(self, context: str) -> None:
        rows = await self.pool.fetch(
            "SELECT stream_id, consumer, state, last_error FROM stream_states "
            "WHERE connection_id = $1 OR connection_id IS NULL",
            self.cid,
        )
        busy = [dict(r) for r in rows if r["state"] == "in_progress"]
        assert not busy, f"streams left in progress: {busy}\n{context}"
        unclear = [dict(r) for r in rows if r["state"] != "completed" and not r["last_error"]]
        assert not unclear, f"stuck or failed without a reason: {unclear}\n{context}"

    async def stuck_or_failed(self) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT stream_id, consumer, state, last_error FROM stream_states "
            "WHERE state IN ('stuck', 'failed') AND (connection_id = $1 OR connection_id IS NULL)",
            self.cid,
        )
        return [dict(r) for r in rows]

    async def check_complete(self, runs: list[str]) -> None:
        """Promise 4's end: every run done and every entry posted, nothing stuck."""
        context = await self.story()
        for run in runs:
            status = await self.firm.run_status(run)
            assert status in ("staged", "completed"), f"run {run} is {status}\n{context}"
        entries = await self.firm.entries()
        left = [(e["ref_number"], e["status"], e["last_error"]) for e in entries]
        assert all(e["status"] in SETTLED_ENTRY for e in entries), f"{left}\n{context}"
        assert not await self.stuck_or_failed(), context

    async def story(self) -> str:
        """The event log, the cursors and the processes' logs: why a scenario failed."""
        checkpoints = await self.pool.fetch(
            "SELECT name, position, attempts, last_error FROM subscription_checkpoints "
            "ORDER BY name"
        )
        head = await self.pool.fetchval("SELECT max(position) FROM events")
        entries = [(e["ref_number"], e["status"]) for e in await self.firm.entries()]
        return "\n".join(
            [
                await self.firm.log_summary(),
                f"log head {head}; checkpoints {[tuple(c) for c in checkpoints]}",
                f"entries {entries}",
                self.processes.logs(),
            ]
        )


PLAN_MONTHS = ("Jan 27", "Feb 27", "Mar 27")
PLAN_CENTERS = ("Strategy Consulting", "People", "G&A - Finance")


def trim_plan(firm: Firm) -> None:
    """A quarter of the firm's plan for three cost centers: six entries of a few dozen
    lines, enough for every step of the flow and quick to post many times over."""
    module = firm.model.module
    time, center = module.axis_index(TIME), module.axis_index("Cost Centers")
    for key in [
        k for k in module.cells if k[time] not in PLAN_MONTHS or k[center] not in PLAN_CENTERS
    ]:
        del module.cells[key]


async def _answers(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


def _entry_tag(txn) -> str:
    memos = " ".join(line.memo or "" for line in txn.lines)
    return memos.split("[mlc:", 1)[1].split("/", 1)[0]


@contextlib.asynccontextmanager
async def served_elsewhere(settings: Settings) -> AsyncIterator[RunningService]:
    """The service runs in a process the test starts (`FaultWorld.start_service`); this
    process keeps only the container the operators' services and the checks use."""
    async with container(settings) as c:
        yield RunningService(c, f"http://127.0.0.1:{settings.port}")


@contextlib.asynccontextmanager
async def fault_world(
    db_url: str,
    spares: Spares,
    *,
    service_process: bool = False,
    workers: int = 1,
    transactions: int = 120,
    **overrides: object,
) -> AsyncIterator[FaultWorld]:
    """The firm (a quarter of its plan) with `workers` worker processes running, and its
    service in this process or, with `service_process`, in one of its own."""
    serve = served_elsewhere if service_process else running_service
    settings = {**FAST, **overrides}
    async with firm_world(
        db_url, transactions=transactions, worker=False, serve=serve, **settings
    ) as firm:
        trim_plan(firm)
        # Tasks finish on their own, as in Anaplan, even when the worker that started
        # them died or gave up on them (they would hold the model's queue otherwise).
        firm.sim.config.task_timing = TaskTiming(seconds=0.05)
        firm.sim.config.export_chunk_size = 4096  # a download of several chunks
        env = process_env(firm.service.container.settings)
        env["MLC_DATA_DIR"] = str(spares.log_dir / "data")
        world = FaultWorld(firm, Processes(spares, env))
        try:
            if service_process:
                await world.start_service()
            for _ in range(workers):
                await world.start_worker(wait_ready=True)
            yield world
        finally:
            await world.processes.kill_all()
