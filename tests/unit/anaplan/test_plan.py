"""Plan cells from export rows, in both layouts, and precise errors for bad input."""

from decimal import Decimal

import pytest

from domain.connection import ExportLayout, PlanColumns, PlanExport
from domain.csvstream import CsvStream
from domain.period import Period
from domain.plan import PlanCell, PlanFormatError, PlanReader

SINGLE = PlanExport(
    action="GL Plan",
    layout=ExportLayout.SINGLE_COLUMN,
    columns=PlanColumns(
        account="Account",
        cost_center="Cost Center",
        version="Versions",
        period="Time",
        amount="Value",
        memo="Memo",
    ),
)
MULTI = PlanExport(
    action="GL Plan by month",
    layout=ExportLayout.MULTI_COLUMN,
    columns=PlanColumns(account="Account", cost_center="Cost Center", version="Versions"),
)


def cells(text, export=SINGLE, period_format="MMM YY"):
    stream, reader = CsvStream(), PlanReader(export, period_format)
    records = [*stream.feed(text), *stream.close()]
    return [cell for record in records for cell in reader.cells(record)]


def test_single_column_rows_are_one_cell_each():
    text = (
        "Account,Cost Center,Versions,Time,Line Items,Value,Memo\n"
        '6100 Rent,Sales,Budget,Jan 27,Amount,"1,234.50",office\n'
        "6100 Rent,,Forecast,Feb 27,Amount,-7,\n"
        "6200 Travel,Sales,Budget,Mar 27,Amount,,\n"
    )
    assert cells(text) == [
        PlanCell("6100 Rent", "Sales", "Budget", Period(2027, 1), Decimal("1234.50"), "office"),
        PlanCell("6100 Rent", "", "Forecast", Period(2027, 2), Decimal("-7")),
    ]


def test_multi_column_rows_spread_periods_across_and_skip_totals():
    text = (
        "Account,Cost Center,Versions,Line Items,Jan 27,Feb 27,Mar 27,Q1 FY27,FY27\n"
        "6100 Rent,Sales,Budget,Amount,100,,(5),95,95\n"
    )
    assert cells(text, MULTI) == [
        PlanCell("6100 Rent", "Sales", "Budget", Period(2027, 1), Decimal("100")),
        PlanCell("6100 Rent", "Sales", "Budget", Period(2027, 3), Decimal("-5")),
    ]


def test_multi_column_periods_in_iso_format():
    text = "Account,Cost Center,Versions,2027-01,2027-02\nRent,Ops,Budget,1,2\n"
    assert [c.period for c in cells(text, MULTI, "YYYY-MM")] == [Period(2027, 1), Period(2027, 2)]


def test_a_malformed_number_names_its_line_and_column():
    text = 'Account,Cost Center,Versions,Time,Value,Memo\nRent,Ops,Budget,Jan 27,"1,2",\n'
    with pytest.raises(PlanFormatError, match=r"line 2, column 'Value': '1,2' is not a number"):
        cells(text)


def test_a_malformed_period_names_its_line_and_column():
    text = (
        "Account,Cost Center,Versions,Time,Value,Memo\nRent,Ops,Budget,Jan 27,1,\nR,O,B,27-Jan,2,\n"
    )
    with pytest.raises(PlanFormatError, match=r"line 3, column 'Time': '27-Jan' is not a month"):
        cells(text)


def test_a_missing_column_is_named_with_the_columns_found():
    with pytest.raises(PlanFormatError, match=r"line 1, column 'Value': no such column"):
        cells("Account,Cost Center,Versions,Time,Amount,Memo\n")


def test_a_multi_column_export_without_periods_is_refused():
    with pytest.raises(PlanFormatError, match="no column is a period in the format 'MMM YY'"):
        cells("Account,Cost Center,Versions,January,February\n", MULTI)


def test_a_short_row_names_the_first_missing_column():
    text = "Account,Cost Center,Versions,Time,Value,Memo\nRent,Ops,Budget\n"
    with pytest.raises(PlanFormatError, match=r"line 2, column 'Time': the row has 3 cells"):
        cells(text)


def test_an_empty_account_is_refused():
    text = "Account,Cost Center,Versions,Time,Value,Memo\n,Ops,Budget,Jan 27,1,\n"
    with pytest.raises(PlanFormatError, match=r"line 2, column 'Account': empty"):
        cells(text)


def test_blank_lines_are_skipped():
    text = "Account,Cost Center,Versions,Time,Value,Memo\n\nRent,Ops,Budget,Jan 27,1,\n\n"
    assert len(cells(text)) == 1


def test_a_month_outside_the_supported_years_names_its_line_and_column():
    # Period(1800, 1) raised BadPeriod from inside the reader, without line or column.
    text = "Account,Cost Center,Versions,Time,Value,Memo\nRent,Ops,Budget,Jan 1800,1,\n"
    with pytest.raises(PlanFormatError, match=r"line 2, column 'Time': 'Jan 1800' is not a"):
        cells(text, period_format="MMM YYYY")


def test_a_multi_column_header_for_a_year_out_of_range_is_not_a_period_column():
    text = "Account,Cost Center,Versions,Jan 1850,Jan 2027\nRent,Ops,Budget,5,7\n"
    assert [c.amount for c in cells(text, MULTI, "MMM YYYY")] == [Decimal("7")]
