"""Points the third-party anaplan-sdk (which hard-codes Anaplan's hosts) at the simulator.

    from simulators.anaplan.sdk_transport import AsyncRedirect
    client = anaplan_sdk.AsyncClient(workspace_id=..., model_id=..., user_email=..., password=...,
                                     token=sim.issue_token(email),  # skips the SDK's own login
                                     transport=AsyncRedirect(sim.urls))

The SDK logs in with a private client at construction unless it is given a token; with a token
its re-authentication on 401 goes through this transport like every other call.
Requires httpx2 (installed with anaplan-sdk, the `bench` extra); the simulator itself does not.
"""

import httpx2

from .server import SimUrls

ANAPLAN_HOSTS = {
    "api.anaplan.com": "api",
    "auth.anaplan.com": "auth",
    "us1a.app.anaplan.com": "oauth",
}


def _origin(urls: SimUrls, role: str) -> httpx2.URL:
    base = {"api": urls.api, "auth": urls.auth, "oauth": urls.oauth}[role]
    return httpx2.URL(base)


def redirect(request: httpx2.Request, urls: SimUrls) -> None:
    role = ANAPLAN_HOSTS.get(request.url.host)
    if role is None:
        return
    origin = _origin(urls, role)
    request.url = request.url.copy_with(scheme=origin.scheme, host=origin.host, port=origin.port)
    request.headers["Host"] = request.url.netloc.decode("ascii")


class AsyncRedirect(httpx2.AsyncBaseTransport):
    def __init__(self, urls: SimUrls) -> None:
        self._urls = urls
        self._inner = httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        redirect(request, self._urls)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class Redirect(httpx2.BaseTransport):
    def __init__(self, urls: SimUrls) -> None:
        self._urls = urls
        self._inner = httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        redirect(request, self._urls)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()
