"""Identifier shapes Anaplan uses (integration-api-v2.md §2, "Ids")."""

import secrets
import uuid
from collections import defaultdict

LIST = 101
MODULE = 102
VERSION = 107
IMPORT = 112
FILE = 113
EXPORT = 116
ACTION = 117
PROCESS = 118
LIST_ITEM = 202
LINE_ITEM = 206

# Dimension ids of the built-in Time and Versions dimensions, as in Anaplan's cell-write example.
TIME_DIMENSION = "20000000003"
VERSIONS_DIMENSION = "20000000020"
LINE_ITEMS_DIMENSION = "20000000021"


class IdAllocator:
    """Hands out 12-digit object ids whose 3-digit prefix tells the object kind."""

    def __init__(self) -> None:
        self._next: defaultdict[int, int] = defaultdict(int)

    def next(self, prefix: int) -> str:
        number = self._next[prefix]
        self._next[prefix] += 1
        return f"{prefix}{number:09d}"


def workspace_id() -> str:
    return secrets.token_hex(16)


def model_id() -> str:
    return secrets.token_hex(16).upper()


def task_id() -> str:
    return uuid.uuid4().hex.upper()


def guid() -> str:
    return uuid.uuid4().hex
