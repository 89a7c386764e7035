"""HRESULTs: what QuickBooks returns instead of a qbXML response, and what QBWC hands
to connectionError when it cannot reach QuickBooks or the company file.

Parse, version and the connection texts come from Intuit's SDK error list as copied into
public integrations; which connection HRESULT QBWC reports for "QuickBooks closed" versus
"no company file open" is the least certain mapping here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class HResult:
    code: str
    message: str


PARSE_ERROR = HResult(
    "0x80040400", "QuickBooks found an error when parsing the provided XML text stream."
)
VERSION_NOT_SUPPORTED = HResult(
    "0x80040423", "The version of qbXML that was requested is not supported or is unknown."
)
COULD_NOT_START = HResult("0x80040408", "Could not start QuickBooks.")
DIFFERENT_FILE_OPEN = HResult(
    "0x8004040A",
    "QuickBooks company data file is already open and it is different from the one requested.",
)
MODAL_DIALOG = HResult(
    "0x80040414",
    "A modal dialog box is showing in the QuickBooks user interface. Your application "
    "cannot access QuickBooks until the user dismisses the dialog box.",
)
NOT_RUNNING_NO_FILE = HResult(
    "0x80040416",
    'If QuickBooks is not running, a call to the "BeginSession" method must include the '
    "name of the QuickBooks company data file.",
)
NO_COMPANY_FILE_OPEN = HResult(
    "0x80040417",
    'If the QuickBooks company data file is not open, a call to the "BeginSession" method '
    "must include the name of the data file.",
)
