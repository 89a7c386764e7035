"""What can go wrong talking to Anaplan, as the domain's retryable/permanent errors.

Messages name the call (method and path under the API base) and Anaplan's own status text,
never a token or a credential.
"""

from __future__ import annotations

from domain.errors import PermanentError, RetryableError


class AnaplanUnavailable(RetryableError):
    """Retries ran out: rate limited, server errors, timeouts, or a model that stayed busy."""

    def __init__(self, method: str, path: str, attempts: int, last: str, status: int | None):
        super().__init__(f"{method} {path}: gave up after {attempts} attempts; last: {last}")
        self.method, self.path, self.attempts, self.status = method, path, attempts, status


class AnaplanRefused(PermanentError):
    """Anaplan answered with a status retrying cannot change (400, 403, 404, 405, 422, ...)."""

    def __init__(self, method: str, path: str, status: int, message: str) -> None:
        super().__init__(f"{method} {path}: {status} {message}")
        self.method, self.path, self.status = method, path, status


class AnaplanAuthFailed(PermanentError):
    """The credentials were rejected, or a fresh token was refused at once."""


class AnaplanTaskError(PermanentError):
    """A task ended unsuccessfully or was cancelled; `report` holds what an import said."""

    def __init__(self, task_id: str, state: str, reason: str, report: object = None) -> None:
        super().__init__(f"task {task_id} ended {state}: {reason}")
        self.task_id, self.state, self.reason, self.report = task_id, state, reason, report


class AnaplanTaskTimeout(RetryableError):
    """A task ran longer than the client waits for; it was asked to cancel."""


class AnaplanNotFound(PermanentError):
    """No action, file or list of that name or id in the model."""


class AnaplanMismatch(PermanentError):
    """The model's actions do not fit the connection's settings (e.g. import columns)."""


class LostResponse(Exception):
    """A request that is not safe to repeat may or may not have reached Anaplan."""
