"""Money as integer cents.

qbXML amounts (AMTTYPE) carry 0 or exactly 2 decimals, so integer cents are exact
and summing thousands of postings never drifts.
"""


def parse_amount(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, _, fraction = text.lstrip("+-").partition(".")
    return sign * (int(whole or 0) * 100 + int(fraction or 0))


def format_amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"{sign}{whole}.{fraction:02d}"
