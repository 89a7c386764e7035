"""What a QuickBooks status code means for the product (NOTES §B.7).

Severity comes from the code range: 0-499 Info, 500-999 Warn, 1000+ Error. The outcomes
below say what the request's source should do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"  # done, data returned
    NO_MATCH = "no_match"  # 1: a query found nothing (Info, not an error)
    PARTIAL = "partial"  # 500: data returned, but some requested elements were not found
    WARNING = "warning"  # other 5xx-9xx: processed, results may not be as expected
    NAME_IN_USE = "name_in_use"  # 3100: the list element already exists
    NOT_FOUND = "not_found"  # 3120: the object named in the request does not exist
    BAD_REFERENCE = "bad_reference"  # 3140: fix the account/class reference, then resend
    RESEND = "resend"  # 3170-3180: locked by another user; resend unchanged
    STALE = "stale"  # 3200: EditSequence out of date; re-query, re-apply, resend
    FEATURE_OFF = "feature_off"  # 3250: e.g. class tracking is off in the company file
    NOT_PERMITTED = "not_permitted"  # 3260/3261: the QuickBooks user may not do this
    RESTART_READ = "restart_read"  # 3391: the iterator is gone; start the read again
    FAILED = "failed"  # any other error: not retryable as is


RESENDABLE = range(3170, 3181)

_BY_CODE = {
    0: Outcome.OK,
    1: Outcome.NO_MATCH,
    500: Outcome.PARTIAL,
    3100: Outcome.NAME_IN_USE,
    3120: Outcome.NOT_FOUND,
    3140: Outcome.BAD_REFERENCE,
    3200: Outcome.STALE,
    3250: Outcome.FEATURE_OFF,
    3260: Outcome.NOT_PERMITTED,
    3261: Outcome.NOT_PERMITTED,
    3391: Outcome.RESTART_READ,
}


def outcome_of(code: int) -> Outcome:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if code in RESENDABLE:
        return Outcome.RESEND
    if code < 500:
        return Outcome.OK
    return Outcome.WARNING if code < 1000 else Outcome.FAILED


def severity_of(code: int) -> str:
    if code < 500:
        return "Info"
    return "Warn" if code < 1000 else "Error"


@dataclass(frozen=True, slots=True)
class Status:
    code: int
    severity: str
    message: str

    @property
    def outcome(self) -> Outcome:
        return outcome_of(self.code)

    @property
    def is_error(self) -> bool:
        return self.code >= 1000

    @property
    def retryable(self) -> bool:
        """Worth sending again in this session (possibly after a re-query)."""
        return self.outcome in (Outcome.RESEND, Outcome.STALE, Outcome.RESTART_READ)


# --- whole-message failures (receiveResponseXML's hresult) --------------------------------


class MessageFailure(StrEnum):
    PARSE_ERROR = "parse_error"  # 0x80040400: QuickBooks could not parse the message
    VERSION_NOT_SUPPORTED = "version_not_supported"  # 0x80040423
    OTHER = "other"


_HRESULTS = {
    0x80040400: MessageFailure.PARSE_ERROR,
    0x80040423: MessageFailure.VERSION_NOT_SUPPORTED,
}


def message_failure(hresult: str) -> MessageFailure:
    try:
        code = int(hresult.strip(), 16) & 0xFFFFFFFF
    except ValueError:
        return MessageFailure.OTHER
    return _HRESULTS.get(code, MessageFailure.OTHER)


def failure_text(hresult: str, message: str) -> str:
    """The human-readable getLastError for a message QuickBooks could not process."""
    what = message.strip() or "no message"
    applied = (
        "Nothing in it was applied"
        if message_failure(hresult) is not MessageFailure.OTHER
        else "Parts of it may have been applied"
    )
    return (
        f"QuickBooks could not process the request ({hresult.strip()}: {what}). "
        f"{applied}; the work waits for the next update."
    )
