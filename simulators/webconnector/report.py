"""What one Web Connector update ("cycle") did, for tests and the sandbox."""

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    COMPLETED = "completed"  # closeConnection reached (check last_errors for a server error)
    NO_WORK = "no_work"  # authenticate said "none" (or "busy")
    AUTH_FAILED = "auth_failed"  # authenticate said "nvu"
    CONNECTION_ERROR = "connection_error"  # QuickBooks unreachable, connectionError called
    LOST_CONNECTION = "lost_connection"  # a call got no answer (refused, dropped, timed out)
    ABORTED = "aborted"  # bad reply, SOAP fault, E:/O: client version, or the loop guard


@dataclass(frozen=True)
class CallRecord:
    method: str
    request_body: str
    response_body: str | None
    http_status: int | None
    wall_seconds: float


@dataclass(frozen=True)
class MessageRecord:
    """One qbXML request handed to QuickBooks and what QuickBooks answered."""

    request_xml: str
    response_xml: str
    hresult: str
    message: str
    qb_seconds: float


@dataclass
class CycleReport:
    outcome: Outcome | None = None
    calls: list[CallRecord] = field(default_factory=list)
    messages: list[MessageRecord] = field(default_factory=list)
    percents: list[int] = field(default_factory=list)
    last_errors: list[str] = field(default_factory=list)
    close_message: str | None = None
    server_version: str | None = None
    client_version_reply: str | None = None
    ticket: str | None = None
    auth_status: str | None = None
    wait_seconds: int | None = None
    min_run_every_seconds: int | None = None
    company_file: str | None = None
    connection_errors: list[tuple[str, str, str]] = field(default_factory=list)
    noops: int = 0
    error: str | None = None

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    @property
    def round_trips(self) -> int:
        return len(self.calls)

    @property
    def qb_seconds(self) -> list[float]:
        return [message.qb_seconds for message in self.messages]

    @property
    def max_qb_seconds(self) -> float:
        return max(self.qb_seconds, default=0.0)

    def summary(self) -> dict[str, object]:
        return {
            "outcome": str(self.outcome),
            "round_trips": self.round_trips,
            "messages": len(self.messages),
            "percents": self.percents,
            "last_errors": self.last_errors,
            "close_message": self.close_message,
            "max_qb_seconds": round(self.max_qb_seconds, 3),
            "error": self.error,
        }
