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

    encryption_keys: SecretStr | None = Field(
        default=None, description="'kid:base64key,...' (AES-256); else the key file is used"
    )
    encryption_active_key: str | None = None
    key_file: Path | None = Field(
        default=None, description="JSON key file; default <data_dir>/keys.json, created if absent"
    )

    migrate_on_start: bool = True
    poll_interval: float = Field(default=1.0, gt=0)
    worker_concurrency: int = Field(default=4, ge=1)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)
    retry_max_attempts: int = Field(default=8, ge=1)

    anaplan_requests_per_minute: int = Field(
        default=600, ge=1, description="Anaplan's request limit per tenant, shared by all workers"
    )

    def resolved_database_url(self) -> str | None:
        return self.database_url.get_secret_value() if self.database_url else None

    def resolved_key_file(self) -> Path:
        return self.key_file or Path(self.data_dir) / "keys.json"
