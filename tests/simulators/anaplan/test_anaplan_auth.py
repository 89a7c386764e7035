import base64
import json
import os
from pathlib import Path

import aiohttp

from simulators.anaplan import AnaplanSimulator
from simulators.anaplan.certs import make_test_certificate, sign

from .world import EMAIL, PASSWORD, World

FIXTURES = Path(__file__).parent / "fixtures"


def basic(email: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()}


def token_header(token: str, scheme: str = "AnaplanAuthToken") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


async def call(
    session: aiohttp.ClientSession, method: str, url: str, **kwargs: object
) -> tuple[int, dict]:
    async with session.request(method, url, **kwargs) as response:
        text = await response.text()
        return response.status, json.loads(text) if text else {}


async def login(sim: AnaplanSimulator, session: aiohttp.ClientSession) -> dict:
    status, body = await call(
        session, "POST", f"{sim.urls.auth}/token/authenticate", headers=basic(EMAIL, PASSWORD)
    )
    assert status == 201
    return body


async def test_basic_login_answers_201_in_the_recorded_shape(sim, world, session):
    body = await login(sim, session)
    recorded = json.loads((FIXTURES / "auth_response.json").read_text())
    assert body.keys() == recorded.keys()
    assert body["tokenInfo"].keys() == recorded["tokenInfo"].keys()
    assert (body["status"], body["statusMessage"]) == ("SUCCESS", "Login successful")
    assert body["meta"]["validationUrl"] == f"{sim.urls.auth}/token/validate"
    lifetime_ms = body["tokenInfo"]["expiresAt"] - sim.clock.now_ms()
    assert 35 * 60_000 - 5_000 < lifetime_ms <= 35 * 60_000


async def test_bad_password_and_bad_header_have_their_failure_bodies(sim, world, session):
    url = f"{sim.urls.auth}/token/authenticate"
    status, body = await call(session, "POST", url, headers=basic(EMAIL, "wrong"))
    assert (status, body["status"]) == (401, "FAILURE_BAD_CREDENTIAL")
    status, body = await call(session, "POST", url, headers={"Authorization": "Basic %%%"})
    assert (status, body["status"]) == (401, "FAILURE_BAD_HEADER")
    status, body = await call(session, "POST", url)
    assert (status, body["status"]) == (401, "FAILURE_BAD_HEADER")


def certificate_request(cert_pem: bytes, key_pem: bytes, data: bytes) -> dict:
    return {
        "headers": {"Authorization": "CACertificate " + base64.b64encode(cert_pem).decode()},
        "json": {
            "encodedData": base64.b64encode(data).decode(),
            "encodedSignedData": base64.b64encode(sign(key_pem, data)).decode(),
        },
    }


async def test_certificate_login_verifies_the_signature(sim, world, session):
    cert_pem, key_pem = make_test_certificate(EMAIL)
    sim.register_certificate(cert_pem, EMAIL)
    url = f"{sim.urls.auth}/token/authenticate"
    status, body = await call(
        session, "POST", url, **certificate_request(cert_pem, key_pem, os.urandom(150))
    )
    assert status == 201
    assert body["tokenInfo"]["tokenValue"]

    tampered = certificate_request(cert_pem, key_pem, os.urandom(150))
    tampered["json"]["encodedData"] = base64.b64encode(os.urandom(150)).decode()
    status, body = await call(session, "POST", url, **tampered)
    assert (status, body["status"]) == (401, "FAILURE_BAD_CREDENTIAL")


async def test_certificate_login_refuses_unregistered_keys_and_short_data(sim, world, session):
    cert_pem, key_pem = make_test_certificate(EMAIL)
    url = f"{sim.urls.auth}/token/authenticate"
    status, _ = await call(
        session, "POST", url, **certificate_request(cert_pem, key_pem, os.urandom(150))
    )
    assert status == 401
    sim.register_certificate(cert_pem, EMAIL)
    status, _ = await call(
        session, "POST", url, **certificate_request(cert_pem, key_pem, os.urandom(50))
    )
    assert status == 401


async def test_refresh_extends_the_same_token(sim, world, session):
    token = (await login(sim, session))["tokenInfo"]
    sim.clock.advance(30 * 60)
    status, body = await call(
        session, "POST", f"{sim.urls.auth}/token/refresh", headers=token_header(token["tokenValue"])
    )
    assert (status, body["statusMessage"]) == (200, "Token refreshed")
    assert body["tokenInfo"]["tokenValue"] == token["tokenValue"]
    assert body["tokenInfo"]["expiresAt"] > token["expiresAt"]
    sim.clock.advance(10 * 60)
    status, _ = await call(
        session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(token["tokenValue"])
    )
    assert status == 200


async def test_refresh_can_rotate_the_token(sim, world, session):
    sim.config.refresh_returns_new_token = True
    old = (await login(sim, session))["tokenInfo"]["tokenValue"]
    status, body = await call(
        session, "POST", f"{sim.urls.auth}/token/refresh", headers=token_header(old)
    )
    new = body["tokenInfo"]["tokenValue"]
    assert status == 200 and new != old
    assert (await call(session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(old)))[
        0
    ] == 401
    assert (await call(session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(new)))[
        0
    ] == 200


async def test_token_endpoints_reject_the_bearer_scheme(sim, world, session):
    token = (await login(sim, session))["tokenInfo"]["tokenValue"]
    for method, path, expected in (
        ("POST", "/token/refresh", 400),
        ("GET", "/token/validate", 400),
        ("POST", "/token/logout", 401),
    ):
        status, body = await call(
            session, method, sim.urls.auth + path, headers=token_header(token, "Bearer")
        )
        assert (status, body["status"]) == (expected, "FAILURE_BAD_HEADER")
    status, _ = await call(
        session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(token, "Bearer")
    )
    assert status == 200


async def test_validate_then_logout_kills_the_token(sim, world, session):
    token = (await login(sim, session))["tokenInfo"]["tokenValue"]
    status, body = await call(
        session, "GET", f"{sim.urls.auth}/token/validate", headers=token_header(token)
    )
    assert status == 200
    assert body["userInfo"]["userId"] == EMAIL
    assert len(body["userInfo"]["customerGuid"]) == 32
    async with session.post(
        f"{sim.urls.auth}/token/logout", headers=token_header(token)
    ) as response:
        assert response.status == 204
    for method, url in (
        ("GET", f"{sim.urls.auth}/token/validate"),
        ("POST", f"{sim.urls.auth}/token/refresh"),
        ("GET", f"{sim.urls.api}/workspaces"),
    ):
        assert (await call(session, method, url, headers=token_header(token)))[0] == 401


async def test_expired_token_gets_401_from_the_api(sim, world: World, session):
    token = (await login(sim, session))["tokenInfo"]["tokenValue"]
    sim.clock.advance(35 * 60 + 1)
    status, body = await call(
        session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(token)
    )
    assert status == 401
    assert body["status"]["code"] == 401
    status, _ = await call(session, "GET", f"{sim.urls.api}/workspaces")
    assert status == 401


async def test_rotating_refresh_tokens_die_after_use(sim, world, session):
    sim.add_oauth_client("a" * 32, "secret", rotatable=True)
    first = sim.issue_refresh_token("a" * 32, EMAIL)
    url = f"{sim.urls.oauth}/oauth/token"
    grant = {"grant_type": "refresh_token", "client_id": "a" * 32, "client_secret": "secret"}
    status, body = await call(session, "POST", url, json=grant | {"refresh_token": first})
    assert status == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] == 35 * 60
    second = body["refresh_token"]
    assert second != first
    status, failure = await call(session, "POST", url, json=grant | {"refresh_token": first})
    assert (status, failure["error"]) == (403, "invalid_grant")
    status, body = await call(session, "POST", url, data=grant | {"refresh_token": second})
    assert status == 200, "form-encoded bodies (oauthlib) work too"
    api_status, _ = await call(
        session, "GET", f"{sim.urls.api}/workspaces", headers=token_header(body["access_token"])
    )
    assert api_status == 200


async def test_non_rotatable_refresh_token_keeps_working(sim, world, session):
    sim.add_oauth_client("b" * 32, rotatable=False)
    refresh = sim.issue_refresh_token("b" * 32, EMAIL)
    grant = {"grant_type": "refresh_token", "client_id": "b" * 32, "refresh_token": refresh}
    for _ in range(2):
        status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
        assert (status, body["refresh_token"]) == (200, refresh)


async def test_device_code_grant_waits_for_approval(sim, world, session):
    sim.add_oauth_client("c" * 32)
    status, device = await call(
        session,
        "POST",
        f"{sim.urls.oauth}/oauth/device/code",
        json={"client_id": "c" * 32, "scope": "openid"},
    )
    assert status == 200 and device["expires_in"] == 900
    grant = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "client_id": "c" * 32,
        "device_code": device["device_code"],
    }
    status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
    assert (status, body["error"]) == (400, "authorization_pending")
    sim.approve_device(device["user_code"], EMAIL)
    status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
    assert (status, body["error"]) == (400, "slow_down")  # polled again within `interval`
    sim.clock.advance(device["interval"])
    status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
    assert status == 200 and body["access_token"] and body["refresh_token"]


async def test_a_declined_device_code_is_refused_for_good(sim, world, session):
    sim.add_oauth_client("c" * 32)
    url = f"{sim.urls.oauth}/oauth/device/code"
    _, device = await call(session, "POST", url, json={"client_id": "c" * 32})
    sim.decline_device(device["user_code"])
    assert sim.pending_user_codes() == []
    grant = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "client_id": "c" * 32,
        "device_code": device["device_code"],
    }
    for error in ("access_denied", "invalid_grant"):
        status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
        assert (status, body["error"]) == (400, error)


async def test_authorization_code_grant_redirects_with_a_code(sim, world, session):
    sim.add_oauth_client("d" * 32, "secret")
    params = {
        "response_type": "code",
        "client_id": "d" * 32,
        "scope": "openid",
        "redirect_uri": "https://app.example/callback",
        "state": "xyz",
    }
    async with session.get(
        f"{sim.urls.oauth}/auth/authorize", params=params, allow_redirects=False
    ) as response:
        assert response.status == 302
        location = response.headers["Location"]
    assert location.startswith("https://app.example/callback?code=")
    assert location.endswith("&state=xyz")
    code = location.split("code=")[1].split("&")[0]
    grant = {
        "grant_type": "authorization_code",
        "client_id": "d" * 32,
        "client_secret": "secret",
        "redirect_uri": "https://app.example/callback",
        "code": code,
    }
    status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
    assert status == 200 and body["refresh_token"]
    status, body = await call(session, "POST", f"{sim.urls.oauth}/oauth/token", json=grant)
    assert (status, body["error"]) == (400, "invalid_grant")
