"""The layering rules that keep the domain pure and the simulators independent."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IO_LIBRARIES = {"sqlalchemy", "asyncpg", "lxml", "aiohttp", "fastapi", "structlog", "alembic"}
PRODUCT = {"domain", "adapters", "app", "projections"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_imports_no_io_library_and_nothing_outside_itself(path):
    roots = imported_roots(path)
    assert not roots & IO_LIBRARIES
    assert not roots & (PRODUCT - {"domain"}) and "simulators" not in roots


@pytest.mark.parametrize("path", modules("simulators"), ids=lambda p: str(p.relative_to(ROOT)))
def test_simulators_share_no_code_with_the_product(path):
    assert not imported_roots(path) & PRODUCT


@pytest.mark.parametrize(
    "path",
    [p for package in PRODUCT for p in modules(package)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_product_code_never_imports_a_simulator(path):
    assert "simulators" not in imported_roots(path)
