"""One QuickBooks company file held in memory: lists, the ledger, deletions, settings.

Mutations here do no request validation (handlers do that); they keep the derived state
right: IDs, EditSequence and TimeModified on every change, and account balances.
"""

from datetime import date, datetime

from simulators.quickbooks.clock import Clock, SimulatedClock
from simulators.quickbooks.faults import FaultPlan
from simulators.quickbooks.ids import IdFactory, next_edit_sequence
from simulators.quickbooks.latency import LatencyModel
from simulators.quickbooks.lists import ListStore
from simulators.quickbooks.machine_time import MachineTimeZone
from simulators.quickbooks.model import (
    Account,
    DeletedTxn,
    Entity,
    Line,
    LineDraft,
    ListElement,
    QbClass,
    Txn,
)
from simulators.quickbooks.product import ENTERPRISE_24, Product
from simulators.quickbooks.settings import CompanySettings
from simulators.quickbooks.statuses import QbError, name_in_use


class CompanyFile:
    def __init__(
        self,
        settings: CompanySettings | None = None,
        *,
        product: Product = ENTERPRISE_24,
        clock: Clock | None = None,
        timezone: MachineTimeZone | None = None,
        latency: LatencyModel | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        self.settings = settings or CompanySettings()
        self.product = product
        self.clock = clock or SimulatedClock()
        self.timezone = timezone or MachineTimeZone()
        self.latency = latency or LatencyModel()
        self.faults = faults or FaultPlan()
        self.accounts: ListStore[Account] = ListStore()
        self.classes: ListStore[QbClass] = ListStore()
        self.entities: ListStore[Entity] = ListStore()
        self.txns: dict[str, Txn] = {}
        self.deleted: list[DeletedTxn] = []
        self._balances: dict[Account, int] = {}
        self._ids = IdFactory()
        self._txn_number = 0
        self._journal_number = 0

    @property
    def path(self) -> str:
        return self.settings.path

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.timezone.local_date(self.now())

    # Lists -------------------------------------------------------------------------

    def add_account(
        self,
        name: str,
        account_type: str,
        *,
        parent: Account | None = None,
        number: str | None = None,
        description: str | None = None,
        is_active: bool = True,
        special_type: str | None = None,
    ) -> Account:
        fields = self._list_fields(self.accounts, name, parent)
        account = Account(
            **fields,
            is_active=is_active,
            account_type=account_type,
            number=number,
            description=description,
            special_type=special_type,
        )
        self._balances[account] = 0
        return self.accounts.add(account)

    def add_class(
        self, name: str, *, parent: QbClass | None = None, is_active: bool = True
    ) -> QbClass:
        fields = self._list_fields(self.classes, name, parent)
        return self.classes.add(QbClass(**fields, is_active=is_active))

    def add_entity(self, name: str, kind: str) -> Entity:
        return self.entities.add(Entity(**self._list_fields(self.entities, name, None), kind=kind))

    def set_active(self, element: ListElement, is_active: bool) -> None:
        element.is_active = is_active
        self._touch(element)

    def _list_fields(self, store: ListStore, name: str, parent: ListElement | None) -> dict:
        full_name = name if parent is None else f"{parent.full_name}:{name}"
        if store.has_name(full_name):
            raise QbError(name_in_use(full_name))
        at = self.now()
        return {
            "list_id": self._ids.list_id(at),
            "name": name,
            "parent": parent,
            "time_created": at,
            "time_modified": at,
            "edit_sequence": next_edit_sequence(at),
        }

    # Ledger ------------------------------------------------------------------------

    def record(
        self,
        txn_type: str,
        txn_date: date,
        lines: list[LineDraft],
        *,
        header: LineDraft | None = None,
        ref_number: str | None = None,
        entity: Entity | None = None,
        memo: str | None = None,
        is_adjustment: bool = False,
        external_guid: str | None = None,
        at: datetime | None = None,
    ) -> Txn:
        at = at or self.now()
        self._txn_number += 1
        txn = Txn(
            txn_type=txn_type,
            txn_id=self._ids.txn_id(at),
            txn_number=self._txn_number,
            txn_date=txn_date,
            ref_number=ref_number,
            lines=[self._line(draft, at) for draft in lines],
            header=self._line(header, at) if header is not None else None,
            entity=entity,
            memo=memo,
            is_adjustment=is_adjustment,
            external_guid=external_guid,
            time_created=at,
            time_modified=at,
            edit_sequence=next_edit_sequence(at),
        )
        self.txns[txn.txn_id] = txn
        self._post(txn, +1)
        self._note_journal_number(txn)
        return txn

    def replace_lines(self, txn: Txn, lines: list[LineDraft]) -> None:
        """Swap a transaction's lines; drafts keep their TxnLineID when they have one."""
        self._post(txn, -1)
        at = self.now()
        txn.lines = [self._line(draft, at) for draft in lines]
        self._post(txn, +1)

    def mark_modified(self, txn: Txn) -> None:
        self._touch(txn)
        self._note_journal_number(txn)

    def void(self, txn: Txn) -> None:
        self._post(txn, -1)
        for line in txn.postings():
            line.amount = 0
        txn.voided = True
        self._touch(txn)

    def delete(self, txn: Txn) -> DeletedTxn:
        self._post(txn, -1)
        del self.txns[txn.txn_id]
        record = DeletedTxn(txn.txn_type, txn.txn_id, txn.time_created, self.now(), txn.ref_number)
        self.deleted.append(record)
        return record

    def touch(self, txn_id: str) -> Txn:
        """Another QuickBooks user saves the transaction: new EditSequence, new TimeModified."""
        txn = self.txns[txn_id]
        self._touch(txn)
        return txn

    def next_journal_number(self) -> str:
        return str(self._journal_number + 1)

    def balance(self, account: Account) -> int:
        """Balance in the account's natural sign (credit-normal accounts positive on credit)."""
        debit_positive = self._balances[account]
        return debit_positive if account.debit_normal else -debit_positive

    def total_balance(self, account: Account) -> int:
        return sum(self.balance(each) for each in self.accounts.with_descendants(account))

    def _line(self, draft: LineDraft, at: datetime) -> Line:
        return Line(
            line_id=draft.line_id or self._ids.txn_id(at),
            account=draft.account,
            amount=draft.amount,
            is_debit=draft.is_debit,
            memo=draft.memo,
            qb_class=draft.qb_class,
            entity=draft.entity,
        )

    def _post(self, txn: Txn, direction: int) -> None:
        for line in txn.postings():
            self._balances[line.account] += direction * line.signed

    def _touch(self, record: Txn | ListElement) -> None:
        at = self.now()
        record.time_modified = at
        record.edit_sequence = next_edit_sequence(at, record.edit_sequence)

    def _note_journal_number(self, txn: Txn) -> None:
        if txn.txn_type == "JournalEntry" and (txn.ref_number or "").isdigit():
            self._journal_number = max(self._journal_number, int(txn.ref_number or 0))
