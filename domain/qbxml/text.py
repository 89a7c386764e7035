"""QuickBooks Desktop reads ISO-8859-1 only (NOTES §B.9: other characters break the parse
or come back as "?"). Text is transliterated to Latin-1 where a faithful equivalent
exists and refused otherwise, naming the field, so a bad memo never reaches QuickBooks."""

from __future__ import annotations

import unicodedata

from domain.errors import DomainError

# Characters NFKD cannot map to Latin-1 but which have an obvious typographic equivalent.
_EQUIVALENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2039": "<", "\u203a": ">",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "--",
    "\u2015": "--", "\u2212": "-",
    "\u2026": "...", "\u2022": "*", "\u2027": "-",
    "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u2060": "", "\u200b": "", "\ufeff": "",
    "\u0152": "OE", "\u0153": "oe", "\u0141": "L", "\u0142": "l", "\u0110": "D",
    "\u0111": "d", "\u0126": "H", "\u0127": "h", "\u0131": "i", "\u0138": "q",
    "\u013f": "L", "\u0140": "l", "\u0166": "T", "\u0167": "t", "\u0149": "'n",
    "\u0192": "f", "\u20ac": "EUR", "\u2122": "(TM)",
}  # fmt: skip
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class NotLatin1(DomainError):
    """Text QuickBooks Desktop cannot store and that has no faithful Latin-1 spelling."""

    def __init__(self, field: str, char: str) -> None:
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        super().__init__(
            f"{field}: the character {char!r} ({name}) cannot be sent to QuickBooks Desktop, "
            "which accepts ISO-8859-1 (Latin-1) text only"
        )
        self.field = field
        self.char = char


def to_latin1(value: str, field: str) -> str:
    """`value` spelled in Latin-1, or NotLatin1 naming `field` and the first bad character."""
    if _is_latin1(value):
        return value
    return "".join(_latin1_char(char, field) for char in unicodedata.normalize("NFC", value))


def _is_latin1(value: str) -> bool:
    return all(_plain(char) for char in value)


def _plain(char: str) -> bool:
    code = ord(char)
    return (0x20 <= code <= 0x7E) or (0xA0 <= code <= 0xFF) or char in _ALLOWED_CONTROLS


def _latin1_char(char: str, field: str) -> str:
    if _plain(char):
        return char
    if char in _EQUIVALENTS:
        return _EQUIVALENTS[char]
    if unicodedata.combining(char):  # an accent NFC could not fold into its letter
        return ""
    decomposed = _without_marks(unicodedata.normalize("NFKD", char))
    if decomposed and _is_latin1(decomposed):
        return unicodedata.normalize("NFC", decomposed)
    raise NotLatin1(field, char)


def _without_marks(text: str) -> str:
    """Drop combining accents (ő -> o) but keep what Latin-1 can hold (é stays é)."""
    kept = "".join(c for c in text if not unicodedata.combining(c))
    recomposed = unicodedata.normalize("NFC", text)
    return recomposed if _is_latin1(recomposed) else kept
