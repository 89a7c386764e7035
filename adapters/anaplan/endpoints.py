"""URLs of one model's resources (the workspace-scoped form all of Anaplan's docs use)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Endpoints:
    api_url: str
    workspace_id: str
    model_id: str

    @property
    def model(self) -> str:
        return f"{self.api_url.rstrip('/')}/workspaces/{self.workspace_id}/models/{self.model_id}"

    def action(self, kind: str, object_id: str) -> str:
        return f"{self.model}/{kind}/{object_id}"

    def tasks(self, kind: str, object_id: str) -> str:
        return f"{self.action(kind, object_id)}/tasks"

    def task(self, kind: str, object_id: str, task_id: str) -> str:
        return f"{self.tasks(kind, object_id)}/{task_id}"

    def file(self, file_id: str) -> str:
        return f"{self.model}/files/{file_id}"

    def import_dump(self, import_id: str, task_id: str) -> str:
        return f"{self.task('imports', import_id, task_id)}/dump"

    def process_dump(self, process_id: str, task_id: str, object_id: str) -> str:
        return f"{self.task('processes', process_id, task_id)}/dumps/{object_id}"
