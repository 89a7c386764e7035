"""Who is asking: the actor recorded in events, and the tenant they are confined to."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from app.errors import NotFound
from domain.access import Principal


@dataclass(frozen=True, slots=True)
class Caller:
    actor: str
    tenant_id: str | None = None  # None: every tenant (a platform token, the local CLI)

    def sees(self, tenant_id: str | None) -> bool:
        return self.tenant_id is None or self.tenant_id == tenant_id

    def check(self, tenant_id: str | None, missing: str) -> None:
        """Another tenant's object is reported exactly like one that does not exist."""
        if not self.sees(tenant_id):
            raise NotFound(missing)

    @classmethod
    def of(cls, principal: Principal) -> Caller:
        return cls(principal.actor, principal.tenant_id)

    @classmethod
    def local(cls) -> Caller:
        """The operator at the machine: the CLI talks to the database with full rights."""
        try:
            user = getpass.getuser()
        except (OSError, KeyError):  # no login name in a bare container
            user = os.environ.get("HOSTNAME", "unknown")
        return cls(f"cli:{user}")
