"""Disk-backed file content: export output, uploaded import sources and failure dumps."""

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


class Workdir:
    """A private temporary directory; content lives on disk so 100 MB files cost no memory."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="anaplan-sim-"))
        self._counter = 0

    def new_path(self, stem: str) -> Path:
        self._counter += 1
        return self.root / f"{stem}-{self._counter}"

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass(frozen=True)
class StoredContent:
    """A file on disk cut into chunks at the byte offsets in `bounds` (first 0, last = size)."""

    path: Path
    bounds: tuple[int, ...]

    @classmethod
    def split(cls, path: Path, chunk_size: int) -> "StoredContent":
        """Fixed-size chunks at arbitrary byte offsets, as the real service cuts exports."""
        size = path.stat().st_size
        return cls(path, (*range(0, size, chunk_size), size) if size else (0,))

    @property
    def chunk_count(self) -> int:
        return len(self.bounds) - 1

    @property
    def size(self) -> int:
        return self.bounds[-1]

    def read_chunk(self, index: int) -> bytes:
        start, end = self.bounds[index], self.bounds[index + 1]
        with self.path.open("rb") as stream:
            stream.seek(start)
            return stream.read(end - start)

    def open(self) -> BinaryIO:
        return self.path.open("rb")

    def read_all(self) -> bytes:
        return self.path.read_bytes()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class UploadSession:
    """Chunks of one upload, which may arrive in any order and concurrently."""

    def __init__(self, declared: int) -> None:
        self.declared = declared
        self.pieces: dict[int, Path] = {}

    def add_piece(self, index: int, path: Path) -> None:
        previous = self.pieces.get(index)
        if previous is not None:
            previous.unlink(missing_ok=True)
        self.pieces[index] = path

    @property
    def complete(self) -> bool:
        """A declared count completes the file on its last chunk; -1 waits for /complete."""
        return self.declared >= 0 and set(self.pieces) == set(range(self.declared))

    def assemble(self, target: Path) -> StoredContent:
        bounds, offset = [0], 0
        with target.open("wb") as out:
            for index in sorted(self.pieces):
                with self.pieces[index].open("rb") as piece:
                    offset += _copy(piece, out)
                bounds.append(offset)
        self.discard()
        return StoredContent(target, tuple(bounds))

    def discard(self) -> None:
        for path in self.pieces.values():
            path.unlink(missing_ok=True)
        self.pieces.clear()


def _copy(source: BinaryIO, target: BinaryIO) -> int:
    before = target.tell()
    shutil.copyfileobj(source, target, 1 << 20)
    return target.tell() - before


@dataclass
class FileSlot:
    """A model file: an import data source (113…) or an export's output (same id as the export)."""

    id: str
    name: str
    separator: str = ","
    delimiter: str = '"'
    encoding: str = "UTF-8"
    header_row: int = 1
    first_data_row: int = 2
    format: str = "txt"
    content: StoredContent | None = None
    upload: UploadSession | None = field(default=None, repr=False)

    @property
    def chunk_count(self) -> int:
        return self.content.chunk_count if self.content else 0

    def replace_content(self, content: StoredContent | None) -> None:
        if self.content is not None and self.content != content:
            self.content.discard()
        self.content = content

    def metadata(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "chunkCount": self.chunk_count,
            "delimiter": self.delimiter,
            "encoding": self.encoding,
            "firstDataRow": self.first_data_row,
            "format": self.format,
            "headerRow": self.header_row,
            "separator": self.separator,
        }
