"""Starts the simulator: the Integration API (+ /_sim control) and the auth host, each on
its own loopback port, like Anaplan's separate regional hosts."""

import socket
from dataclasses import dataclass
from types import TracebackType

from aiohttp import web

from . import auth_routes, control, discovery, files, oauth_routes, task_routes, transactional
from .certs import fingerprint, load_certificate
from .clock import Clock
from .config import SimConfig
from .faults import Faults
from .limits import Counters
from .model import Model
from .pipeline import api_pipeline, auth_pipeline
from .state import STATE, SimState
from .tasks import ForeignTask, Task
from .tenant import Tenant, User


@dataclass(frozen=True)
class SimUrls:
    api: str  # Integration API base, ending in /2/0 like https://api.anaplan.com/2/0
    auth: str  # authentication host, like https://auth.anaplan.com
    oauth: str  # OAuth host, like https://us1a.app.anaplan.com (served with auth)
    control: str  # /_sim control API on the API port


def build_api_app(state: SimState) -> web.Application:
    app = web.Application(middlewares=[api_pipeline])
    app[STATE] = state
    for module in (discovery, files, task_routes, transactional, control):
        module.add_routes(app)
    return app


def build_auth_app(state: SimState) -> web.Application:
    app = web.Application(middlewares=[auth_pipeline])
    app[STATE] = state
    auth_routes.add_routes(app)
    oauth_routes.add_routes(app)
    return app


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class AnaplanSimulator:
    """In-memory Anaplan tenant served over real HTTP. Seed it through `tenant`, tune it
    through `config` and `faults`, read `counters`; see the package docstring."""

    def __init__(self, config: SimConfig | None = None) -> None:
        self.state = SimState(config or SimConfig())
        self._runners: list[web.AppRunner] = []
        self.urls: SimUrls | None = None

    @property
    def tenant(self) -> Tenant:
        return self.state.tenant

    @property
    def config(self) -> SimConfig:
        return self.state.config

    @property
    def faults(self) -> Faults:
        return self.state.faults

    @property
    def counters(self) -> Counters:
        return self.state.counters

    @property
    def clock(self) -> Clock:
        return self.state.clock

    async def start(
        self, host: str = "127.0.0.1", api_port: int = 0, auth_port: int = 0
    ) -> SimUrls:
        api = await self._serve(build_api_app(self.state), host, api_port)
        auth = await self._serve(build_auth_app(self.state), host, auth_port)
        self.state.auth_base = auth
        self.urls = SimUrls(api=f"{api}/2/0", auth=auth, oauth=auth, control=f"{api}/_sim")
        return self.urls

    async def _serve(self, app: web.Application, host: str, port: int) -> str:
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        sock = _bind(host, port)
        await web.SockSite(runner, sock).start()
        self._runners.append(runner)
        return f"http://{host}:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        self.state.stopping.set()
        for runner in self._runners:
            await runner.cleanup()
        self._runners.clear()
        await self.state.close()

    async def __aenter__(self) -> "AnaplanSimulator":
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- credentials --------------------------------------------------------------------------

    def add_user(self, email: str, password: str) -> User:
        return self.tenant.add_user(email, password)

    def register_certificate(self, certificate_pem: bytes, email: str) -> None:
        certificate = load_certificate(certificate_pem)
        if certificate is None:
            raise ValueError("not a PEM certificate")
        self.state.certificates[fingerprint(certificate)] = self.tenant.users[email]

    def issue_token(self, email: str) -> str:
        user = self.tenant.users[email]
        return self.state.tokens.issue(user, self.config.token_lifetime).value

    def expire_tokens(self) -> int:
        return self.state.tokens.expire_all()

    def add_oauth_client(
        self, client_id: str, client_secret: str | None = None, rotatable: bool = True
    ) -> None:
        self.state.oauth.add_client(client_id, client_secret, rotatable)

    def issue_refresh_token(self, client_id: str, email: str) -> str:
        user = self.tenant.users[email]
        return self.state.oauth.issue_refresh_token(
            client_id, user, self.config.oauth_refresh_lifetime
        )

    def approve_device(self, user_code: str, email: str) -> None:
        self.state.oauth.approve_device(user_code, self.tenant.users[email])

    def decline_device(self, user_code: str) -> None:
        self.state.oauth.decline_device(user_code)

    def pending_user_codes(self) -> list[str]:
        return self.state.oauth.pending_user_codes()

    # -- models and tasks ---------------------------------------------------------------------

    def lock_model(
        self, model: Model, tooltip: str = "Import started by another user", task_id: str = "F" * 32
    ) -> None:
        self.state.runtime(model).queue.set_foreign(ForeignTask(task_id, tooltip))

    def unlock_model(self, model: Model) -> None:
        self.state.runtime(model).queue.set_foreign(None)

    def tasks(self, model: Model) -> list[Task]:
        return list(self.state.runtime(model).tasks.values())

    def file_content(self, model: Model, file_id: str) -> bytes | None:
        content = model.files[file_id].content
        return content.read_all() if content else None
