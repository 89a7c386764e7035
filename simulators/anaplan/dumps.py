"""Import failure dumps: a CSV of the rejected rows with "_Status_", "_Line_" and "_Error_1_"."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .filestore import StoredContent


class DumpWriter:
    """Opens its file on the first rejected row, so a clean import leaves nothing behind."""

    def __init__(self, path: Path, headers: Callable[[], list[str]], chunk_size: int) -> None:
        self._path = path
        self._header_source = headers
        self._headers: list[str] = []
        self._chunk_size = chunk_size
        self._stream: TextIO | None = None
        self._writer: Any = None

    def write(self, status: str, cells: list[str], line: int, error: str) -> None:
        if self._writer is None:
            self._open()
        width = len(self._headers)
        padded = (cells + [""] * width)[:width]
        self._writer.writerow([status, *padded, str(line), error])

    def _open(self) -> None:
        self._headers = self._header_source()
        self._stream = self._path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream, quoting=csv.QUOTE_ALL, lineterminator="\n")
        self._writer.writerow(["_Status_", *self._headers, "_Line_", "_Error_1_"])

    def close(self) -> StoredContent | None:
        if self._stream is None:
            return None
        self._stream.close()
        return StoredContent.split(self._path, self._chunk_size)


@dataclass
class DumpRecord:
    task_id: str
    content: StoredContent


class DumpStore:
    """One dump per import (or per process action): a newer run replaces or removes it."""

    def __init__(self) -> None:
        self._dumps: dict[tuple[str, ...], DumpRecord] = {}

    def put(self, key: tuple[str, ...], task_id: str, content: StoredContent | None) -> None:
        old = self._dumps.pop(key, None)
        if old is not None:
            old.content.discard()
        if content is not None:
            self._dumps[key] = DumpRecord(task_id, content)

    def get(self, key: tuple[str, ...], task_id: str) -> StoredContent | None:
        record = self._dumps.get(key)
        return record.content if record and record.task_id == task_id else None
