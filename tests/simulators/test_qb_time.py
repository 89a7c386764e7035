"""Timestamps: the standard-time offset all year, local time without an offset, inclusive
bounds -- the behaviours incremental sync depends on."""

from datetime import UTC, datetime, timedelta

from simulators.quickbooks import CompanyFile, MachineTimeZone, QuickBooksSession, SimulatedClock
from tests.simulators.conftest import add_journal_entry, one

SUMMER = datetime(2027, 7, 15, 18, 0, 0, tzinfo=UTC)  # 14:00 EDT
WINTER = datetime(2027, 1, 15, 18, 0, 0, tzinfo=UTC)  # 13:00 EST


def _session_at(instant: datetime, timezone: MachineTimeZone | None = None) -> QuickBooksSession:
    company = CompanyFile(clock=SimulatedClock(instant), timezone=timezone)
    company.add_account("Rent", "Expense")
    company.add_account("Accrued", "OtherCurrentLiability")
    return QuickBooksSession(company)


def _add(session: QuickBooksSession, ref: str):
    return add_journal_entry(session, debit="Rent", credit="Accrued", klass=None, ref=ref)


def _modified_since(
    session: QuickBooksSession, from_text: str, to_text: str | None = None
) -> set[str]:
    to_xml = f"<ToModifiedDate>{to_text}</ToModifiedDate>" if to_text else ""
    response = one(
        session,
        "<JournalEntryQueryRq><ModifiedDateRangeFilter>"
        f"<FromModifiedDate>{from_text}</FromModifiedDate>{to_xml}"
        "</ModifiedDateRangeFilter></JournalEntryQueryRq>",
    )
    return {ret.findtext("RefNumber") for ret in response.findall("JournalEntryRet")}


def test_summer_timestamps_show_local_time_with_the_standard_offset():
    ret = _add(_session_at(SUMMER), "S")
    assert ret.findtext("TimeCreated") == "2027-07-15T14:00:00-05:00"
    assert ret.findtext("TimeModified") == "2027-07-15T14:00:00-05:00"


def test_winter_timestamps_are_plain_standard_time():
    assert _add(_session_at(WINTER), "W").findtext("TimeModified") == "2027-01-15T13:00:00-05:00"


def test_from_modified_date_is_inclusive_and_its_own_timestamps_round_trip():
    session = _session_at(SUMMER)
    stamp = _add(session, "S").findtext("TimeModified")
    assert _modified_since(session, stamp) == {"S"}
    assert _modified_since(session, "2027-07-15T14:00:01-05:00") == set()


def test_a_date_without_offset_is_the_machines_local_time():
    session = _session_at(SUMMER)
    _add(session, "S")
    assert _modified_since(session, "2027-07-15T14:00:00") == {"S"}
    assert _modified_since(session, "2027-07-15T14:00:01") == set()


def test_the_correct_summer_offset_lands_one_hour_early():
    session = _session_at(SUMMER)
    _add(session, "S")
    # 14:59 EDT written correctly is read as 13:59 local: an hour of overlap, nothing lost.
    assert _modified_since(session, "2027-07-15T14:59:00-04:00") == {"S"}
    assert _modified_since(session, "2027-07-15T15:00:01-04:00") == set()


def test_a_bare_to_date_covers_the_whole_day():
    session = _session_at(SUMMER)
    _add(session, "S")
    assert _modified_since(session, "2027-07-15", "2027-07-15") == {"S"}
    assert _modified_since(session, "2027-07-14", "2027-07-14") == set()


def test_both_passes_through_the_repeated_autumn_hour_are_found():
    first_pass = datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT
    session = _session_at(first_pass)
    _add(session, "EDT")
    session.company.clock.advance(hours=1)  # 01:30 EST, same wall clock
    second = _add(session, "EST")
    assert second.findtext("TimeModified") == "2027-11-07T01:30:00-05:00"
    assert _modified_since(session, "2027-11-07T01:30:00") == {"EDT", "EST"}


def test_a_machine_without_daylight_saving():
    arizona = MachineTimeZone(standard_offset=timedelta(hours=-7), observes_us_dst=False)
    ret = _add(_session_at(SUMMER, arizona), "AZ")
    assert ret.findtext("TimeModified") == "2027-07-15T11:00:00-07:00"


def test_the_simulated_clock_moves_only_when_told():
    session = _session_at(SUMMER)
    first = _add(session, "A").findtext("TimeModified")
    assert _add(session, "B").findtext("TimeModified") == first
    session.company.clock.advance(minutes=5)
    assert _add(session, "C").findtext("TimeModified") == "2027-07-15T14:05:00-05:00"
