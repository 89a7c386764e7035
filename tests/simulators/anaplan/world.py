"""A small generic tenant the simulator tests share, and an HTTP client that speaks to it."""

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from simulators.anaplan import (
    LINE_ITEMS,
    TABULAR_MULTI_COLUMN,
    TIME,
    VERSIONS,
    AnaplanSimulator,
    Calendar,
    SourceFormat,
)
from simulators.anaplan.definitions import ExportDefinition, ListImport, ModuleImport
from simulators.anaplan.model import Model
from simulators.anaplan.modules import Module

EMAIL = "planner@example.com"
PASSWORD = "correct horse"
ACTUALS_HEADERS = ["Account", "Department", "Month", "Amount"]


@dataclass
class World:
    model: Model
    pnl: Module
    tsc: ExportDefinition
    tmc: ExportDefinition
    actuals: ModuleImport
    accounts_import: ListImport

    @property
    def base(self) -> str:
        return f"/workspaces/{self.model.workspace.id}/models/{self.model.id}"


def build_world(sim: AnaplanSimulator) -> World:
    sim.add_user(EMAIL, PASSWORD)
    model = sim.tenant.add_workspace("Planning").add_model("Plan", Calendar(first_year=2027))
    groups = model.add_list("Account Groups", ["Income", "Expenses"])
    accounts = model.add_list("Accounts", parent=groups, properties=["Type"])
    accounts.add("Revenue", "4000", "Income")
    accounts.add("Payroll", "6000", "Expenses")
    departments = model.add_list("Departments", ["Sales", "Zürich Ops"])
    pnl = model.add_module("P&L", [accounts, departments], ["Amount"])
    actual = {VERSIONS: ["Actual"]}
    tsc = model.add_export("P&L.csv", pnl, filters=actual)
    tmc = model.add_export(
        "P&L by month.csv", pnl, layout=TABULAR_MULTI_COLUMN, filters=actual, time_totals=True
    )
    actuals = model.add_module_import(
        "P&L from actuals.csv",
        pnl,
        SourceFormat(ACTUALS_HEADERS),
        columns={"Accounts": "Account", "Departments": "Department", TIME: "Month"},
        values={"Amount": {}},
        fixed={VERSIONS: "Actual", LINE_ITEMS: "Amount"},
    )
    accounts_import = model.add_list_import(
        "Accounts from accounts.csv",
        accounts,
        SourceFormat(["Name", "Code", "Parent"]),
        "Name",
        code_column="Code",
        parent_column="Parent",
    )
    return World(model, pnl, tsc, tmc, actuals, accounts_import)


def cell(account: str, department: str, month: str, version: str = "Actual") -> dict[str, str]:
    return {
        "Accounts": account,
        "Departments": department,
        VERSIONS: version,
        TIME: month,
        LINE_ITEMS: "Amount",
    }


class Api:
    """Just enough client for the tests: token auth, JSON, bytes, task polling."""

    def __init__(self, session: aiohttp.ClientSession, base: str, token: str) -> None:
        self.session, self.base, self.token = session, base, token

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"AnaplanAuthToken {self.token}"} | extra

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        headers = self.headers() | kwargs.pop("headers", {})
        async with self.session.request(
            method, self.base + path, headers=headers, **kwargs
        ) as response:
            body = await response.read()
            is_json = response.content_type == "application/json"
            return response.status, (await response.json() if is_json else body)

    async def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        """The body of a call that must succeed (2xx)."""
        status, body = await self.call(method, path, **kwargs)
        assert 200 <= status < 300, (status, body)
        return body

    async def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return await self.call("POST", path, json=body)

    async def put(self, path: str, data: bytes, content_type: str) -> tuple[int, Any]:
        return await self.call("PUT", path, data=data, headers={"Content-Type": content_type})

    async def start_task(self, kind_path: str) -> str:
        status, body = await self.post(f"{kind_path}/tasks", {"localeName": "en_US"})
        assert status == 200, body
        return str(body["task"]["taskId"])

    async def task(self, kind_path: str, task_id: str) -> dict[str, Any]:
        status, body = await self.get(f"{kind_path}/tasks/{task_id}")
        assert status == 200, body
        return dict(body["task"])

    async def finished(self, kind_path: str, task_id: str, polls: int = 500) -> dict[str, Any]:
        for _ in range(polls):
            task = await self.task(kind_path, task_id)
            if task["taskState"] in ("COMPLETE", "CANCELLED"):
                return task
            await asyncio.sleep(0.01)
        raise AssertionError(f"task {task_id} did not finish")

    async def run(self, kind_path: str) -> dict[str, Any]:
        return await self.finished(kind_path, await self.start_task(kind_path))

    async def upload(self, file_path: str, chunks: list[bytes]) -> None:
        status, _ = await self.post(file_path, {"chunkCount": len(chunks)})
        assert status == 200
        for index, chunk in enumerate(chunks):
            status, _ = await self.put(
                f"{file_path}/chunks/{index}", chunk, "application/octet-stream"
            )
            assert status == 204
