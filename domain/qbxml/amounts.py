"""qbXML amounts (AMTTYPE): up to 13 integer digits and 0 or exactly 2 decimals. Money
is Decimal end to end; a value with finer precision is an error, never silently rounded
(rounding is a business decision the caller makes, e.g. with `to_cents`)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import DomainError

CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** 13
# What QuickBooks writes: plain ASCII decimals. Decimal() itself would also take NaN,
# Infinity, exponents (1E+999999999 overflows the first sum), underscores and non-ASCII
# digits, none of which is an amount. 15 integer digits leave room over AMTTYPE's 13.
_READABLE = re.compile(r"[-+]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)")


class InvalidAmount(DomainError):
    pass


def to_cents(value: Decimal) -> Decimal:
    """Round half away from zero to cents: the usual rule for money."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount_text(value: Decimal, field: str = "Amount") -> str:
    """The AMTTYPE spelling of `value`: always two decimals ("1500.00")."""
    check_amount(value, field)
    return f"{value.quantize(CENT):f}"


def check_amount(value: Decimal, field: str = "Amount") -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidAmount(f"{field}: {value!r} is not a finite Decimal amount")
    if value != value.quantize(CENT):
        raise InvalidAmount(f"{field}: {value} has more than 2 decimals")
    if abs(value) >= _LIMIT:
        raise InvalidAmount(f"{field}: {value} has more than 13 integer digits")


def parse_amount(text: str | None) -> Decimal | None:
    """QuickBooks' amounts as Decimal; None for an absent or empty value."""
    if text is None or not text.strip():
        return None
    if not _READABLE.fullmatch(text.strip()):
        raise InvalidAmount(f"{text[:40]!r} is not an amount")
    return Decimal(text.strip())
