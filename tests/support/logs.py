"""Capturing what the product logs, as production renders it."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator

import structlog
from structlog._config import BoundLoggerLazyProxy

from app import logging as app_logging

PACKAGES = ("app", "adapters", "domain", "projections")


def _forget_cached_loggers() -> None:
    """Module loggers cache the configuration they first logged under (structlog's
    cache_logger_on_first_use, which `mlc` commands run in-process switch on): make them
    read the current one again, so none writes around the capture."""
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in PACKAGES:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, BoundLoggerLazyProxy):
                value.__dict__.pop("bind", None)


@contextlib.contextmanager
def production_logs() -> Iterator[io.StringIO]:
    """Every structlog line written while the block runs, through the production
    processors (JSON, DEBUG and up); stdlib records are the caplog fixture's."""
    saved = structlog.get_config()
    buffer = io.StringIO()
    app_logging.configure("DEBUG", "json")
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(file=buffer), cache_logger_on_first_use=False
    )
    _forget_cached_loggers()
    try:
        yield buffer
    finally:
        structlog.configure(**saved)
        _forget_cached_loggers()
