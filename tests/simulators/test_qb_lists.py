"""AccountQuery/AccountAdd and ClassQuery/ClassAdd."""

from tests.simulators.conftest import one, status


def _names(response, ret: str = "AccountRet") -> list[str]:
    return [element.findtext("FullName") for element in response.findall(ret)]


def test_account_query_hides_inactive_accounts_unless_asked(session):
    active = _names(one(session, "<AccountQueryRq/>"))
    everything = _names(
        one(session, "<AccountQueryRq><ActiveStatus>All</ActiveStatus></AccountQueryRq>")
    )
    inactive = _names(
        one(session, "<AccountQueryRq><ActiveStatus>InactiveOnly</ActiveStatus></AccountQueryRq>")
    )
    assert "Fax Services" not in active and "Fax Services" in everything
    assert set(inactive) == {"Fax Services", "Legacy Product Sales"}
    by_name = one(session, "<AccountQueryRq><FullName>Fax Services</FullName></AccountQueryRq>")
    assert by_name.find("AccountRet").findtext("IsActive") == "false"


def test_accounts_come_in_chart_of_accounts_order(session):
    names = _names(one(session, "<AccountQueryRq/>"))
    assert names[:2] == ["Operating Checking", "Payroll Checking"]
    assert names.index("Payroll Expenses") < names.index("Payroll Expenses:Salaries and Wages")
    assert names.index("Accounts Payable") < names.index("Professional Fees")


def test_account_type_filter(session):
    response = one(session, "<AccountQueryRq><AccountType>Bank</AccountType></AccountQueryRq>")
    assert _names(response) == ["Operating Checking", "Payroll Checking", "Money Market"]


def test_total_balance_includes_sub_accounts(session, company):
    response = one(
        session, "<AccountQueryRq><FullName>Payroll Expenses</FullName></AccountQueryRq>"
    )
    ret = response.find("AccountRet")
    children = company.accounts.children(company.accounts.find("Payroll Expenses"))
    assert ret.findtext("Balance") == "0.00"
    assert float(ret.findtext("TotalBalance")) == sum(company.balance(c) for c in children) / 100
    assert [child.tag for child in ret][:9] == [
        "ListID", "TimeCreated", "TimeModified", "EditSequence", "Name", "FullName",
        "IsActive", "Sublevel", "AccountType",
    ]  # fmt: skip


def test_adding_a_sub_account_and_the_duplicate_name_error(session):
    add = (
        '<AccountAddRq requestID="1"><AccountAdd><Name>Cyber Insurance</Name>'
        "<ParentRef><FullName>Occupancy</FullName></ParentRef><AccountType>Expense</AccountType>"
        "<AccountNumber>6140</AccountNumber></AccountAdd></AccountAddRq>"
    )
    ret = one(session, add).find("AccountRet")
    assert (ret.findtext("FullName"), ret.findtext("Sublevel")) == (
        "Occupancy:Cyber Insurance",
        "1",
    )
    duplicate = one(session, add.replace("Cyber Insurance", "cyber insurance"))
    assert status(duplicate) == 3100
    assert (
        duplicate.get("statusMessage")
        == 'The name "Occupancy:cyber insurance" of the list element is already in use.'
    )


def test_adding_under_an_unknown_parent_gets_3140(session):
    add = (
        "<AccountAddRq><AccountAdd><Name>Orphan</Name><ParentRef><FullName>Nowhere</FullName></ParentRef>"
        "<AccountType>Expense</AccountType></AccountAdd></AccountAddRq>"
    )
    assert status(one(session, add)) == 3140


def test_classes_with_sub_classes_and_name_filters(session):
    added = one(
        session,
        "<ClassAddRq><ClassAdd><Name>AI Lab</Name><ParentRef><FullName>Technology Consulting"
        "</FullName></ParentRef></ClassAdd></ClassAddRq>",
    )
    assert added.find("ClassRet").findtext("FullName") == "Technology Consulting:AI Lab"
    filtered = one(
        session,
        "<ClassQueryRq><NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>technology</Name></NameFilter></ClassQueryRq>",
    )
    assert _names(filtered, "ClassRet") == [
        "Technology Consulting",
        "Technology Consulting:AI Lab",
        "Technology Consulting:Cloud Transformation",
        "Technology Consulting:Data & Analytics",
    ]


def test_list_queries_filter_on_modified_time(session, clock):
    clock.advance(3600)
    one(session, "<ClassAddRq><ClassAdd><Name>New Practice</Name></ClassAdd></ClassAddRq>")
    recent = one(
        session,
        "<ClassQueryRq><FromModifiedDate>2027-07-15T15:00:00</FromModifiedDate></ClassQueryRq>",
    )
    assert _names(recent, "ClassRet") == ["New Practice"]


def test_max_returned_limits_list_queries(session):
    assert len(one(session, "<AccountQueryRq><MaxReturned>3</MaxReturned></AccountQueryRq>")) == 3


def test_an_opening_balance_is_posted_against_opening_balance_equity(session, company):
    equity = company.accounts.find("Opening Balance Equity")
    before = company.balance(equity)
    add = (
        "<AccountAddRq><AccountAdd><Name>Savings</Name><AccountType>Bank</AccountType>"
        "<OpenBalance>2500.00</OpenBalance><OpenBalanceDate>2027-01-01</OpenBalanceDate>"
        "</AccountAdd></AccountAddRq>"
    )
    ret = one(session, add).find("AccountRet")
    assert ret.findtext("Balance") == "2500.00"
    assert company.balance(equity) == before + 250000
