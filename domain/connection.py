"""A connection: one QuickBooks company file paired with one Anaplan model, and how to sync.

Only non-secret settings live here (and therefore in events); passwords, tokens and keys
go to the encrypted credential store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AnaplanAuth(StrEnum):
    BASIC = "basic"
    CERTIFICATE = "certificate"
    OAUTH = "oauth"


class ExportLayout(StrEnum):
    SINGLE_COLUMN = "single_column"  # one row per cell, a period column
    MULTI_COLUMN = "multi_column"  # periods across the columns


class SignConvention(StrEnum):
    NATURAL = "natural"  # positive plan = the account's normal balance side
    DEBIT_POSITIVE = "debit_positive"  # positive plan = debit, whatever the account


class EntryDate(StrEnum):
    PERIOD_END = "period_end"
    PERIOD_START = "period_start"


@dataclass(frozen=True, kw_only=True, slots=True)
class QuickBooksSettings:
    qbwc_username: str
    file_id: str  # GUID the Web Connector writes into the company file
    company_file: str = ""  # "" = the file open in QuickBooks; else the path to open
    run_every_minutes: int = 15
    min_client_version: str | None = None
    qbxml_version: str = "13.0"


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanSettings:
    auth: AnaplanAuth
    workspace_id: str
    model_id: str
    username: str | None = None  # basic auth user (e-mail)
    oauth_client_id: str | None = None
    api_url: str = "https://api.anaplan.com/2/0"
    auth_url: str = "https://auth.anaplan.com"
    oauth_url: str = "https://us1a.app.anaplan.com"


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanColumns:
    """Header names of the export's columns, by role."""

    account: str
    cost_center: str
    version: str
    amount: str = ""  # single-column layout: the value column
    period: str = ""  # single-column layout: the time column
    memo: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanExport:
    action: str  # export (or process) name or id
    layout: ExportLayout
    columns: PlanColumns
    approved_versions: tuple[str, ...] = ("Budget", "Forecast")
    is_process: bool = False
    # The Anaplan lists (names or ids) the account and cost-center columns take their
    # members from; None: only the members seen in exported plans are known.
    account_list: str | None = None
    cost_center_list: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsImport:
    action: str  # import (or process) name or id
    data_source: str  # the import data source file name or id to upload to
    columns: tuple[str, ...] = ("Account", "Cost Center", "Time", "Versions", "Amount")
    version_label: str = "Actual"
    is_process: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class PostingRules:
    offset_account: str
    offset_class: str | None = None
    max_lines_per_entry: int = 500
    sign: SignConvention = SignConvention.NATURAL
    entry_date: EntryDate = EntryDate.PERIOD_END
    ref_prefix: str = "PL"


@dataclass(frozen=True, kw_only=True, slots=True)
class ListColumns:
    """Header names of a list import's source columns, by role."""

    name: str = "Name"  # the list member's name
    code: str | None = None  # accounts: the QuickBooks account number
    quickbooks_name: str | None = None  # the QuickBooks full name (e.g. a list property)


@dataclass(frozen=True, kw_only=True, slots=True)
class ListPush:
    """List imports (names or ids) that load QuickBooks accounts and classes into the
    Anaplan lists; None: that list is never pushed to."""

    accounts_import: str | None = None
    classes_import: str | None = None
    account_columns: ListColumns = field(default_factory=ListColumns)
    class_columns: ListColumns = field(default_factory=ListColumns)


@dataclass(frozen=True, kw_only=True, slots=True)
class Schedules:
    plan_to_ledger_minutes: int | None = None
    ledger_to_plan_minutes: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionSettings:
    name: str
    quickbooks: QuickBooksSettings
    anaplan: AnaplanSettings
    plan_export: PlanExport
    actuals_import: ActualsImport
    posting: PostingRules
    period_format: str = "MMM YY"  # how Anaplan labels months: "Jan 27" or "YYYY-MM"
    fiscal_year_start_month: int = 1
    schedules: Schedules = field(default_factory=Schedules)
    allow_creating_classes: bool = False
    list_push: ListPush | None = None  # None: pushing to Anaplan lists is off


class CredentialKind(StrEnum):
    QBWC_PASSWORD = "qbwc_password"  # stored as a slow hash, not reversibly
    ANAPLAN_PASSWORD = "anaplan_password"
    ANAPLAN_CERTIFICATE = "anaplan_certificate"  # PEM certificate chain
    ANAPLAN_PRIVATE_KEY = "anaplan_private_key"  # PEM private key for the certificate
    ANAPLAN_OAUTH_CLIENT_SECRET = "anaplan_oauth_client_secret"
    ANAPLAN_OAUTH_REFRESH_TOKEN = "anaplan_oauth_refresh_token"
