"""Which qbXML version a session speaks, and what clientVersion answers.

The product renders qbXML 13.0 (every element it uses exists since 9.0 or earlier, NOTES
§B.9) and checks each message against Intuit's 13.0 schema, so 13.0 is the floor: an
older QuickBooks is told why through getLastError instead of getting messages it might
misread."""

from __future__ import annotations

OLDEST_QBXML = "13.0"
_MAX_PARTS, _MAX_DIGITS = 8, 9


def version_key(text: str) -> tuple[int, ...]:
    """Dotted version as a comparable tuple ("2.3.0.215" -> (2, 3, 0, 215))."""
    parts = []
    for part in text.strip().split(".")[:_MAX_PARTS]:
        digits = "".join(c for c in part if "0" <= c <= "9")
        # Capped: a version comes from the client, and int() refuses 4,300 digits.
        parts.append(int(digits[:_MAX_DIGITS]) if digits else 0)
    return tuple(parts)


def negotiate(target: str, reported: str, supported: tuple[str, ...] = ()) -> str | None:
    """min(our target, what QBWC reports), refined by HostRet's list when it has one;
    None when that is older than OLDEST_QBXML."""
    ceiling = min(target, reported, key=version_key)
    candidates = [v for v in supported if version_key(v) <= version_key(ceiling)]
    chosen = max(candidates, key=version_key) if candidates else ceiling
    return chosen if version_key(chosen) >= version_key(OLDEST_QBXML) else None


def client_version_reply(reported: str, minimum: str | None, recommended: str | None = None) -> str:
    """ "" (fine), "O:<minimum>" (QBWC tells the user to upgrade and stops) or "W:<text>"
    (QBWC shows the warning and goes on)."""
    if minimum and version_key(reported) < version_key(minimum):
        return f"O:{minimum}"
    if recommended and version_key(reported) < version_key(recommended):
        return (
            f"W:This Web Connector ({reported}) works, but version {recommended} or later is "
            "recommended; please update it when you can."
        )
    return ""


def client_too_old(reported: str | None, minimum: str | None) -> bool:
    return bool(minimum and reported and version_key(reported) < version_key(minimum))
