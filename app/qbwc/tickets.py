"""Session tickets: 256 random bits handed to the Web Connector, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets


def new_ticket() -> str:
    return secrets.token_urlsafe(32)


def ticket_hash(ticket: str) -> bytes:
    return hashlib.sha256(ticket.encode("utf-8", "replace")).digest()
