"""Database URL spelling for the two drivers we use (asyncpg directly, SQLAlchemy for alembic)."""

from urllib.parse import urlsplit, urlunsplit


def asyncpg_url(url: str) -> str:
    return _with_scheme(url, "postgresql")


def sqlalchemy_url(url: str) -> str:
    return _with_scheme(url, "postgresql+asyncpg")


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def redacted(url: str) -> str:
    """The URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def _with_scheme(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=scheme))
