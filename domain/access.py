"""Who may do what: scopes form a ladder, tokens are bound to a tenant or to all of them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    READ = "read"
    OPERATOR = "operator"
    ADMIN = "admin"

    def allows(self, needed: Scope) -> bool:
        return _RANK[self] >= _RANK[needed]


_RANK = {Scope.READ: 0, Scope.OPERATOR: 1, Scope.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class Principal:
    token_id: str
    tenant_id: str | None  # None: a platform token, every tenant
    scope: Scope

    def can_access(self, tenant_id: str) -> bool:
        return self.tenant_id is None or self.tenant_id == tenant_id

    @property
    def actor(self) -> str:
        return f"token:{self.token_id}"
