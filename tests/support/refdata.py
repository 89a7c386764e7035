"""Chart reads of the demo firm, as the chart-of-accounts reader records them, and a way
to change them the way a bookkeeper would between two reads."""

from __future__ import annotations

from dataclasses import replace

from adapters.anaplan.client import ClientOptions
from adapters.anaplan.polling import PollPolicy
from app.anaplan import anaplan_gateway
from app.bootstrap import Container
from app.qbwc.sources.chart import chart_stream
from domain.connection import (
    ActualsImport,
    AnaplanAuth,
    AnaplanSettings,
    CredentialKind,
    ExportLayout,
    PlanColumns,
    PlanExport,
    PostingRules,
)
from domain.envelope import Metadata
from domain.events import ChartOfAccountsRead, MappingImported, PlanExported, PlanSyncRequested
from domain.mapping import parse_mapping_csv
from domain.ports import AppendRequest
from domain.qbwc.books import ChartAccount, ChartClass
from simulators import firm
from simulators.anaplan import SimUrls
from simulators.sandbox import anaplan_firm
from simulators.sandbox.anaplan_firm import FirmModel
from tests.support.factories import connection_settings
from tests.support.ops import project


def firm_read(session: str = "s1", class_tracking: bool = True) -> ChartOfAccountsRead:
    accounts = tuple(
        ChartAccount(
            list_id=f"A-{spec.number}",
            full_name=spec.full_name,
            account_type=spec.account_type,
            number=spec.number,
            is_active=spec.is_active,
            balance=None,
        )
        for spec in firm.ACCOUNTS
    )
    classes = tuple(
        ChartClass(list_id=f"C-{n}", full_name=spec.full_name, is_active=spec.is_active)
        for n, spec in enumerate(firm.CLASSES)
        if class_tracking
    )
    return ChartOfAccountsRead(
        connection_id="c1",
        session_id=session,
        read_key=f"{session}:1",
        accounts=accounts,
        classes=classes,
        class_tracking=class_tracking,
    )


def renamed(read: ChartOfAccountsRead, old: str, new: str) -> ChartOfAccountsRead:
    accounts = tuple(replace(a, full_name=new) if a.full_name == old else a for a in read.accounts)
    classes = tuple(replace(c, full_name=new) if c.full_name == old else c for c in read.classes)
    return replace(read, accounts=accounts, classes=classes)


def deactivated(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    accounts = tuple(
        replace(a, is_active=False) if a.full_name == name else a for a in read.accounts
    )
    classes = tuple(replace(c, is_active=False) if c.full_name == name else c for c in read.classes)
    return replace(read, accounts=accounts, classes=classes)


def without(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    accounts = tuple(a for a in read.accounts if a.full_name != name)
    classes = tuple(c for c in read.classes if c.full_name != name)
    return replace(read, accounts=accounts, classes=classes)


def with_account(
    read: ChartOfAccountsRead, name: str, account_type: str = "Expense", number: str = "6260"
) -> ChartOfAccountsRead:
    account = ChartAccount(
        list_id=f"A-{number}",
        full_name=name,
        account_type=account_type,
        number=number,
        is_active=True,
        balance=None,
    )
    return replace(read, accounts=(*read.accounts, account))


def with_class(read: ChartOfAccountsRead, name: str) -> ChartOfAccountsRead:
    added = ChartClass(list_id=f"C-{name}", full_name=name, is_active=True)
    return replace(read, classes=(*read.classes, added))


# --- a connection to the demo firm in the simulators --------------------------------------

ANAPLAN_FIRM_COLUMNS = PlanColumns(
    account="GL Accounts",
    cost_center="Cost Centers",
    version="Versions",
    period="Time",
    amount="Value",
)
QBWC_PASSWORD = "correct horse battery staple"
FAST = ClientOptions(polling=PollPolicy(first=0.0, minimum=0.0, maximum=0.01, jitter=0.0))


def firm_settings(urls: SimUrls, model: FirmModel, username: str, **changes: object):
    base = connection_settings(username)
    settings = replace(
        base,
        name="Harborline",
        anaplan=AnaplanSettings(
            auth=AnaplanAuth.BASIC,
            workspace_id=model.workspace_id,
            model_id=model.model_id,
            username=anaplan_firm.USER,
            api_url=urls.api,
            auth_url=urls.auth,
            oauth_url=urls.oauth,
        ),
        plan_export=PlanExport(
            action=anaplan_firm.EXPORT,
            layout=ExportLayout.SINGLE_COLUMN,
            columns=ANAPLAN_FIRM_COLUMNS,
            account_list="GL Accounts",
            cost_center_list="Cost Centers",
        ),
        actuals_import=ActualsImport(
            action=anaplan_firm.IMPORT, data_source=anaplan_firm.IMPORT_FILE
        ),
        posting=PostingRules(offset_account=firm.BALANCING_ACCOUNT),
    )
    return replace(settings, **changes)


async def firm_connection(
    container: Container,
    urls: SimUrls,
    model: FirmModel,
    tenant: str = "acme",
    username: str = "harborline",
    file_id: str | None = None,
    **changes: object,
) -> str:
    """A connection to the firm with both passwords stored and the firm's mapping."""
    settings = firm_settings(urls, model, username, **changes)
    if file_id is not None:
        settings = replace(settings, quickbooks=replace(settings.quickbooks, file_id=file_id))
    connections = container.connections
    cid = await connections.create(tenant, settings, "test")
    await connections.set_secret(cid, CredentialKind.QBWC_PASSWORD, QBWC_PASSWORD, "test")
    await connections.set_secret(
        cid, CredentialKind.ANAPLAN_PASSWORD, anaplan_firm.PASSWORD, "test"
    )
    rules = parse_mapping_csv(anaplan_firm.mapping_csv()).rules
    mapping = MappingImported(connection_id=cid, rules=rules, match_same_names=True, source="test")
    meta = Metadata(actor="test", tenant_id=tenant, connection_id=cid)
    await container.store.append(
        AppendRequest(f"mapping-{cid}", "mapping", [mapping], metadata=meta)
    )
    return cid


async def record_read(container: Container, cid: str, read: ChartOfAccountsRead) -> None:
    """A chart read as the chart-of-accounts reader records it."""
    event = replace(read, connection_id=cid)
    meta = Metadata(actor="qbwc", connection_id=cid)
    await container.store.append(
        AppendRequest(chart_stream(cid), "qb-chart", [event], metadata=meta)
    )


async def export_plan(container: Container, cid: str, run_id: str = "run-1") -> str:
    """Export the approved plan from Anaplan into the blob store and record it the way the
    plan flow does (one run stream, the run id as correlation id)."""
    connection = await container.connections.load(cid)
    async with anaplan_gateway(container, FAST) as gateway:
        client = await gateway.client(cid, run_id)
        result = await client.export_to_blob(connection.settings.plan_export)
    meta = Metadata(
        actor="test", tenant_id=connection.tenant_id, connection_id=cid, correlation_id=run_id
    )
    events = [
        PlanSyncRequested(run_id=run_id, connection_id=cid, requested_by="test"),
        PlanExported(
            run_id=run_id,
            connection_id=cid,
            action=connection.settings.plan_export.action,
            task_id=result.task_id or "",
            sha256=result.sha256,
            size=result.size,
            separator=result.format.separator,
            quote=result.format.delimiter,
            encoding=result.format.encoding,
        ),
    ]
    await container.store.append(
        AppendRequest(f"plansync-{run_id}", "plansync", events, metadata=meta)
    )
    await project(container)
    return result.sha256
