"""Numbers as Anaplan writes them into exports, and as imports expect them.

Accepted (ASCII digits only): plain decimals (`1234.5`, `-1234.50`, `.5`), thousands
grouped with commas (`1,234.50`, groups of exactly three digits), negatives in parentheses
(`(1,234.50)`, the PARENTHESES negative notation), a leading `+`, and exponents (`1.5E+6`)
which Anaplan uses for very large or small values. An empty cell has no value:
`parse_amount` returns None and the caller skips the cell (Anaplan writes zero as `0`, so
blank means "no data", which a full snapshot of the plan treats as zero).
Anything else is malformed.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(
    r"""
    (?P<sign>[-+])?
    (?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)
    (?P<fraction>\.[0-9]*)?
    (?P<exponent>[eE][-+]?[0-9]+)?
    """,
    re.VERBOSE,
)
# Anaplan numbers are doubles (about 1.8E+308 down to 4.9E-324). Beyond that a cell is
# not Anaplan's, and Decimal would keep it anyway: 1E-999999999 formats as a billion
# digits, 1E+999999999 overflows the first sum.
_LARGEST, _SMALLEST = 308, -340


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
    if value.adjusted() > _LARGEST or int(value.as_tuple().exponent) < _SMALLEST:
        raise MalformedAmount(f"{text[:40]!r} is beyond the range of an Anaplan number")
    return -value if negative else value


def format_amount(value: Decimal) -> str:
    """Plain decimal text for an import: no grouping, a leading '-' when negative."""
    if not value.is_finite():
        raise MalformedAmount(f"{value} cannot be imported")
    text = format(value, "f")
    return "0" if Decimal(text) == 0 else text
