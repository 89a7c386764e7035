"""The chart-of-accounts reader: AccountQuery + ClassQuery (neither has an iterator) into
one ChartOfAccountsRead event per read, and ClassAdd for classes a flow asks for.

Ask with `ChartOfAccounts.request(...)`; the next Web Connector session reads the lists,
adds the classes still missing (parents before children), and reads them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from app.folds import StreamFolds
from app.qbwc.sources.streams import append
from app.qbwc.work import (
    AbandonReason,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkState,
)
from domain.envelope import Metadata
from domain.events import (
    ChartOfAccountsRead,
    ChartOfAccountsRequested,
    QuickBooksAccountsListed,
    QuickBooksClassAdded,
    QuickBooksClassAddFailed,
)
from domain.ports import AppendRequest, EventStore
from domain.qbwc.books import ChartAccount, ChartClass
from domain.qbwc.chart import ADD, READ, ChartProgress, evolve
from domain.qbxml.lists import AccountQuery, ClassAdd, ClassQuery
from domain.qbxml.refs import Ref
from domain.qbxml.responses import AccountRet, ClassRet, QbxmlResponse
from domain.qbxml.statuses import Outcome

STREAM_KIND = "qb-chart"
_READ_OK = (Outcome.OK, Outcome.NO_MATCH)


def chart_stream(connection_id: str) -> str:
    return f"qb-chart-{connection_id}"


class ChartOfAccounts:
    name = "chart-of-accounts"

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._folds = StreamFolds(store, ChartProgress(), evolve)

    async def request(
        self, connection_id: str, requested_by: str, add_classes: Sequence[str] = ()
    ) -> str:
        request_id = uuid.uuid4().hex
        event = ChartOfAccountsRequested(
            connection_id=connection_id,
            request_id=request_id,
            add_classes=tuple(add_classes),
            requested_by=requested_by,
        )
        meta = Metadata(actor=requested_by, connection_id=connection_id)
        stream = chart_stream(connection_id)
        await self._store.append(AppendRequest(stream, STREAM_KIND, [event], metadata=meta))
        return request_id

    async def latest(self, connection_id: str) -> ChartOfAccountsRead | None:
        return (await self._progress(connection_id)).latest

    async def has_work(self, connection_id: str) -> WorkState:
        step = (await self._progress(connection_id)).next_step()
        return WorkState.NONE if step is None else WorkState.READY

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        progress = await self._progress(session.connection_id)
        step = progress.next_step()
        if step == ADD:
            return [_add(name) for name in sorted(progress.missing_classes(), key=_depth)]
        if step != READ:
            return []
        listed = progress.listed
        if listed is not None and listed.session_id == session.session_id:
            return [PlannedRequest(request=ClassQuery(), key=f"classes:{listed.read_key}")]
        read_key = f"{session.session_id}:{session.message_no}"
        planned = [PlannedRequest(request=AccountQuery(), key=f"accounts:{read_key}")]
        if session.company.class_tracking is not False:
            planned.append(PlannedRequest(request=ClassQuery(), key=f"classes:{read_key}"))
        return planned

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        kind, _, read_key = planned.key.partition(":")
        if kind == "accounts":
            await self._accounts(session, read_key, response)
        elif kind == "classes":
            await self._classes(session, read_key, response)
        elif kind == "add":
            await self._added(session, read_key, response)

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        """Nothing was recorded for the request, so it is planned again: list reads
        are harmless to repeat and a repeated ClassAdd answers 3100 (already there)."""

    async def _accounts(self, session: SessionInfo, read_key: str, response: QbxmlResponse) -> None:
        if response.outcome not in _READ_OK:
            return
        accounts = tuple(_account(r) for r in response.records if isinstance(r, AccountRet))
        if session.company.class_tracking is False:
            await self._read(session, read_key, accounts, (), False)
            return
        listed = QuickBooksAccountsListed(
            connection_id=session.connection_id,
            session_id=session.session_id,
            read_key=read_key,
            accounts=accounts,
        )
        await append(
            self._store, chart_stream(session.connection_id), STREAM_KIND, [listed], session
        )

    async def _classes(self, session: SessionInfo, read_key: str, response: QbxmlResponse) -> None:
        tracking = response.outcome is not Outcome.FEATURE_OFF
        if tracking and response.outcome not in _READ_OK:
            return
        accounts = await self._listed_accounts(session.connection_id, read_key)
        if accounts is None:
            return  # the account half failed: the read is planned again
        classes = tuple(_class(r) for r in response.records if isinstance(r, ClassRet))
        await self._read(session, read_key, accounts, classes, tracking)

    async def _added(self, session: SessionInfo, full_name: str, response: QbxmlResponse) -> None:
        outcome = response.outcome
        if outcome is Outcome.RESEND:
            return
        event: QuickBooksClassAdded | QuickBooksClassAddFailed
        if outcome in (Outcome.OK, Outcome.NAME_IN_USE):
            rets = [r for r in response.records if isinstance(r, ClassRet)]
            event = QuickBooksClassAdded(
                connection_id=session.connection_id,
                session_id=session.session_id,
                full_name=full_name,
                list_id=rets[0].list_id if rets else None,
            )
        else:
            event = QuickBooksClassAddFailed(
                connection_id=session.connection_id,
                session_id=session.session_id,
                full_name=full_name,
                status_code=response.status.code,
                message=response.status.message,
            )
        await append(
            self._store, chart_stream(session.connection_id), STREAM_KIND, [event], session
        )

    async def _read(
        self,
        session: SessionInfo,
        read_key: str,
        accounts: tuple[ChartAccount, ...],
        classes: tuple[ChartClass, ...],
        tracking: bool,
    ) -> None:
        event = ChartOfAccountsRead(
            connection_id=session.connection_id,
            session_id=session.session_id,
            read_key=read_key,
            accounts=accounts,
            classes=classes,
            class_tracking=tracking,
        )
        await append(
            self._store, chart_stream(session.connection_id), STREAM_KIND, [event], session
        )

    async def _listed_accounts(
        self, connection_id: str, read_key: str
    ) -> tuple[ChartAccount, ...] | None:
        listed = (await self._progress(connection_id)).listed
        return listed.accounts if listed is not None and listed.read_key == read_key else None

    async def _progress(self, connection_id: str) -> ChartProgress:
        return await self._folds.state(chart_stream(connection_id))


def _add(full_name: str) -> PlannedRequest:
    parent, _, name = full_name.rpartition(":")
    request = ClassAdd(name=name, parent=Ref.named(parent) if parent else None)
    return PlannedRequest(request=request, key=f"add:{full_name}")


def _depth(full_name: str) -> tuple[int, str]:
    return full_name.count(":"), full_name


def _account(ret: AccountRet) -> ChartAccount:
    return ChartAccount(
        list_id=ret.list_id,
        full_name=ret.full_name,
        account_type=ret.account_type,
        number=ret.account_number,
        is_active=ret.is_active,
        balance=ret.balance,
        total_balance=ret.total_balance,
        special_type=ret.special_account_type,
    )


def _class(ret: ClassRet) -> ChartClass:
    return ChartClass(list_id=ret.list_id, full_name=ret.full_name, is_active=ret.is_active)
