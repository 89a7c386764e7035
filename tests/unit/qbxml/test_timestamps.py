"""ModifiedDateRangeFilter arithmetic: QuickBooks' offsets ignore daylight saving, so all
arithmetic is on the wall time and the offset is sent back exactly as QuickBooks wrote it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.qbxml.timestamps import (
    InvalidTimestamp,
    QbTimestamp,
    first_seen,
    latest,
    window_start,
)

OVERLAP = timedelta(minutes=15)


def test_a_stamp_round_trips_exactly_as_quickbooks_wrote_it():
    for text in ("2027-07-15T10:00:00-05:00", "2008-07-05T09:46:33-05:00", "2027-01-02T03:04:05"):
        assert QbTimestamp.parse(text).text() == text


def test_single_digit_fields_and_short_offsets_are_read():
    stamp = QbTimestamp.parse("2027-7-5T9:05:00-5:00")
    assert stamp.wall == datetime(2027, 7, 5, 9, 5) and stamp.offset == "-05:00"


def test_the_next_window_starts_an_overlap_earlier_in_wall_time_with_the_same_offset():
    # In July QuickBooks prints local daylight time with the standard offset -05:00:
    # converting through UTC would move the window an hour; wall arithmetic does not.
    checkpoint = QbTimestamp.parse("2027-07-15T10:00:00-05:00")
    assert window_start(checkpoint, OVERLAP).text() == "2027-07-15T09:45:00-05:00"


def test_no_checkpoint_means_read_everything():
    assert window_start(None, OVERLAP) is None


def test_a_window_start_in_an_hour_daylight_saving_may_skip_moves_an_hour_earlier():
    # 03:10 on the spring-forward night minus 15 minutes is 02:55, which does not exist;
    # QuickBooks would read it as 03:55 daylight time and skip 45 minutes of changes.
    checkpoint = QbTimestamp.parse("2027-03-14T03:10:00-05:00")
    assert window_start(checkpoint, OVERLAP).text() == "2027-03-14T01:55:00-05:00"


def test_local_stamps_without_offset_stay_without_offset():
    assert window_start(QbTimestamp.parse("2027-07-15T10:00:00"), OVERLAP).text() == (
        "2027-07-15T09:45:00"
    )


def test_latest_compares_wall_times():
    stamps = [
        QbTimestamp.parse(t) for t in ("2027-07-15T10:00:00-05:00", "2027-07-15T11:00:00-05:00")
    ]
    assert latest([None, *stamps]) == stamps[1]
    assert latest([]) is None


def test_duplicates_are_dropped_by_version_key_keeping_order():
    rows = [("T1", "L1", "v1"), ("T1", "L1", "v1"), ("T1", "L2", "v1"), ("T1", "L1", "v2")]
    assert first_seen(rows, key=lambda row: row) == [rows[0], rows[2], rows[3]]


@pytest.mark.parametrize(
    "text",
    [
        "2027-07-15T10:00:00+99:00",  # written back into the next filter, QuickBooks refuses it
        "2027-07-15T10:00:00-05:99",
        "\uff12\uff10\uff12\uff17-07-15T10:00:00",  # full-width digits
        "2027-07-15T25:00:00",
    ],
)
def test_impossible_stamps_are_refused(text):
    with pytest.raises(InvalidTimestamp):
        QbTimestamp.parse(text)
