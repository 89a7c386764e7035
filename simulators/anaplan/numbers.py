"""Number text as Anaplan exports and imports it: plain decimals, a leading '-' when negative."""

import re
from decimal import Decimal

_PLAIN = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")


def format_number(value: Decimal) -> str:
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def parse_number(text: str, decimal_separator: str = ".") -> Decimal | None:
    """The value of `text`, or None when it is not a plain decimal number."""
    candidate = text.strip()
    if decimal_separator != ".":
        if "." in candidate:
            return None
        candidate = candidate.replace(decimal_separator, ".")
    if not _PLAIN.match(candidate):
        return None
    return Decimal(candidate)
