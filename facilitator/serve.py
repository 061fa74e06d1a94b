"""`facilitator wall --serve [--port N] [--host H]`: the room view in a web browser, with textual-serve.

textual-serve runs a command in a fresh process for each browser that opens
the page and shows that process's screen in the page (xterm.js over a
websocket). The command is always the read-only room view,
`facilitator --data-dir D --lang L wall [ID]` (`served_command`): a browser
can never reach the moderator's screens, the minutes or the contact list,
because the served process has no way to them (see facilitator/screens/wall.py).

It listens on 127.0.0.1 by default, so only this computer can open it (a
projector on this laptop, a second browser window). Another address needs an
explicit `--host` and prints a warning first: anyone on that network who can
reach the computer can see the view. The page is built for the address the
browser used, so `--host 0.0.0.0` works from another machine too.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t

if TYPE_CHECKING:
    from aiohttp import web

__all__ = ["is_loopback", "make_server", "served_command", "serve_wall"]

_MAIN = "import sys; from facilitator.cli import main; main()"
"""How the served command starts the program when no `facilitator` script sits beside the interpreter."""


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.x.x.x, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_command(data_dir: Path, language: str, meeting_id: str | None = None) -> str:
    """The shell command each browser session runs: `facilitator --data-dir D --lang L wall [ID]`.

    The program is started with the same Python that serves (its `facilitator`
    script when there is one beside the interpreter), so the served view is
    always this installation's.
    """
    script = Path(sys.executable).with_name("facilitator")
    program = [str(script)] if script.is_file() else [sys.executable, "-c", _MAIN]
    args = [*program, "--data-dir", str(Path(data_dir).expanduser().resolve()), "--lang", language, "wall"]
    if meeting_id:
        args.append(meeting_id)
    return shlex.join(args)


def make_server(command: str, host: str, port: int) -> Any:
    """A textual-serve `Server` for `command` whose page works for whatever address the browser used."""
    from textual_serve.server import Server

    class WallServer(Server):  # type: ignore[misc]
        """textual-serve's server with the program's own start-up lines and per-request page addresses."""

        async def on_startup(self, app: web.Application) -> None:
            url = f"http://{_url_host(self.host)}:{self.port}"
            self.console.print(t("wall.serving", url=url), highlight=False, markup=False, soft_wrap=True)
            self.console.print(t("wall.serving_font", url=url), highlight=False, markup=False, soft_wrap=True)

        async def handle_index(self, request: web.Request) -> Any:
            # The websocket address in the page follows the address the browser used,
            # so a page opened through a LAN address (with --host 0.0.0.0) connects back to it.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    return WallServer(command, host=host, port=port, title="Facilitator")


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def serve_wall(data_dir: Path, language: str, meeting_id: str | None, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve the room view until Ctrl+C; the exit status (1 when the port cannot be used)."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(f"facilitator: {t('wall.no_textual_serve')}", file=sys.stderr)
        return 1
    if not is_loopback(host):
        print(t("wall.public_warning", host=host), file=sys.stderr, flush=True)
    server = make_server(served_command(data_dir, language, meeting_id), host, port)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"facilitator: {t('wall.port_taken', host=host, port=port, reason=reason)}", file=sys.stderr)
        return 1
    return 0
