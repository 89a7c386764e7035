"""The domain's error hierarchy. Adapters translate infrastructure errors into these."""


class DomainError(Exception):
    """Base class for errors the domain knows about."""


class ConcurrencyError(DomainError):
    """An append's expected stream version did not match the stream's actual version."""

    def __init__(self, stream_id: str, expected: int, actual: int | None) -> None:
        found = "a newer version" if actual is None else f"version {actual}"
        super().__init__(f"stream {stream_id!r}: expected version {expected}, found {found}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class UnknownEventType(DomainError):
    """The log holds an event type this code base does not define."""


class RetryableError(DomainError):
    """A transient failure (network, database restart, remote 5xx); retry with backoff."""


class PermanentError(DomainError):
    """A failure that will not go away by retrying; park the stream with this message."""
