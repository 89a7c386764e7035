"""ReportRet: column descriptions and DataRow/TextRow/SubtotalRow/TotalRow, numbered in
order, in the shape of qbxmlops140.xml. Column 1 is the row label; an amount of None
leaves the cell out (as the empty side of a trial balance row)."""

from dataclasses import dataclass, field

from lxml import etree

from simulators.quickbooks.amounts import format_amount
from simulators.quickbooks.xmlout import sub


@dataclass(frozen=True)
class Column:
    titles: tuple[str | None, ...]
    col_type: str
    data_type: str = "AMTTYPE"


@dataclass
class ReportRow:
    kind: str
    label: str
    amounts: list[int | None] = field(default_factory=list)
    account: str | None = None


@dataclass
class Report:
    title: str
    subtitle: str
    basis: str
    columns: list[Column]
    rows: list[ReportRow] = field(default_factory=list)


LABEL_COLUMN = Column((None,), "Label", "STRTYPE")


def report_ret(report: Report) -> etree._Element:
    ret = etree.Element("ReportRet")
    sub(ret, "ReportTitle", report.title)
    sub(ret, "ReportSubtitle", report.subtitle)
    sub(ret, "ReportBasis", report.basis)
    sub(ret, "NumRows", str(len(report.rows)))
    sub(ret, "NumColumns", str(len(report.columns)))
    sub(ret, "NumColTitleRows", str(max(len(column.titles) for column in report.columns)))
    for col_id, column in enumerate(report.columns, start=1):
        _col_desc(ret, col_id, column)
    data = sub(ret, "ReportData")
    for number, row in enumerate(report.rows, start=1):
        _row(data, number, row)
    return ret


def _col_desc(ret: etree._Element, col_id: int, column: Column) -> None:
    desc = sub(ret, "ColDesc")
    desc.set("colID", str(col_id))
    desc.set("dataType", column.data_type)
    for title_row, title in enumerate(column.titles, start=1):
        element = sub(desc, "ColTitle")
        element.set("titleRow", str(title_row))
        if title is not None:
            element.set("value", title)
    sub(desc, "ColType", column.col_type)


def _row(data: etree._Element, number: int, row: ReportRow) -> None:
    element = sub(data, row.kind)
    element.set("rowNumber", str(number))
    if row.kind == "TextRow":
        element.set("value", row.label)
        return
    if row.account is not None:
        row_data = sub(element, "RowData")
        row_data.set("rowType", "account")
        row_data.set("value", row.account)
    _col_data(element, 1, row.label)
    for col_id, cents in enumerate(row.amounts, start=2):
        if cents is not None:
            _col_data(element, col_id, format_amount(cents))


def _col_data(element: etree._Element, col_id: int, value: str) -> None:
    cell = sub(element, "ColData")
    cell.set("colID", str(col_id))
    cell.set("value", value)
