"""Sync runs of both flows and the actual side of budget vs actual."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.envelope import RecordedEvent
from domain.events import (
    ActualsComputed,
    ActualsImported,
    ActualsImportFailed,
    ActualsReconciled,
    ActualsSyncRequested,
    ActualsWaiting,
    PlanExported,
    PlanExportFailed,
    PlanStaged,
    PlanStagingWaiting,
    PlanSyncRequested,
)
from projections.base import Sql

REQUESTED = (
    "INSERT INTO {sync_runs} (run_id, connection_id, tenant_id, kind, status, requested_by, "
    "reason, first_period, last_period, requested_at, updated_at) "
    "VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7, $8, $9, $9) ON CONFLICT (run_id) DO NOTHING"
)
STATUS = "UPDATE {sync_runs} SET status = $2, detail = $3, updated_at = $4 WHERE run_id = $1"
FINISHED = (
    "UPDATE {sync_runs} SET status = $2, detail = $3, rows_in = coalesce($4, rows_in), "
    "rows_out = coalesce($5, rows_out), rejected = $6, updated_at = $7, finished_at = $8 "
    "WHERE run_id = $1"
)
CLEAR_MONTH = "DELETE FROM {bva_actuals} WHERE connection_id = $1 AND period = $2"
ACTUAL = (
    "INSERT INTO {bva_actuals} (connection_id, period, account, class_name, anaplan_account, "
    "anaplan_cost_center, amount, run_id, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (connection_id, period, account, class_name) DO UPDATE SET "
    "amount = {bva_actuals}.amount + excluded.amount, run_id = excluded.run_id, "
    "computed_at = excluded.computed_at"
)


class SyncRunsProjection:
    name = "sync_runs"
    tables: tuple[str, ...] = ("sync_runs", "bva_actuals")

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        e, at, tenant = event.event, event.recorded_at, event.metadata.tenant_id
        match e:
            case PlanSyncRequested():
                yield Sql(
                    REQUESTED,
                    (
                        e.run_id,
                        e.connection_id,
                        tenant,
                        "plan_to_ledger",
                        e.requested_by,
                        e.reason,
                        None,
                        None,
                        at,
                    ),
                )
            case ActualsSyncRequested():
                yield Sql(
                    REQUESTED,
                    (
                        e.run_id,
                        e.connection_id,
                        tenant,
                        "ledger_to_plan",
                        e.requested_by,
                        e.reason,
                        e.first_period,
                        e.last_period,
                        at,
                    ),
                )
            case PlanExported():
                yield Sql(STATUS, (e.run_id, "exported", f"{e.size} bytes, task {e.task_id}", at))
            case PlanStagingWaiting() | ActualsWaiting():
                yield Sql(STATUS, (e.run_id, "waiting", e.reason, at))
            case PlanStaged():
                out = len(e.staged) + len(e.withdrawn)
                detail = f"{out} entries to post, {e.unchanged} unchanged"
                yield Sql(FINISHED, (e.run_id, "staged", detail, e.rows, out, e.rejected, at, None))
            case PlanExportFailed() | ActualsImportFailed():
                yield Sql(FINISHED, (e.run_id, "failed", e.error, None, None, 0, at, at))
            case ActualsComputed():
                yield Sql(STATUS, (e.run_id, "computed", f"{len(e.rows)} rows for {e.period}", at))
                yield from _actuals(e, at)
            case ActualsReconciled(differences=found) if found:
                detail = f"trial balance as of {e.as_of} disagrees: " + "; ".join(found)
                yield Sql(STATUS, (e.run_id, "completed_with_errors", detail, at))
            case ActualsImported():
                status = "completed" if not e.rows_failed else "completed_with_errors"
                detail = f"{e.rows_loaded} rows loaded, task {e.task_id}"
                yield Sql(
                    FINISHED,
                    (e.run_id, status, detail, e.rows_sent, e.rows_loaded, e.rows_failed, at, at),
                )


def _actuals(e: ActualsComputed, at: datetime) -> Iterable[Sql]:
    yield Sql(CLEAR_MONTH, (e.connection_id, e.period))
    for row in e.rows:
        if row.quickbooks_account:
            yield Sql(
                ACTUAL,
                (
                    e.connection_id,
                    e.period,
                    row.quickbooks_account,
                    row.quickbooks_class,
                    row.account,
                    row.cost_center,
                    row.amount,
                    e.run_id,
                    at,
                ),
            )
