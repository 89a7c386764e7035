import asyncio
import json
import sys
from base64 import b64encode

import aiohttp


async def test_cli_serves_the_seeded_sample_until_stopped():
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulators.anaplan",
        "--seed",
        "demo-like-sample",
        "--user",
        "cli@example.com",
        "--password",
        "pw",
        "--task-seconds",
        "0",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        ready = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
        model = ready["workspaces"][0]["models"][0]
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{ready['urls']['auth']}/token/authenticate",
                headers={"Authorization": "Basic " + b64encode(b"cli@example.com:pw").decode()},
            ) as response:
                token = (await response.json())["tokenInfo"]["tokenValue"]
            url = f"{ready['urls']['api']}/models/{model['id']}/exports"
            async with session.get(
                url, headers={"Authorization": f"AnaplanAuthToken {token}"}
            ) as response:
                exports = (await response.json())["exports"]
        assert {e["id"] for e in exports} == set(model["exports"].values())
    finally:
        process.terminate()
        assert await process.wait() == 0
