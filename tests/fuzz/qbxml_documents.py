"""Generated qbXML responses: known tags in random arrangements, with field values that
look like what the field expects next to values that only almost do."""

from __future__ import annotations

from hypothesis import strategies as st
from lxml import etree

from tests.fuzz.strategies import DATEISH, NUMBERISH, STAMPISH, scalar, xml_text

KINDS = [
    "JournalEntryAdd", "JournalEntryQuery", "AccountQuery", "ClassQuery", "ClassAdd",
    "TransactionQuery", "TxnDeletedQuery", "GeneralSummaryReportQuery", "TxnDel", "TxnVoid",
    "HostQuery", "CompanyQuery", "PreferencesQuery", "Unknown",
]  # fmt: skip
NUMBERS = ["Amount", "Balance", "TotalBalance", "TxnNumber", "Sublevel", "MajorVersion"]
DATES = ["TxnDate"]
STAMPS = ["TimeCreated", "TimeModified", "TimeDeleted"]
TEXTS = [
    "TxnID", "EditSequence", "RefNumber", "ListID", "FullName", "Name", "IsActive",
    "AccountType", "AccountNumber", "TxnType", "TxnLineID", "Memo", "TxnDelType",
    "IsAdjustment", "SupportedQBXMLVersion", "ProductName", "OwnerID", "DataExtName",
    "DataExtValue", "ColType", "IsUsingClassTracking", "ReportTitle", "QBFileMode",
]  # fmt: skip
CONTAINERS = [
    "JournalEntryRet", "JournalDebitLine", "JournalCreditLine", "AccountRet", "ClassRet",
    "TransactionRet", "TxnDeletedRet", "ReportRet", "ReportData", "DataRow", "TotalRow",
    "RowData", "ColData", "ColDesc", "ColTitle", "HostRet", "CompanyRet", "DataExtRet",
    "PreferencesRet", "AccountingPreferences", "AccountRef", "ClassRef", "ParentRef",
]  # fmt: skip
ATTRIBUTES = ["colID", "rowNumber", "value", "dataType", "rowType"]

leaf = st.one_of(
    st.tuples(st.sampled_from(NUMBERS), scalar(NUMBERISH)),
    st.tuples(st.sampled_from(DATES), scalar(DATEISH)),
    st.tuples(st.sampled_from(STAMPS), scalar(STAMPISH)),
    st.tuples(st.sampled_from(TEXTS), xml_text),
).map(lambda pair: (pair[0], {}, pair[1], []))
attributes = st.dictionaries(st.sampled_from(ATTRIBUTES), scalar(NUMBERISH), max_size=3)
elements = st.recursive(
    leaf,
    lambda children: st.tuples(
        st.sampled_from(CONTAINERS), attributes, st.none(), st.lists(children, max_size=4)
    ),
    max_leaves=25,
)
status = st.fixed_dictionaries(
    {},
    optional={
        "requestID": st.one_of(st.integers(0, 99).map(str), xml_text),
        "statusCode": scalar(NUMBERISH, st.sampled_from(["0", "1", "500", "3140", "3180"])),
        "statusSeverity": st.sampled_from(["Info", "Warn", "Error", ""]),
        "statusMessage": xml_text,
        "iteratorID": xml_text,
        "iteratorRemainingCount": scalar(NUMBERISH),
        "retCount": scalar(NUMBERISH),
    },
)
responses = st.lists(
    st.tuples(st.sampled_from(KINDS), status, st.lists(elements, max_size=4)), max_size=4
)


def build(tag, attrs, text, children) -> etree._Element:
    element = etree.Element(tag, attrs)
    element.text = text
    for child in children:
        element.append(build(*child))
    return element


def document(answers) -> str:
    root = etree.Element("QBXML")
    messages = etree.SubElement(root, "QBXMLMsgsRs")
    for kind, attrs, children in answers:
        messages.append(build(f"{kind}Rs", attrs, None, children))
    return '<?xml version="1.0" ?>' + etree.tostring(root, encoding="unicode")
