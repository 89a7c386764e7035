"""Bearer-token authentication and scope checks for every operator endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapters.postgres.tokens import TokenStore
from app.api.deps import ContainerDep
from domain.access import Principal, Scope

_bearer = HTTPBearer(auto_error=False, description="An operator token: `mlc_<id>_<secret>`")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def authenticate(container: ContainerDep, credentials: BearerDep) -> Principal:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = await TokenStore(container.pool).authenticate(credentials.credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid or revoked token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def require(scope: Scope) -> Callable[..., Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not principal.scope.allows(scope):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {scope} scope")
        return principal

    return check


def ensure_tenant(principal: Principal, tenant_id: str) -> None:
    """Answer 404, not 403, so a token cannot probe which other tenants' objects exist."""
    if not principal.can_access(tenant_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")


Reader = Annotated[Principal, Depends(require(Scope.READ))]
Operator = Annotated[Principal, Depends(require(Scope.OPERATOR))]
Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
