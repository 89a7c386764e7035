"""Numbers as Anaplan writes them into exports, and as imports expect them.

Accepted: plain decimals (`1234.5`, `-1234.50`, `.5`), thousands grouped with commas
(`1,234.50`, groups of exactly three digits), negatives in parentheses (`(1,234.50)`, the
PARENTHESES negative notation), a leading `+`, and exponents (`1.5E+6`) which Anaplan uses
for very large or small values. An empty cell has no value: `parse_amount` returns None and
the caller skips the cell (Anaplan writes zero as `0`, so blank means "no data", which a full
snapshot of the plan treats as zero). Anything else is malformed.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(
    r"""
    (?P<sign>[-+])?
    (?P<digits>\d{1,3}(?:,\d{3})+|\d*)
    (?P<fraction>\.\d*)?
    (?P<exponent>[eE][-+]?\d+)?
    """,
    re.VERBOSE,
)


class MalformedAmount(ValueError):
    pass


def parse_amount(text: str) -> Decimal | None:
    """The value of an exported number; None for an empty cell."""
    candidate = text.strip()
    if not candidate:
        return None
    negative = candidate.startswith("(") and candidate.endswith(")")
    body = candidate[1:-1].strip() if negative else candidate
    match = _NUMBER.fullmatch(body)
    if match is None or not (match["digits"] or (match["fraction"] or "")[1:]):
        raise MalformedAmount(f"{text!r} is not a number")
    if negative and match["sign"]:
        raise MalformedAmount(f"{text!r} has both a sign and parentheses")
    value = Decimal(body.replace(",", ""))
    return -value if negative else value


def format_amount(value: Decimal) -> str:
    """Plain decimal text for an import: no grouping, a leading '-' when negative."""
    if not value.is_finite():
        raise MalformedAmount(f"{value} cannot be imported")
    text = format(value, "f")
    return "0" if Decimal(text) == 0 else text
