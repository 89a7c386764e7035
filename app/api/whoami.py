"""Tells a token holder what their token may do."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.auth import Reader

router = APIRouter(tags=["access"])


@router.get("/whoami")
async def whoami(principal: Reader) -> dict[str, str | None]:
    """The token's id, tenant (null for a platform token) and scope."""
    return {
        "token_id": principal.token_id,
        "tenant_id": principal.tenant_id,
        "scope": principal.scope,
    }
