"""The scripted demo: a connection for the demo firm, both flows, a short summary."""

import asyncio
from collections import defaultdict
from decimal import Decimal
from typing import Any

from simulators import firm
from simulators.anaplan import AnaplanSimulator
from simulators.sandbox import anaplan_firm
from simulators.sandbox.product import Product
from simulators.webconnector import WebConnectorAgent

NAME = "Harborline Advisory Group (sandbox)"
WC_USER, WC_PASSWORD = "harborline-sandbox", "sandbox-wc-password"
FILE_ID = "{3F2504E0-4F89-41D3-9A0C-0305E82C3301}"
HEADLINES = ("Professional Fees:Consulting Fees", "Payroll Expenses:Salaries and Wages")
ACTUAL_MONTHS = ("2027-01", "2027-06")


def settings(
    sim: AnaplanSimulator,
    model: anaplan_firm.FirmModel,
    *,
    name: str = NAME,
    username: str = WC_USER,
    file_id: str = FILE_ID,
    run_every_minutes: int = 1,
    max_lines_per_entry: int = 250,
) -> dict[str, Any]:
    """The demo firm's connection as `POST /connections` takes it (the tests and benches
    decode the same document, with their own names)."""
    return {
        "name": name,
        "quickbooks": {
            "qbwc_username": username,
            "run_every_minutes": run_every_minutes,
            "file_id": file_id,
        },
        "anaplan": {
            "auth": "basic",
            "workspace_id": model.workspace_id,
            "model_id": model.model_id,
            "username": anaplan_firm.USER,
            "api_url": sim.urls.api,
            "auth_url": sim.urls.auth,
            "oauth_url": sim.urls.oauth,
        },
        "plan_export": {
            "action": anaplan_firm.EXPORT,
            "layout": "single_column",
            "columns": {
                "account": "GL Accounts",
                "cost_center": "Cost Centers",
                "version": "Versions",
                "period": "Time",
                "amount": "Value",
            },
        },
        "actuals_import": {
            "action": anaplan_firm.IMPORT,
            "data_source": anaplan_firm.IMPORT_FILE,
            "columns": anaplan_firm.ACTUALS_COLUMNS,
        },
        "posting": {
            "offset_account": firm.BALANCING_ACCOUNT,
            "max_lines_per_entry": max_lines_per_entry,
        },
        "period_format": "MMM YY",
    }


async def connect(product: Product, sim: AnaplanSimulator, model: anaplan_firm.FirmModel) -> str:
    body = {"tenant_id": "harborline", "settings": settings(sim, model)}
    created = await product.call("POST", "/connections", body)
    cid = created["connection_id"]
    secrets = {"anaplan_password": anaplan_firm.PASSWORD, "qbwc_password": WC_PASSWORD}
    for kind, secret in secrets.items():
        await product.call("PUT", f"/connections/{cid}/credentials/{kind}", {"secret": secret})
    await product.call(
        "PUT",
        f"/connections/{cid}/mapping",
        data=anaplan_firm.mapping_csv(),
        headers={"Content-Type": "text/csv"},
    )
    return cid


async def run_until_done(product: Product, agent: WebConnectorAgent, run_id: str) -> dict:
    """Let the Web Connector cycle until the run has nothing left to do."""
    for _ in range(300):
        run = (await product.call("GET", f"/syncs/{run_id}"))["run"]
        if _finished(run):
            return run
        await agent.run_cycle()
        await asyncio.sleep(0.2)
    raise TimeoutError(f"run {run_id} did not finish; see GET /syncs/{run_id}")


def _finished(run: dict) -> bool:
    status = run["status"]
    if status in ("failed", "completed", "completed_with_errors"):
        return True
    settled = sum(run[f"entries_{s}"] for s in ("posted", "voided", "blocked", "rejected"))
    return status == "staged" and not run["entries_pending"] and settled >= (run["rows_out"] or 0)


async def summary(product: Product, cid: str) -> str:
    rows = await product.call(
        "GET",
        f"/budget-vs-actual?connection_id={cid}&version=Budget"
        f"&from={ACTUAL_MONTHS[0]}&to={ACTUAL_MONTHS[1]}",
    )
    totals: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for row in rows:
        if row["account"] in HEADLINES:
            cell = totals[(row["account"], row["period"])]
            for i, key in enumerate(("plan_amount", "actual_amount", "variance")):
                cell[i] += Decimal(str(row[key]))
    lines = [f"{'account':<38} {'month':<8} {'budget':>14} {'actual':>14} {'variance':>14}"]
    for (account, period), (plan, actual, variance) in sorted(totals.items()):
        lines.append(
            f"{account[-38:]:<38} {period:<8} {plan:>14,.2f} {actual:>14,.2f} {variance:>14,.2f}"
        )
    return "\n".join(lines)
