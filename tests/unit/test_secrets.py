"""Encryption of credentials and slow password hashes."""

from __future__ import annotations

import pytest

from adapters.crypto import DecryptionError, MissingKey, SecretBox, new_key
from adapters.passwords import hash_password, verify_password


def test_a_sealed_secret_opens_only_for_its_own_row():
    box = SecretBox({"k1": new_key()}, "k1")
    sealed = box.seal(b"hunter2", "conn-1/anaplan_password")
    assert b"hunter2" not in sealed.blob
    assert box.open(sealed, "conn-1/anaplan_password") == b"hunter2"
    with pytest.raises(DecryptionError):
        box.open(sealed, "conn-2/anaplan_password")


def test_old_values_open_after_a_new_key_becomes_active():
    old, new = new_key(), new_key()
    sealed = SecretBox({"k1": old}, "k1").seal(b"s", "c/k")
    rotated = SecretBox({"k1": old, "k2": new}, "k2")
    assert rotated.open(sealed, "c/k") == b"s"
    assert rotated.seal(b"s", "c/k").key_id == "k2"
    with pytest.raises(MissingKey):
        SecretBox({"k2": new}, "k2").open(sealed, "c/k")


def test_password_hashes_verify_only_the_right_password():
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horsf", stored)
    assert not verify_password("anything", "garbage")
    assert hash_password("correct horse") != stored  # salted
