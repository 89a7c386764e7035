"""Listing what a tenant and model hold, so users pick actions by name and the product can
check its settings against them. Lists are paged (at most 5000 items a page)."""

from __future__ import annotations

from typing import Any

from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import AnaplanNotFound
from adapters.anaplan.objects import (
    ExportMetadata,
    FileInfo,
    ImportMetadata,
    ListMember,
    ModelInfo,
    Named,
    ProcessMetadata,
    Workspace,
    action_kind,
    looks_like_id,
)
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call

PAGE = 5000


class Discovery:
    def __init__(self, transport: Transport, endpoints: Endpoints, page_size: int = PAGE) -> None:
        self._transport = transport
        self._at = endpoints
        self._page_size = page_size
        self._named: dict[str, list[Named]] = {}
        self._metadata: dict[str, dict[str, Any]] = {}  # of actions, for the client's run

    async def workspaces(self) -> list[Workspace]:
        url = f"{self._at.api_url.rstrip('/')}/workspaces"
        return [Workspace.of(item) for item in await self.pages(url, "workspaces")]

    async def models(self) -> list[ModelInfo]:
        url = f"{self._at.api_url.rstrip('/')}/workspaces/{self._at.workspace_id}/models"
        return [ModelInfo.of(item) for item in await self.pages(url, "models")]

    async def model(self) -> ModelInfo:
        """The connection's model, in its workspace (404 when either is unknown)."""
        body = await self._get(self._at.model, {"modelDetails": "true"})
        return ModelInfo.of({"id": self._at.model_id, **(body.get("model") or {})})

    async def named(self, kind: str) -> list[Named]:
        """exports, imports, processes, actions, lists or modules of the model."""
        if kind not in self._named:
            url = f"{self._at.model}/{kind}"
            self._named[kind] = [Named.of(item) for item in await self.pages(url, kind)]
        return self._named[kind]

    async def resolve(self, kind: str, name_or_id: str) -> Named:
        """The action, list or module called `name_or_id`, or with that id. An export's or
        process's id is taken as it is (a wrong one fails at its first use): only the id
        is needed, and the listing would cost a request."""
        wanted = name_or_id.strip()
        if kind in ("exports", "processes") and action_kind(wanted) == kind:
            return Named(wanted, "")
        for item in await self.named(kind):
            if wanted in (item.name, item.id):
                return item
        if looks_like_id(wanted) and kind in ("lists", "modules"):
            return Named(wanted, wanted)
        raise AnaplanNotFound(f"the model has no {kind[:-1]} named or numbered {wanted!r}")

    async def files(self) -> list[FileInfo]:
        return [FileInfo.of(item) for item in await self.pages(self._at.model + "/files", "files")]

    async def file(self, file_id: str) -> FileInfo:
        for info in await self.files():
            if file_id in (info.id, info.name):
                return info
        raise AnaplanNotFound(f"the model has no file named or numbered {file_id!r}")

    async def export_metadata(self, export_id: str) -> ExportMetadata:
        body = await self._action_metadata("exports", export_id)
        return ExportMetadata.of(body.get("exportMetadata", {}))

    async def import_metadata(self, import_id: str) -> ImportMetadata:
        body = await self._action_metadata("imports", import_id)
        return ImportMetadata.of(body.get("importMetadata", {}))

    async def _action_metadata(self, kind: str, object_id: str) -> dict[str, Any]:
        url = self._at.action(kind, object_id)
        if url not in self._metadata:
            self._metadata[url] = await self._get(url)
        return self._metadata[url]

    async def process_metadata(self, process_id: str) -> ProcessMetadata:
        url = self._at.action("processes", process_id)
        body = await self._get(url, {"showImportDataSource": "true"})
        return ProcessMetadata.of(body.get("processMetadata", {}))

    async def list_members(self, list_id: str) -> list[ListMember]:
        url = f"{self._at.model}/lists/{list_id}/items"
        items = await self.pages(url, "listItems", {"includeAll": "true"})
        return [ListMember.of(item) for item in items]

    async def pages(
        self, url: str, key: str, params: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Every item of a paged list. An empty list may omit its key altogether."""
        items: list[dict[str, Any]] = []
        while True:
            query = (params or {}) | {"limit": str(self._page_size), "offset": str(len(items))}
            body = await self._get(url, query)
            page = body.get(key) or []
            items += page
            total = int(body.get("meta", {}).get("paging", {}).get("totalSize", len(items)))
            if not page or len(items) >= total:
                return items

    async def _get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        reply = await self._transport.send(Call("GET", url, params=params))
        body: dict[str, Any] = reply.json()
        return body
