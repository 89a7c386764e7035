"""Encryption of credentials at rest: AES-256-GCM under a key named by a key id.

Keys come from the environment (MLC_ENCRYPTION_KEYS="kid:base64key,...") or a key file
outside the database; the database only ever holds `kid` + nonce + ciphertext. The
associated data binds a ciphertext to its connection and kind, so a value copied to
another row does not decrypt. Several keys can be loaded at once: new values use the
active one, old values still open with theirs until a rotation re-encrypts them.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


class MissingKey(Exception):
    """No key to encrypt with, or the key a value names is not loaded."""


class DecryptionError(Exception):
    """A stored value failed authentication: wrong key, wrong row, or tampering."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    blob: bytes  # nonce + ciphertext + tag


class SecretBox:
    def __init__(self, keys: dict[str, bytes], active: str) -> None:
        if active not in keys:
            raise MissingKey(f"active key {active!r} is not among the loaded keys")
        self._keys = {kid: AESGCM(key) for kid, key in keys.items()}
        self.active = active

    @property
    def key_ids(self) -> list[str]:
        return sorted(self._keys)

    def seal(self, plaintext: bytes, context: str) -> Sealed:
        nonce = os.urandom(_NONCE)
        blob = nonce + self._keys[self.active].encrypt(nonce, plaintext, context.encode())
        return Sealed(self.active, blob)

    def open(self, sealed: Sealed, context: str) -> bytes:
        cipher = self._keys.get(sealed.key_id)
        if cipher is None:
            raise MissingKey(f"key {sealed.key_id!r} is not loaded; cannot decrypt")
        nonce, body = sealed.blob[:_NONCE], sealed.blob[_NONCE:]
        try:
            return cipher.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise DecryptionError(f"stored secret for {context!r} failed authentication") from None


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def parse_keys(spec: str) -> dict[str, bytes]:
    """'kid1:base64,kid2:base64' -> {kid: key}."""
    keys = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        kid, _, encoded = item.partition(":")
        keys[kid] = base64.b64decode(encoded)
    return keys


def load_key_file(path: Path) -> tuple[dict[str, bytes], str]:
    data = json.loads(path.read_text())
    return {kid: base64.b64decode(k) for kid, k in data["keys"].items()}, data["active"]


def create_key_file(path: Path) -> None:
    """A first key for a fresh install (sandbox or a machine without a key manager)."""
    kid = f"k{secrets.token_hex(4)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {"active": kid, "keys": {kid: base64.b64encode(new_key()).decode()}}
    path.write_text(json.dumps(content, indent=2))
    path.chmod(0o600)


def add_key_to_file(path: Path) -> str:
    """Add a new key and make it the active one; old keys stay to open old values."""
    keys, _ = load_key_file(path)
    kid = f"k{secrets.token_hex(4)}"
    keys[kid] = new_key()
    encoded = {k: base64.b64encode(v).decode() for k, v in keys.items()}
    _write_atomically(path, json.dumps({"active": kid, "keys": encoded}, indent=2))
    return kid


def _write_atomically(path: Path, text: str) -> None:
    """Running processes re-read the file at any moment: they see the old or the new one."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.touch(mode=0o600)
    temporary.write_text(text)
    os.replace(temporary, path)


class KeyFileBox(SecretBox):
    """A SecretBox that follows its key file, so a key rotation needs no restart: once a new
    key is added, running processes seal with it and open what is sealed with it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: tuple[int, int, int] | None = None
        self._reload()

    def seal(self, plaintext: bytes, context: str) -> Sealed:
        self._reload()
        return super().seal(plaintext, context)

    def open(self, sealed: Sealed, context: str) -> bytes:
        if sealed.key_id not in self._keys:
            self._reload()
        return super().open(sealed, context)

    def _reload(self) -> None:
        stat = self._path.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            super().__init__(*load_key_file(self._path))
            self._stamp = stamp
