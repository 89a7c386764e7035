"""Hypothesis strategies shared by the fuzz suites: text that XML can carry, and values
that look like what a field expects next to values that only almost do."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters XML 1.0 allows in text and attribute values (no C0 controls but TAB, LF, CR;
# no surrogates; no U+FFFE/U+FFFF).
XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff",
)
xml_text = st.text(XML_CHARS, max_size=40)
FULLWIDTH_2027 = "\uff12\uff10\uff12\uff17"  # digits to \\d and int(), not to QuickBooks
ARABIC_123 = "\u0661\u0662\u0663"

NUMBERISH = st.sampled_from(
    [
        "0", "1", "-1", "1500.00", "-25.5", ".5", "5.", "+3", "1,234.50", "(12.00)", "1e5",
        "1E+999999999", "1e-999999999", "0E-999999999", "NaN", "-Infinity", "sNaN", "1_000",
        ARABIC_123, FULLWIDTH_2027, "\u00b2", "--5", "9" * 5000, " 12 ", "", "   ", "0x10",
        "1.2.3", "-", ".",
    ]
)  # fmt: skip
DATEISH = st.sampled_from(
    [
        "2027-07-15", "2027-7-5", "2027-02-30", "0000-01-01", "9999-12-31", "20270715",
        "2027-W01-1", FULLWIDTH_2027 + "-01-01", "2027-13-01", "", "yesterday",
    ]
)  # fmt: skip
STAMPISH = st.sampled_from(
    [
        "2027-07-15T10:00:00-05:00", "2027-07-15T10:00:00", "2027-7-5T9:05:00-5:00",
        "2027-07-15T25:00:00", "2027-07-15T10:61:00", "2027-07-15T10:00:00+99:00",
        "2027-07-15T10:00:00-05:99", "2027-07-15T10:00:00-0" + "0" * 4000 + "5:00",
        FULLWIDTH_2027 + "-07-15T10:00:00", "2027-07-15T10:00:00Z", "0000-01-01T00:00:00", "",
    ]
)  # fmt: skip


def scalar(*likely: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly plausible values for the field, sometimes anything at all."""
    return st.one_of(*likely, xml_text)
