"""Where an Anaplan OAuth authorization stands, from the connection's events."""

from datetime import UTC, datetime, timedelta

from domain.authorization import AuthorizationState, authorization_status
from domain.events import AnaplanAuthorizationEnded, AnaplanAuthorizationStarted

NOW = datetime(2027, 1, 31, 12, 0, tzinfo=UTC)


def started(expires_in_minutes: int = 15) -> AnaplanAuthorizationStarted:
    return AnaplanAuthorizationStarted(
        connection_id="c1",
        user_code="ABCD-EFGH",
        verification_uri="https://us1a.app.anaplan.com/activate?user_code=ABCD-EFGH",
        expires_at=(NOW + timedelta(minutes=expires_in_minutes)).isoformat(),
    )


def ended(reason: str | None = None) -> AnaplanAuthorizationEnded:
    return AnaplanAuthorizationEnded(connection_id="c1", authorized=reason is None, reason=reason)


def test_a_started_grant_shows_its_code_until_it_ends():
    pending = authorization_status([started()], NOW)
    assert pending.state is AuthorizationState.PENDING and pending.user_code == "ABCD-EFGH"
    assert authorization_status([started(), ended()], NOW).state is AuthorizationState.AUTHORIZED


def test_the_latest_grant_counts_and_a_failure_keeps_its_reason():
    failed = authorization_status([started(), ended(), started(), ended("declined")], NOW)
    assert failed.state is AuthorizationState.FAILED and failed.reason == "declined"
    again = authorization_status([started(), ended("declined"), started()], NOW)
    assert again.state is AuthorizationState.PENDING


def test_a_grant_nobody_finished_expires_with_its_code():
    # the process waiting for it stopped: no end event will ever come
    status = authorization_status([started(expires_in_minutes=15)], NOW + timedelta(minutes=15))
    assert status.state is AuthorizationState.EXPIRED and "start it again" in status.reason
    assert authorization_status([], NOW).state is AuthorizationState.NEVER
