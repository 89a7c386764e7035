"""Status codes, severities and messages as QuickBooks Desktop writes them.

Texts come from Intuit's status-code table and from real responses kept in public
repositories (note the two spaces QuickBooks puts after a sentence inside a message).
The few texts no public source shows verbatim are marked "best effort" and live here
only, so they are easy to correct.
"""

from dataclasses import dataclass

_NOT_IN_LIST = "Invalid argument.  The specified record does not exist in the list."


@dataclass(frozen=True)
class Status:
    code: int
    message: str

    @property
    def severity(self) -> str:
        if self.code < 500:
            return "Info"
        return "Warn" if self.code < 1000 else "Error"

    @property
    def is_error(self) -> bool:
        return self.code >= 1000


class QbError(Exception):
    """A request that QuickBooks answers with an error status instead of data."""

    def __init__(self, status: Status) -> None:
        super().__init__(f"{status.code}: {status.message}")
        self.status = status


OK = Status(0, "Status OK")
NO_MATCH = Status(1, "A query request did not find a matching object in QuickBooks")
UNSUPPORTED_REQUEST = Status(1030, "This request is not supported by this implementation.")
FEATURE_NOT_ENABLED = Status(
    3250, "This feature is not enabled or not available in this version of QuickBooks."
)


def partially_found(missing: str) -> Status:
    return Status(
        500,
        "The query request has not been fully completed. There was a required element "
        f'("{missing}") that could not be found in QuickBooks.',
    )


def invalid_request_id(request_id: str) -> Status:
    return Status(
        1060, f'The request ID "{request_id}" is invalid, possibly too long, max 50 chars.'
    )


def invalid_object_id(value: str, field: str) -> Status:
    return Status(3000, f'The given object ID "{value}" in the field "{field}" is invalid.')


def name_in_use(name: str) -> Status:
    return Status(3100, f'The name "{name}" of the list element is already in use.')


def object_not_found(object_id: str) -> Status:
    return Status(
        3120,
        f'Object "{object_id}" specified in the request cannot be found.  '
        f"QuickBooks error message: {_NOT_IN_LIST}",
    )


def invalid_reference(list_name: str, value: str, in_object: str) -> Status:
    return Status(
        3140,
        f'There is an invalid reference to QuickBooks {list_name} "{value}" in the '
        f"{in_object}.  QuickBooks error message: {_NOT_IN_LIST}",
    )


def inactive_reference(list_name: str, value: str, in_object: str) -> Status:
    """Best effort: code 3140 as for any unusable reference; the QuickBooks error text
    for an inactive element is not shown verbatim in any public source."""
    return Status(
        3140,
        f'There is an invalid reference to QuickBooks {list_name} "{value}" in the '
        f"{in_object}.  QuickBooks error message: This list element is inactive.",
    )


_LOCK_TEXTS = {
    3170: "This list has been modified by another user.",
    3175: "The internals could not be locked.",
    3176: "Failed to acquire the lock.",
    3180: "The transaction could not be locked.  It is in use by another user.",
}


def lock_error(code: int, object_name: str) -> Status:
    """Best effort texts around the lock reasons consolibyte's error handler lists."""
    return Status(
        code,
        f"There was an error when saving a {object_name}.  "
        f"QuickBooks error message: {_LOCK_TEXTS[code]}",
    )


def save_error(object_name: str, reason: str) -> Status:
    return Status(
        3180,
        f"There was an error when saving a {object_name} transaction.  "
        f"QuickBooks error message: {reason}",
    )


def not_in_balance() -> Status:
    return save_error("JournalEntry", "Transaction not in balance.")


def edit_sequence_out_of_date(edit_sequence: str) -> Status:
    return Status(3200, f'The provided edit sequence "{edit_sequence}" is out-of-date. ')


def invalid_iterator(iterator_id: str) -> Status:
    return Status(3391, f'The iteratorID "{iterator_id}" is not valid.')


LOCK_CODES = tuple(_LOCK_TEXTS)
