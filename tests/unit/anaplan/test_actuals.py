"""The actuals import file, written in the import's column layout."""

from decimal import Decimal

import pytest

from domain.connection import ActualsImport
from domain.import_file import ActualAmount, ImportFile, ImportLayoutError
from domain.period import Period

ACTUALS = ActualsImport(action="Load GL Actuals", data_source="gl_actuals.csv")


def test_rows_carry_the_import_version_and_the_period_format():
    rows = [
        ActualAmount("6100 Rent", "Sales", Period(2027, 1), Decimal("1234.50")),
        ActualAmount('Say "hi", Inc', "", Period(2027, 12), Decimal("-0.5")),
    ]
    text = "".join(ImportFile(ACTUALS, "MMM YY").text(rows, batch=1))
    assert text == (
        "Account,Cost Center,Time,Versions,Amount\r\n"
        "6100 Rent,Sales,Jan 27,Actual,1234.50\r\n"
        '"Say ""hi"", Inc",,Dec 27,Actual,-0.5\r\n'
    )


def test_rows_come_in_batches():
    rows = [ActualAmount("A", "B", Period(2027, m), Decimal(m)) for m in range(1, 13)]
    pieces = list(ImportFile(ACTUALS, "YYYY-MM").text(rows, batch=5))
    assert len(pieces) == 1 + 3
    assert pieces[1].startswith("A,B,2027-01,Actual,1\r\n")


def test_the_import_s_separator_and_quote_character_are_used():
    rows = [ActualAmount("Rent; Office", "Sales", Period(2027, 1), Decimal("1"))]
    text = "".join(ImportFile(ACTUALS, "MMM YY", separator=";", quotechar="'").text(rows))
    assert text.splitlines()[1] == "'Rent; Office';Sales;Jan 27;Actual;1"


def test_the_columns_must_name_each_role():
    with pytest.raises(ImportLayoutError, match="needs 5 columns"):
        bad = ActualsImport(action="x", data_source="y", columns=("A", "B"))
        list(ImportFile(bad, "MMM YY").text([]))
