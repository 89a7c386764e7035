"""Tokens: renewed before they expire, one re-authentication after a 401, certificate login,
OAuth refresh tokens that rotate, and no secret anywhere it could leak."""

from __future__ import annotations

import asyncio

import pytest
import structlog

from adapters.anaplan.auth import (
    AuthServiceTokens,
    OAuthTokens,
    certificate_login,
)
from adapters.anaplan.device import DeviceGrant
from adapters.anaplan.errors import AnaplanAuthFailed
from adapters.anaplan.tokens import TokenCache
from adapters.crypto import SecretBox, new_key
from adapters.postgres.advisory import AdvisoryLocks
from adapters.postgres.credentials import CredentialStore
from app.anaplan import StoredSecrets
from domain.connection import CredentialKind
from domain.events import AnaplanRequestFailed
from simulators.anaplan.certs import make_test_certificate

from .test_exports import SINGLE
from .world import EMAIL, PASSWORD

AUTHENTICATE, REFRESH = "POST /token/authenticate", "POST /token/refresh"
WORKSPACES = "GET /2/0/workspaces"


def advance(kit, seconds):
    """Time passes for the client and for Anaplan alike."""
    kit.clock.offset += seconds
    kit.sim.clock.advance(seconds)


async def test_a_token_is_refreshed_before_it_expires_by_the_expiry_given(kit):
    kit.sim.config.token_lifetime = 100
    client = kit.client()
    await client.workspaces()
    advance(kit, 79)
    await client.workspaces()
    assert kit.sim.counters.requests[REFRESH] == 0
    advance(kit, 2)  # under a fifth of its life is left

    await client.workspaces()

    requests = kit.sim.counters.requests
    assert (requests[AUTHENTICATE], requests[REFRESH], requests[WORKSPACES]) == (1, 1, 3)


async def test_a_refresh_that_returns_a_new_token_is_adopted(kit):
    kit.sim.config.token_lifetime = 100
    kit.sim.config.refresh_returns_new_token = True  # and the old one dies
    client = kit.client()
    await client.workspaces()
    advance(kit, 90)

    await client.workspaces()
    await client.workspaces()

    assert kit.sim.counters.requests[WORKSPACES] == 3  # never a 401 and a repeat


async def test_a_401_leads_to_one_new_login_and_one_repeat(kit):
    client = kit.client()
    await client.workspaces()
    kit.sim.expire_tokens()

    await client.workspaces()

    assert kit.sim.counters.requests[AUTHENTICATE] == 2
    assert kit.sim.counters.requests[WORKSPACES] == 3


async def test_a_fresh_token_refused_again_is_an_error_not_a_loop(kit):
    client = kit.client()
    await client.workspaces()
    kit.sim.faults.fail_next(5, status=401, path="/workspaces$")

    with pytest.raises(AnaplanAuthFailed, match="a fresh token was refused"):
        await client.workspaces()

    assert kit.sim.counters.requests[AUTHENTICATE] == 2


async def test_wrong_credentials_are_a_recorded_error_without_the_password(kit):
    client = kit.client(tokens=kit.basic_tokens(kit.transport(), password="wrong-Passw0rd"))

    with pytest.raises(AnaplanAuthFailed) as raised:
        await client.workspaces()

    assert "Invalid credentials" in str(raised.value)
    assert "wrong-Passw0rd" not in str(raised.value) + repr(raised.value)
    (event,) = await kit.events()
    assert isinstance(event, AnaplanRequestFailed) and "Invalid credentials" in event.error


async def test_the_token_expiring_in_the_middle_of_a_chunked_download(kit):
    kit.world.set("6100 Rent", "Sales", "Jan 27", "42")
    kit.sim.config.export_chunk_size = 16
    kit.sim.faults.expire_tokens(path=r"/chunks/\d+$", after=2)
    client = kit.client()

    result = await client.export_to_blob(SINGLE)

    cells = [c async for c in client.plan_cells(result, SINGLE, "MMM YY")]
    assert [(c.account, str(c.amount)) for c in cells] == [("6100 Rent", "42")]
    assert kit.sim.counters.requests[AUTHENTICATE] == 2


async def test_certificate_login_signs_random_bytes_with_the_key(kit):
    certificate, key = make_test_certificate("integration")
    kit.sim.register_certificate(certificate, EMAIL)
    _, other_key = make_test_certificate("someone else")
    transport = kit.transport()

    async def login():
        return certificate_login(certificate, key)

    async def wrong_key():
        return certificate_login(certificate, other_key)

    good = AuthServiceTokens(transport, kit.settings.auth_url, login, kit.clock)
    assert [w.id for w in await kit.client(tokens=TokenCache(good)).workspaces()] == [
        kit.world.workspace_id
    ]
    bad = AuthServiceTokens(transport, kit.settings.auth_url, wrong_key, kit.clock)
    with pytest.raises(AnaplanAuthFailed):
        await kit.client(tokens=TokenCache(bad)).workspaces()


CLIENT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.fixture
def vault(pool):
    return CredentialStore(pool, SecretBox({"k1": new_key()}, "k1"))


def oauth_tokens(kit, vault, db_url):
    secrets = StoredSecrets(vault, "conn-1")
    renew = OAuthTokens(
        kit.transport(),
        kit.settings.oauth_url,
        CLIENT_ID,
        secrets,
        AdvisoryLocks(db_url, wait_seconds=10),
        "anaplan-oauth:conn-1",
        kit.clock,
    )
    return TokenCache(renew, kit.clock)


async def test_oauth_refresh_tokens_rotate_and_are_stored_back_encrypted(kit, vault, db_url, pool):
    kit.sim.add_oauth_client(CLIENT_ID, rotatable=True)
    first = kit.sim.issue_refresh_token(CLIENT_ID, EMAIL)
    await vault.put("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN, first.encode())
    kit.sim.config.token_lifetime = 100
    client = kit.client(tokens=oauth_tokens(kit, vault, db_url))

    await client.workspaces()
    second = await vault.get("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN)
    advance(kit, 85)  # the access token is renewed before expires_in runs out
    await client.workspaces()
    third = await vault.get("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN)

    assert len({first.encode(), second, third}) == 3
    assert kit.sim.counters.requests["POST /oauth/token"] == 2
    assert kit.sim.counters.requests[WORKSPACES] == 2
    sealed = await pool.fetchval("SELECT sealed FROM credentials WHERE connection_id = 'conn-1'")
    assert third not in sealed


async def test_two_workers_refreshing_one_rotating_token_both_succeed(kit, vault, db_url):
    kit.sim.add_oauth_client(CLIENT_ID, rotatable=True)
    token = kit.sim.issue_refresh_token(CLIENT_ID, EMAIL)
    await vault.put("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN, token.encode())
    workers = [kit.client(tokens=oauth_tokens(kit, vault, db_url)) for _ in range(2)]

    found = await asyncio.gather(*(worker.workspaces() for worker in workers))

    assert found[0] == found[1]
    assert kit.sim.counters.requests["POST /oauth/token"] == 2


async def test_a_refused_refresh_token_says_to_authorize_again(kit, vault, db_url):
    kit.sim.add_oauth_client(CLIENT_ID, rotatable=True)
    await vault.put("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN, b"revoked-token")

    with pytest.raises(AnaplanAuthFailed, match="authorize the connection again") as raised:
        await kit.client(tokens=oauth_tokens(kit, vault, db_url)).workspaces()

    assert "revoked-token" not in str(raised.value)


async def test_no_token_or_password_reaches_events_logs_reprs_or_errors(kit):
    kit.sim.faults.fail_next(1, status=404, path="/exports$")
    kit.sim.faults.fail_next(1, status=503, path="/files$")
    client = kit.client()
    with structlog.testing.capture_logs() as logs:
        await client.workspaces()
        with pytest.raises(Exception) as raised:
            await client.export_to_blob(SINGLE)
        kit.sim.expire_tokens()
        await client.export_to_blob(SINGLE)

    secrets = [PASSWORD, *kit.sim.state.tokens._tokens]
    recorded = [r.data + r.raw_metadata for r in await kit.store.read_stream("anaplan-conn1-run1")]
    visible = [*recorded, repr(client), str(raised.value), repr(raised.value), repr(logs)]
    assert {entry["event"] for entry in logs} == {
        "anaplan call retried",
        "anaplan token rejected; logging in again",
    }
    assert len(secrets) > 2 and not [s for s in secrets for text in visible if s in text]


# --- the device grant: how an admin authorizes an OAuth connection once ------------------


def device_grant(kit, sleep=None, clock=None):
    options = {k: v for k, v in {"sleep": sleep, "clock": clock}.items() if v is not None}
    return DeviceGrant(kit.transport(), kit.settings.oauth_url, CLIENT_ID, **options)


async def test_a_device_grant_waits_for_the_users_approval_and_yields_a_working_refresh_token(
    kit, vault, db_url
):
    kit.sim.add_oauth_client(CLIENT_ID, rotatable=True)
    kit.sim.state.config.device_poll_interval = 0
    polls = []

    async def approve_on_the_third_poll(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) == 3:
            kit.sim.approve_device(kit.sim.pending_user_codes()[0], EMAIL)

    grant = device_grant(kit, sleep=approve_on_the_third_poll)
    authorization = await grant.start()
    assert authorization.user_code in authorization.verification_uri_complete
    assert authorization.device_code not in repr(authorization)
    refresh_token = await grant.refresh_token(authorization)
    assert len(polls) == 3  # two "authorization_pending" answers were waited out
    await vault.put("conn-1", CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN, refresh_token.encode())
    client = kit.client(tokens=oauth_tokens(kit, vault, db_url))
    assert [w.id for w in await client.workspaces()]  # the stored token logs the workers in


async def test_a_device_code_nobody_approves_ends_with_a_clear_error(kit):
    kit.sim.add_oauth_client(CLIENT_ID)
    kit.sim.state.config.device_poll_interval = 0

    async def time_passes(seconds: float) -> None:
        kit.sim.clock.advance(901)  # Anaplan's codes live 15 minutes

    grant = device_grant(kit, sleep=time_passes)
    with pytest.raises(AnaplanAuthFailed, match="expired before anyone approved"):
        await grant.refresh_token(await grant.start())


async def test_we_stop_polling_when_the_code_has_expired_on_our_own_clock(kit):
    kit.sim.add_oauth_client(CLIENT_ID)
    kit.sim.state.config.device_poll_interval = 0
    now = [0.0]

    async def wait(seconds: float) -> None:
        now[0] += 300  # each wait is long: the third poll would be past the 900 s

    grant = device_grant(kit, sleep=wait, clock=lambda: now[0])
    with pytest.raises(AnaplanAuthFailed, match="expired before anyone approved"):
        await grant.refresh_token(await grant.start())
    assert now[0] == 900


async def test_polling_too_often_is_slowed_down_as_anaplan_asks(kit):
    kit.sim.add_oauth_client(CLIENT_ID)
    kit.sim.state.config.device_poll_interval = 2
    waits = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        kit.sim.clock.advance(1 if len(waits) == 2 else seconds)  # the second wait falls short
        if len(waits) == 3:
            kit.sim.approve_device(kit.sim.pending_user_codes()[0], EMAIL)

    grant = device_grant(kit, sleep=wait)
    assert await grant.refresh_token(await grant.start())
    assert waits == [2.0, 2.0, 7.0]  # "slow_down" adds five seconds (RFC 8628)


async def test_a_declined_authorization_says_so(kit):
    kit.sim.add_oauth_client(CLIENT_ID)
    kit.sim.state.config.device_poll_interval = 0

    async def the_user_declines(seconds: float) -> None:
        kit.sim.decline_device(kit.sim.pending_user_codes()[0])

    grant = device_grant(kit, sleep=the_user_declines)
    with pytest.raises(AnaplanAuthFailed, match="declined"):
        await grant.refresh_token(await grant.start())


async def test_an_unknown_oauth_client_is_refused_before_any_code_is_shown(kit):
    with pytest.raises(AnaplanAuthFailed, match="refused the device authorization"):
        await device_grant(kit).start()
