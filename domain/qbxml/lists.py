"""Chart of accounts and classes: AccountQuery / AccountAdd, ClassQuery / ClassAdd.
List queries have no iterators in qbXML 13.0 (NOTES §B.3)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.qbxml.enums import AccountType, ActiveStatus
from domain.qbxml.refs import Ref
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.timestamps import QbTimestamp


@dataclass(frozen=True, kw_only=True)
class AccountQuery(QbxmlRequest):
    KIND = "AccountQuery"

    list_ids: tuple[str, ...] = ()
    full_names: tuple[str, ...] = ()
    max_returned: int | None = None
    active_status: ActiveStatus = ActiveStatus.ALL
    modified_since: QbTimestamp | None = None
    account_types: tuple[AccountType, ...] = ()
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AccountAdd(QbxmlRequest):
    KIND = "AccountAdd"

    name: str  # one segment, no colon; the parent gives the path
    account_type: AccountType
    parent: Ref | None = None
    account_number: str | None = None
    description: str | None = None
    is_active: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ClassQuery(QbxmlRequest):
    KIND = "ClassQuery"

    list_ids: tuple[str, ...] = ()
    full_names: tuple[str, ...] = ()
    max_returned: int | None = None
    active_status: ActiveStatus = ActiveStatus.ALL
    modified_since: QbTimestamp | None = None
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ClassAdd(QbxmlRequest):
    KIND = "ClassAdd"

    name: str
    parent: Ref | None = None
    is_active: bool | None = None
