"""Status codes and HRESULTs mapped to what the request's source does next."""

from __future__ import annotations

import pytest

from domain.qbxml.statuses import (
    MessageFailure,
    Outcome,
    Status,
    failure_text,
    message_failure,
    outcome_of,
)


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (0, Outcome.OK),
        (1, Outcome.NO_MATCH),
        (500, Outcome.PARTIAL),
        (530, Outcome.WARNING),
        (3100, Outcome.NAME_IN_USE),
        (3120, Outcome.NOT_FOUND),
        (3140, Outcome.BAD_REFERENCE),
        (3170, Outcome.RESEND),
        (3175, Outcome.RESEND),
        (3176, Outcome.RESEND),
        (3180, Outcome.RESEND),
        (3200, Outcome.STALE),
        (3250, Outcome.FEATURE_OFF),
        (3260, Outcome.NOT_PERMITTED),
        (3391, Outcome.RESTART_READ),
        (3000, Outcome.FAILED),
        (9001, Outcome.FAILED),
    ],
)
def test_status_codes_map_to_outcomes(code, outcome):
    assert outcome_of(code) is outcome


def test_retryable_means_worth_sending_again_in_the_session():
    assert Status(3170, "Error", "").retryable
    assert Status(3200, "Error", "").retryable
    assert not Status(3140, "Error", "").retryable  # not until the reference is fixed
    assert not Status(1, "Info", "").is_error


def test_hresults_name_the_whole_message_failure():
    assert message_failure("0x80040400") is MessageFailure.PARSE_ERROR
    assert message_failure("0X80040423") is MessageFailure.VERSION_NOT_SUPPORTED
    assert message_failure("-2147220480") is MessageFailure.OTHER  # not hex: unknown
    assert message_failure("garbage") is MessageFailure.OTHER


def test_the_failure_text_is_human_readable():
    text = failure_text("0x80040400", "QuickBooks found an error when parsing the provided XML")
    assert "0x80040400" in text and "Nothing in it was applied" in text
