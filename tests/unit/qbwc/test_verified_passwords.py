"""Recently verified Web Connector passwords: remembered briefly, never readable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.qbwc.login import VerifiedPasswords

NOW = datetime(2027, 1, 1, tzinfo=UTC)
STORED = "scrypt$16384$8$1$c2FsdA==$ZGlnZXN0"


def test_a_verified_password_is_known_for_its_lifetime_only():
    verified = VerifiedPasswords(timedelta(minutes=5))
    verified.remember(STORED, "right", NOW)
    assert verified.known(STORED, "right", NOW + timedelta(minutes=4))
    assert not verified.known(STORED, "right", NOW + timedelta(minutes=5))


def test_another_password_or_a_new_stored_hash_is_not_known():
    verified = VerifiedPasswords(timedelta(minutes=5))
    verified.remember(STORED, "right", NOW)
    assert not verified.known(STORED, "wrong", NOW)
    assert not verified.known(STORED.replace("ZGln", "bmV3"), "right", NOW)


def test_what_is_kept_is_neither_the_password_nor_its_hash_and_is_bounded():
    verified = VerifiedPasswords(timedelta(minutes=5), size=2)
    for n in range(3):
        verified.remember(STORED, f"password {n}", NOW)
    kept = repr(vars(verified))
    assert "password" not in kept and STORED not in kept
    assert not verified.known(STORED, "password 0", NOW)
    assert verified.known(STORED, "password 2", NOW)
