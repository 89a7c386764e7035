"""Grafana's PostgreSQL macros and template variables, expanded as Grafana expands them, so
a test can run a panel's SQL as is against the database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_FILTER = re.compile(r"\$__timeFilter\(\s*([^)]+?)\s*\)")
_GROUP = re.compile(r"\$__timeGroup(Alias)?\(\s*([^,]+?)\s*,\s*'?(\w+)'?\s*\)")


def dashboards() -> Iterator[dict[str, Any]]:
    for path in sorted(DASHBOARDS.glob("*.json")):
        yield json.loads(path.read_text())


def seconds(interval: str) -> int:
    return int(interval[:-1]) * _UNITS[interval[-1]]


def expand(
    sql: str,
    start: datetime,
    end: datetime,
    variables: Mapping[str, str],
    interval: str = "1m",
) -> str:
    def literal(t: datetime) -> str:
        return f"'{t.isoformat()}'"

    def group(m: re.Match[str]) -> str:
        step = seconds(m[3])
        expression = f"floor(extract(epoch from {m[2]})/{step})*{step}"
        return expression + (' AS "time"' if m[1] else "")

    sql = sql.replace("$__interval_ms", str(seconds(interval) * 1000))
    sql = sql.replace("$__interval", interval)
    sql = _FILTER.sub(lambda m: f"{m[1]} BETWEEN {literal(start)} AND {literal(end)}", sql)
    sql = _GROUP.sub(group, sql)
    sql = sql.replace("$__timeFrom()", literal(start)).replace("$__timeTo()", literal(end))
    for name, value in variables.items():
        sql = sql.replace(f"${name}", value)
    assert "$" not in sql, f"unexpanded macro or variable in: {sql}"
    return sql
