"""The program in a web browser, with textual-serve: `facilitator serve` and `facilitator wall --serve`.

textual-serve runs a command in a fresh process for each browser tab that
opens the page and shows that process's screen in the page (xterm.js over a
websocket). Two commands use it:

- `facilitator wall --serve [--port N] [--host H]` serves the read-only room
  view, `facilitator --data-dir D --lang L wall [ID]` (`served_command`): a
  browser can never reach the moderator's screens, the minutes or the contact
  list, because the served process has no way to them (facilitator/screens/wall.py).
- `facilitator serve [--port N] [--no-browser]` serves the whole program
  (`program_command`) for a moderator who has never opened a terminal, and
  opens the tab itself. When the program in the last tab has ended (q), the
  server stops a few seconds later, so the window a desktop shortcut opened
  closes by itself.

Who may connect (`make_server`):

- It listens on 127.0.0.1 unless `wall --serve --host` names another address
  (which prints a warning first: anyone on that network can see the view).
- The websocket that carries the program is accepted only from the page's
  own origin (its `Origin` header must be the address the page was loaded
  from): another web page open in the same browser cannot read the meeting.
- While it listens only on this computer, every request must name this
  computer (`Host: 127.0.0.1:8000`, `localhost`, `[::1]`), so a web page whose
  name an attacker points at 127.0.0.1 (DNS rebinding) is refused too.
- `facilitator serve` always, and the room view on another address, need a
  token in the URL (`?token=...`, printed at start, new at each start); the
  page passes it on in the websocket's path.
- The page loads nothing from outside this computer (textual-serve's own page
  fetches a stylesheet from a public font service): it is our own, with the
  Roboto Mono font textual-serve ships, and a Content-Security-Policy that
  lets the browser load only from this server.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import json
import logging
import os
import secrets
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from facilitator.i18n import t

if TYPE_CHECKING:
    from aiohttp import web

__all__ = [
    "PROGRAM_LINGER",
    "free_port",
    "host_is_local",
    "is_loopback",
    "make_server",
    "new_token",
    "program_command",
    "same_origin",
    "serve_program",
    "serve_wall",
    "served_command",
]

_MAIN = "import sys; from facilitator.cli import main; main()"
"""How the served command starts the program when no `facilitator` script sits beside the interpreter."""

PROGRAM_LINGER = 5.0
"""Seconds `facilitator serve` waits after the program in its last tab ended before it stops (a reload reconnects)."""


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.x.x.x, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_is_local(host_header: str) -> bool:
    """True when a request's Host header (`name[:port]`) names this computer."""
    try:
        name = urlsplit(f"//{host_header}").hostname
    except ValueError:
        return False
    return bool(name) and is_loopback(name or "")


def same_origin(origin: str | None, scheme: str, host_header: str) -> bool:
    """True when a websocket's `Origin` is the address its page came from (`scheme://host[:port]`)."""
    if not origin or not host_header:
        return False
    return origin.strip().lower() == f"{scheme}://{host_header}".lower()


def new_token() -> str:
    """A fresh secret for the URL (128 bits and more, URL-safe)."""
    return secrets.token_urlsafe(18)


def _command(args: list[str]) -> str:
    """One command line for the platform's shell (textual-serve starts it through the shell)."""
    return subprocess.list2cmdline(args) if os.name == "nt" else shlex.join(args)


def _program(data_dir: Path, language: str) -> list[str]:
    """`facilitator --data-dir D --lang L` with this installation's program."""
    script = Path(sys.executable).with_name("facilitator.exe" if os.name == "nt" else "facilitator")
    program = [str(script)] if script.is_file() else [sys.executable, "-c", _MAIN]
    return [*program, "--data-dir", str(Path(data_dir).expanduser().resolve()), "--lang", language]


def served_command(data_dir: Path, language: str, meeting_id: str | None = None) -> str:
    """The command each browser tab of the room view runs: `facilitator --data-dir D --lang L wall [ID]`.

    The program is started with the same Python that serves (its `facilitator`
    script when there is one beside the interpreter), so the served view is
    always this installation's.
    """
    args = [*_program(data_dir, language), "wall"]
    if meeting_id:
        args.append(meeting_id)
    return _command(args)


def program_command(data_dir: Path, language: str) -> str:
    """The command each browser tab of `facilitator serve` runs: the whole program, on its home screen."""
    return _command(_program(data_dir, language))


# ----------------------------------------------------------------------------- the page

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
  <head>
    <meta charset="utf-8">
    <meta name="referrer" content="no-referrer">
    <title>{title}</title>
    <link rel="stylesheet" href="/static/css/xterm.css">
    <style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
      }}
      body {{ background: #0c181f; margin: 0; }}
      .dialog-container {{
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }}
      .intro {{
        min-width: 20em; padding: 2em; font-size: 16px; z-index: 20; text-align: center;
        font-family: "Roboto Mono", monospace; color: rgba(255, 255, 255, 0.95); background-color: #12232d;
      }}
      button {{
        padding: 16px 32px; margin: 16px auto 0; display: block; border: none; cursor: pointer;
        background-color: #5e0ba7; color: rgba(255, 255, 255, 0.95); font-family: "Roboto Mono", monospace;
      }}
      button:hover {{ background: #ac5af4; }}
      body.-first-byte .intro-dialog {{ display: none; }}
      body .textual-terminal {{ opacity: 0; }}
      body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.3s ease-out; }}
      .closed-dialog {{ display: none; }}
      body.-closed .closed-dialog {{ display: flex; }}
      #start {{ display: none; }}
      #start.-delay {{ display: block; }}
    </style>
    <script src="/static/js/textual.js"></script>
    <script nonce="{nonce}">
      function restart() {{
        const url = new URL(window.location.href);
        url.searchParams.delete("delay");
        window.location.href = url.pathname + "?" + url.searchParams.toString();
      }}
      document.addEventListener("DOMContentLoaded", () => {{
        for (const button of document.querySelectorAll("button")) button.addEventListener("click", restart);
      }});
    </script>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="intro"><div>{title}</div><button type="button" id="start">{start}</button></div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="intro"><div class="message">{ended}</div><button type="button">{restart}</button></div>
    </div>
    <div id="terminal" class="textual-terminal" data-session-websocket-url="{websocket}" data-font-size="{font_size}"></div>
  </body>
</html>
"""


def _policy(nonce: str, host_header: str) -> str:
    """The page's Content-Security-Policy: everything from this server only."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",  # xterm.js sets styles of its own
            "font-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' ws://{host_header} wss://{host_header}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
"""Headers on every answer but the websocket's."""


def _font_size(text: str) -> int:
    try:
        return min(max(int(text), 6), 96)
    except ValueError:
        return 16


# ----------------------------------------------------------------------------- the server


def make_server(
    command: str,
    host: str,
    port: int,
    *,
    token: str | None = None,
    title: str = "Facilitator",
    lines: Callable[[str], list[str]] | None = None,
    open_browser: bool = False,
    linger: float | None = None,
) -> Any:
    """A textual-serve `Server` for `command` that lets in only the page's own origin (see the module's text).

    `token`: needed in the page's URL (`/?token=...`) and passed by the page in
    the websocket's path; None asks for none. `lines(url)`: what to print when
    it listens (the URL includes the token). `open_browser`: open the URL in
    the user's browser once it listens. `linger`: stop that many seconds after
    the program in the last tab ended (None: serve until Ctrl+C).
    """
    from aiohttp import web
    from textual_serve.server import Server

    local_only = is_loopback(host)
    websocket_path = "/ws/{token}" if token else "/ws"

    class LocalServer(Server):
        """textual-serve's server with our own page, its origin and token checks, and our start-up lines."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title)
            self.sessions = 0
            self._stop: asyncio.TimerHandle | None = None

        def initialize_logging(self) -> None:
            # textual-serve logs errors with tracebacks and their local variables: one line, no more
            handler = logging.StreamHandler()
            handler.setFormatter(_OneLine("facilitator: %(message)s"))
            logging.getLogger("textual-serve").addHandler(handler)
            logging.getLogger("textual-serve").propagate = False

        @property
        def url(self) -> str:
            base = f"http://{_url_host(host)}:{port}/"
            return f"{base}?token={token}" if token else base

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[self.guard])
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get(websocket_path, self.handle_websocket, name="websocket"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        @web.middleware
        async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            if local_only and not host_is_local(request.host):
                return web.Response(status=403, text=t("serve.not_this_computer"), headers=_HEADERS)
            response: web.StreamResponse = await handler(request)
            if not response.prepared:
                response.headers.update(_HEADERS)
            return response

        def _token_ok(self, given: str) -> bool:
            return token is None or secrets.compare_digest(given.encode(), token.encode())

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not self._token_ok(request.query.get("token", "")):
                return web.Response(status=403, text=t("serve.need_token"), content_type="text/plain")
            nonce = secrets.token_urlsafe(12)
            scheme = "wss" if request.secure else "ws"
            path = websocket_path.format(token=token) if token else websocket_path
            page = _PAGE.format(
                lang=html.escape(t("serve.page_language")),
                title=html.escape(title),
                nonce=nonce,
                start=html.escape(t("serve.start")),
                ended=html.escape(t("serve.ended")),
                restart=html.escape(t("serve.restart")),
                websocket=html.escape(f"{scheme}://{request.host}{path}"),
                font_size=_font_size(request.query.get("fontsize", "16")),
            )
            headers = {"Content-Security-Policy": _policy(nonce, request.host), "Cache-Control": "no-store"}
            return web.Response(text=page, content_type="text/html", headers=headers)

        # [override]: textual-serve declares WebSocketResponse; a refused origin gets a plain 403 response
        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            if not same_origin(request.headers.get("Origin"), request.scheme, request.host):
                origin = json.dumps(request.headers.get("Origin"))
                self.console.print(t("serve.refused_origin", origin=origin), highlight=False, markup=False)
                return web.Response(status=403, text=t("serve.refused_origin_short"))
            if not self._token_ok(request.match_info.get("token", "")):
                return web.Response(status=403, text=t("serve.need_token"))
            self.sessions += 1
            if self._stop is not None:
                self._stop.cancel()
                self._stop = None
            try:
                response: web.StreamResponse = await super().handle_websocket(request)
                return response
            finally:
                self.sessions -= 1
                if linger is not None and self.sessions == 0:
                    self._stop = asyncio.get_running_loop().call_later(linger, self.request_exit)

        async def on_startup(self, app: web.Application) -> None:
            for line in lines(self.url) if lines else []:
                self.console.print(line, highlight=False, markup=False, soft_wrap=True)
            if open_browser:
                asyncio.get_running_loop().create_task(self._open_browser())

        async def _open_browser(self) -> None:
            loop = asyncio.get_running_loop()
            for _attempt in range(100):  # until the site listens (it starts right after on_startup)
                if await loop.run_in_executor(None, _listening, _url_host(host).strip("[]"), port):
                    break
                await asyncio.sleep(0.05)
            import webbrowser

            opened = await loop.run_in_executor(None, webbrowser.open, self.url)
            if not opened:
                self.console.print(t("serve.no_browser", url=self.url), highlight=False, markup=False, soft_wrap=True)

    return LocalServer()


class _OneLine(logging.Formatter):
    """A log line without the traceback (no local variables, no piece of a meeting, reach the window)."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_info, record.exc_text = None, None
        return super().format(record)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (for `facilitator serve` without --port)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _serve(server: Any, host: str, port: int) -> int:
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"facilitator: {t('wall.port_taken', host=host, port=port, reason=reason)}", file=sys.stderr)
        return 1
    return 0


def _have_textual_serve() -> bool:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(f"facilitator: {t('wall.no_textual_serve')}", file=sys.stderr)
        return False
    return True


def serve_wall(data_dir: Path, language: str, meeting_id: str | None, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve the room view until Ctrl+C; the exit status (1 when the port cannot be used).

    On this computer only, no token is asked (the projector's browser opens
    the short address); on another address the URL carries a token.
    """
    if not _have_textual_serve():
        return 1
    token = None
    if not is_loopback(host):
        print(t("wall.public_warning", host=host), file=sys.stderr, flush=True)
        token = new_token()

    def lines(url: str) -> list[str]:
        larger = f"{url}&fontsize=28" if token else f"{url}?fontsize=28"
        return [t("wall.serving", url=url), t("serve.larger_type", url=larger)]

    server = make_server(served_command(data_dir, language, meeting_id), host, port, token=token, lines=lines)
    return _serve(server, host, port)


def serve_program(data_dir: Path, language: str, *, port: int | None = None, browser: bool = True) -> int:
    """`facilitator serve`: the whole program in a browser tab on this computer; the exit status.

    127.0.0.1 only, a new token in the URL, the tab opened with the user's
    browser (`browser=False` only prints the address); stops `PROGRAM_LINGER`
    seconds after the program in the last tab ended, or at Ctrl+C.
    """
    if not _have_textual_serve():
        return 1
    host = "127.0.0.1"
    port = port or free_port(host)

    def lines(url: str) -> list[str]:
        return [t("serve.serving", url=url), t("serve.keep_open")]

    server = make_server(
        program_command(data_dir, language),
        host,
        port,
        token=new_token(),
        lines=lines,
        open_browser=browser,
        linger=PROGRAM_LINGER,
    )
    return _serve(server, host, port)
