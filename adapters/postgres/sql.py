"""Loads named SQL queries from the .sql files beside this module.

A file holds blocks that start with `-- name: <query_name>`; keeping the critical SQL
(append, read, claim, checkpoint) together in readable files beats string fragments.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)


@functools.cache
def queries(filename: str) -> dict[str, str]:
    text = (Path(__file__).parent / filename).read_text()
    parts = _NAME.split(text)[1:]
    return {name: body.strip() for name, body in zip(parts[::2], parts[1::2], strict=True)}


def query(filename: str, name: str) -> str:
    return queries(filename)[name]
