"""All configuration, from MLC_* environment variables (or a .env file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MLC_", env_file=".env", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None, description="PostgreSQL URL; unset means the embedded server under data_dir"
    )
    data_dir: Path = Path("var")
    log_format: Literal["console", "json"] = "console"
    log_level: str = "INFO"

    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = Field(default=None, description="URL the Web Connector reaches us at")
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None
    metrics_port: int | None = Field(
        default=None, description="A worker's Prometheus port (the service uses GET /metrics)"
    )

    encryption_keys: SecretStr | None = Field(
        default=None, description="'kid:base64key,...' (AES-256); else the key file is used"
    )
    encryption_active_key: str | None = None
    key_file: Path | None = Field(
        default=None, description="JSON key file; default <data_dir>/keys.json, created if absent"
    )

    # QuickBooks Web Connector sessions (app/qbwc)
    qbwc_recommended_client_version: str | None = Field(
        default=None, description="older Web Connectors get a warning (W:) but may go on"
    )
    qbwc_ticket_idle_seconds: float = Field(default=600, gt=0)
    qbwc_session_max_seconds: float = Field(default=4 * 3600, gt=0)
    qbwc_message_target_seconds: float = Field(default=20, gt=0, le=50)
    qbwc_max_requests_per_message: int = Field(default=50, ge=1)
    qbwc_max_page_rows: int = Field(default=500, ge=10)
    qbwc_max_messages_per_session: int = Field(default=2000, ge=1)
    qbwc_noop_limit_seconds: float = Field(default=300, ge=0)
    qbwc_max_body_bytes: int = Field(default=64 * 2**20, ge=2**16)
    qbwc_login_max_failures: int = Field(default=5, ge=1)
    qbwc_lockout_seconds: float = Field(default=60, gt=0)
    ledger_overlap_minutes: float = Field(default=15, ge=0)

    migrate_on_start: bool = True
    poll_interval: float = Field(default=1.0, gt=0)
    worker_concurrency: int = Field(default=4, ge=1)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)
    retry_max_attempts: int = Field(default=8, ge=1)

    anaplan_requests_per_minute: int = Field(
        default=600, ge=1, description="Anaplan's request limit per tenant, shared by all workers"
    )
    anaplan_timeout_seconds: float = Field(
        default=300.0, gt=0, description="longest wait for Anaplan's answer to one call"
    )
    anaplan_retry_seconds: float = Field(
        default=1.0,
        gt=0,
        description="first wait before calling Anaplan again after a 5xx, a timeout or a 429 "
        "without Retry-After; it doubles on each attempt, 8 attempts in all",
    )
    anaplan_poll_seconds: float = Field(
        default=5.0,
        gt=0,
        description="first and shortest wait between task status calls "
        "(Anaplan asks for at least 5 s; the sandbox and tests use less with the simulator)",
    )

    def resolved_database_url(self) -> str | None:
        return self.database_url.get_secret_value() if self.database_url else None

    def resolved_key_file(self) -> Path:
        return self.key_file or Path(self.data_dir) / "keys.json"
