"""The tenant: users, workspaces and their models."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import ids
from .calendar import Calendar
from .model import Model


@dataclass
class User:
    email: str
    password: str = field(repr=False)
    guid: str = field(default_factory=ids.guid)
    first_name: str = "Sim"
    last_name: str = "User"


class Workspace:
    def __init__(self, name: str, size_allowance: int = 1_073_741_824) -> None:
        self.id = ids.workspace_id()
        self.name = name
        self.active = True
        self.size_allowance = size_allowance
        self.models: dict[str, Model] = {}

    def add_model(
        self,
        name: str,
        calendar: Calendar | None = None,
        versions: Sequence[str] = ("Actual", "Budget", "Forecast"),
    ) -> Model:
        model = Model(self, name, calendar or Calendar(first_year=2027), versions)
        self.models[model.id] = model
        return model


class Tenant:
    def __init__(self) -> None:
        self.guid = ids.guid()
        self.users: dict[str, User] = {}
        self.workspaces: dict[str, Workspace] = {}

    def add_user(self, email: str, password: str) -> User:
        user = User(email, password)
        self.users[email] = user
        return user

    def add_workspace(self, name: str) -> Workspace:
        workspace = Workspace(name)
        self.workspaces[workspace.id] = workspace
        return workspace

    @property
    def models(self) -> list[Model]:
        return [model for ws in self.workspaces.values() for model in ws.models.values()]

    def model(self, model_id: str) -> Model | None:
        return next((model for model in self.models if model.id == model_id), None)
