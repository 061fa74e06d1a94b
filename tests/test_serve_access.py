"""Who may use the served program (issue 14.5, issue 15.5): facilitator/serve.py's checks, over real HTTP.

Each test starts the server's aiohttp application on 127.0.0.1 (aiohttp's
test server) and asks as a browser would, and as another web page or a
DNS-rebinding page would: the websocket only from the page's own origin, a
token where one is needed, only this computer's names, and a page that names
nothing outside this computer. The browser tests (test_wall_serve.py,
test_serve_program.py) do the same from a real Chromium.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator.i18n import set_language
from facilitator.serve import host_is_local, make_server, same_origin

COMMAND = f"{sys.executable} -c pass"
"""What a tab would run: here a program that ends at once (the checks come before it)."""

TOKEN = "k3Y-" + "x" * 20


class NoProgram:
    """Stands in for textual-serve's AppService: an accepted websocket starts no process in these tests."""

    started: list[tuple[int, int]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    async def start(self, width: int, height: int) -> None:
        self.started.append((width, height))

    async def stop(self) -> None:
        pass


@pytest.fixture(autouse=True)
def no_program(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual_serve.server

    NoProgram.started.clear()
    monkeypatch.setattr(textual_serve.server, "AppService", NoProgram)


def with_client(token: str | None, check: Callable[[TestClient, str], Awaitable[None]]) -> None:
    """Run `check(client, origin)` against the server's application on 127.0.0.1."""
    set_language("en")

    async def main() -> None:
        server = make_server(COMMAND, "127.0.0.1", 0, token=token)
        app = await server._make_app()
        async with TestServer(app, host="127.0.0.1") as test_server, TestClient(test_server) as client:
            await check(client, f"http://127.0.0.1:{test_server.port}")

    asyncio.run(main())


def test_the_page_needs_the_token_and_names_nothing_outside_this_computer() -> None:
    async def check(client: TestClient, origin: str) -> None:
        for query in ("", "?token=wrong", f"?token={TOKEN[:-1]}"):
            refused = await client.get(f"/{query}")
            assert refused.status == 403
            assert "?token=" in await refused.text()
        page = await client.get(f"/?token={TOKEN}&fontsize=28")
        assert page.status == 200
        text = await page.text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws/{TOKEN}"' in text
        assert 'data-font-size="28"' in text
        assert "googleapis" not in text
        assert re.findall(r"(?:src|href)=\"([^\"]+)\"", text) == ["/static/css/xterm.css", "/static/js/textual.js"]
        assert re.findall(r"url\(\"([^\"]+)\"\)", text) == ["/static/fonts/RobotoMono-VariableFont_wght.ttf"]
        assert "https://" not in text and "http://" not in text
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self' 'nonce-" in policy
        assert f"connect-src 'self' ws://127.0.0.1:{client.port}" in policy
        assert page.headers["Referrer-Policy"] == "no-referrer"  # the token never travels in a Referer
        font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert font.status == 200 and len(await font.read()) > 10_000
        assert (await client.get("/static/")).status in (403, 404)  # no folder listing

    with_client(TOKEN, check)


def test_the_websocket_only_from_the_page_s_own_origin_and_with_the_token() -> None:
    async def check(client: TestClient, origin: str) -> None:
        async def handshake(path: str, headers: dict[str, str]) -> int:
            try:
                ws = await client.ws_connect(path, headers=headers)
            except aiohttp.WSServerHandshakeError as error:
                return error.status
            await ws.close()
            return 101

        good = f"/ws/{TOKEN}"
        assert await handshake(good, {"Origin": "http://evil.example.com"}) == 403
        assert await handshake(good, {"Origin": origin.replace("127.0.0.1", "localhost")}) == 403  # another origin
        assert await handshake(good, {"Origin": "null"}) == 403  # a sandboxed frame or a file
        assert await handshake(good, {}) == 403  # no Origin at all
        assert await handshake("/ws/wrong", {"Origin": origin}) == 403
        assert await handshake("/ws", {"Origin": origin}) == 404
        assert NoProgram.started == []  # nothing refused ever started the program
        assert await handshake(good, {"Origin": origin}) == 101
        assert len(NoProgram.started) == 1

    with_client(TOKEN, check)


def test_the_room_view_on_this_computer_needs_no_token_but_its_own_origin() -> None:
    async def check(client: TestClient, origin: str) -> None:
        assert (await client.get("/")).status == 200
        text = await (await client.get("/")).text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws"' in text
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={"Origin": "http://evil.example.com"})
        assert refused.value.status == 403
        ws = await client.ws_connect("/ws", headers={"Origin": origin})
        await ws.close()

    with_client(None, check)


def test_a_page_whose_name_was_pointed_at_this_computer_is_refused() -> None:
    """DNS rebinding: evil.example.com resolves to 127.0.0.1; its Origin and Host then agree with each other."""

    async def check(client: TestClient, origin: str) -> None:
        rebound = {"Host": f"evil.example.com:{client.port}"}
        page = await client.get("/", headers=rebound)
        assert page.status == 403 and "this computer" in await page.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={**rebound, "Origin": f"http://evil.example.com:{client.port}"})
        assert refused.value.status == 403
        assert (await client.get("/static/css/xterm.css", headers=rebound)).status == 403
        for name in (f"localhost:{client.port}", f"[::1]:{client.port}", f"127.0.0.1:{client.port}"):
            assert (await client.get("/", headers={"Host": name})).status == 200

    with_client(None, check)


def test_origin_and_host_rules() -> None:
    assert same_origin("http://127.0.0.1:8000", "http", "127.0.0.1:8000")
    assert same_origin("HTTP://LOCALHOST:8000", "http", "localhost:8000")
    assert not same_origin("http://127.0.0.1:8001", "http", "127.0.0.1:8000")
    assert not same_origin("https://127.0.0.1:8000", "http", "127.0.0.1:8000")
    assert not same_origin(None, "http", "127.0.0.1:8000")
    assert not same_origin("", "http", "127.0.0.1:8000")
    assert all(host_is_local(h) for h in ("127.0.0.1:8000", "localhost", "[::1]:80", "127.0.0.2"))
    assert not any(host_is_local(h) for h in ("evil.example.com:8000", "192.168.1.5:8000", "", "[::1", "0.0.0.0:8000"))


def test_another_address_lets_any_name_in_but_only_with_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("en")

    async def main() -> None:
        server: Any = make_server(COMMAND, "0.0.0.0", 0, token=TOKEN)
        app = await server._make_app()
        async with TestServer(app, host="127.0.0.1") as test_server, TestClient(test_server) as client:
            lan = {"Host": f"192.168.1.5:{test_server.port}"}
            assert (await client.get("/", headers=lan)).status == 403
            assert (await client.get(f"/?token={TOKEN}", headers=lan)).status == 200

    asyncio.run(main())
