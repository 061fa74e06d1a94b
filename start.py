"""Install facilitator into its own virtual environment and start it: `python3 start.py [ARGS]`.

One command for a fresh computer with nothing but Python (3.11 or newer):

    python3 start.py            install (the first time) and start the program
    python3 start.py demo       ... with arguments for `facilitator` (here: write the demo group)
    python3 start.py --test     install the test extras too, run the checks (ruff, mypy) and every test (`pytest -n auto`)
    python3 start.py --test -k wall     ... arguments after --test go to pytest

On Windows the command is `py start.py`.

Why a script: the system Python of Debian and Ubuntu refuses `pip install`
outside a virtual environment (PEP 668, "externally-managed-environment"),
and a fresh Debian or Ubuntu lacks `ensurepip` (the python3-venv package), so
even `python3 -m venv` fails there. This script uses only the standard
library: it makes the virtual environment `.venv` beside itself, without pip
when the Python has no `ensurepip`, and then brings pip from the package
index (PyPI, or $PIP_INDEX_URL) as a wheel whose SHA-256 the index gives,
checked before it is used. It installs this folder into `.venv` (again only
when the files changed since the last install) and then runs the program,
or pytest, from there. Nothing is installed into the system's Python.

After the first run the program can also be started directly:
`.venv/bin/facilitator` (macOS, Linux) or `.venv\\Scripts\\facilitator` (Windows).
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
STAMP_NAME = "facilitator-install.json"
"""A file in .venv saying which state of this folder was installed, and with which extras."""

MINIMUM = (3, 11)
WINDOWS = os.name == "nt"
SOURCES = ("pyproject.toml", "README.md", "facilitator", "themes")
"""What an install is made from: when none of it changed, the installed program is current."""

DEFAULT_INDEX = "https://pypi.org/simple"

CHECKS: tuple[tuple[str, ...], ...] = (
    ("ruff", "check", "facilitator", "tests", "bench", "start.py"),
    ("mypy", "facilitator", "start.py"),
)
"""What `--test` runs before the tests, each a script of the test extras (configured in pyproject.toml).

Lint and types come first: a failing check stops the run before the slow tests start.
"""


def say(message: str) -> None:
    print(f"start.py: {message}", file=sys.stderr, flush=True)


def venv_python(env: Path = VENV) -> Path:
    return env / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_script(name: str, env: Path = VENV) -> Path:
    return env / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def runs(command: list[str]) -> bool:
    """True when `command` runs and exits 0 (its output is hidden)."""
    try:
        return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


def has_ensurepip() -> bool:
    """Debian and Ubuntu ship `ensurepip` separately (python3-venv); a fresh system lacks it."""
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def make_venv(env: Path = VENV) -> None:
    """A working virtual environment at `env` with pip in it (made or repaired)."""
    python = venv_python(env)
    if env.exists() and not runs([str(python), "-c", "pass"]):
        if not (env / "pyvenv.cfg").is_file():
            raise SystemExit(f"start.py: {env} exists and is not a virtual environment; move it away and run again")
        say(f"{env} does not work any more (was Python moved?); making it again")
        venv.EnvBuilder(clear=True).create(env)
    elif not env.exists():
        say(f"making a virtual environment in {env}")
        with_pip = has_ensurepip()
        venv.EnvBuilder(with_pip=with_pip).create(env)
    if not runs([str(python), "-m", "pip", "--version"]):
        if has_ensurepip() and runs([str(python), "-m", "ensurepip", "--default-pip"]):
            return
        install_pip_from_index(python)


class _Links(html.parser.HTMLParser):
    """The links of a PEP 503 "simple" index page, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append({name: value or "" for name, value in attrs})


def newest_pip_wheel(page: str, base_url: str) -> tuple[str, str]:
    """(url, sha256) of the newest released, not yanked pip wheel on an index page."""
    parser = _Links()
    parser.feed(page)
    best: tuple[tuple[int, ...], str, str] | None = None
    for link in parser.links:
        if "data-yanked" in link:
            continue
        url = urllib.parse.urljoin(base_url, link.get("href", ""))
        path, _, fragment = url.partition("#")
        found = re.fullmatch(r"pip-(\d+(?:\.\d+)*)-py3-none-any\.whl", path.rsplit("/", 1)[-1])
        digest = re.fullmatch(r"sha256=([0-9a-f]{64})", fragment)
        if not found or not digest:
            continue
        version = tuple(int(part) for part in found.group(1).split("."))
        if best is None or version > best[0]:
            best = (version, path, digest.group(1))
    if best is None:
        raise SystemExit(f"start.py: no pip wheel found at {base_url}")
    return best[1], best[2]


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "facilitator-start.py"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return bytes(response.read())


def install_pip_from_index(python: Path) -> None:
    """Install pip into the environment of `python` from a pip wheel on the package index.

    A pip wheel runs pip by itself (`python pip.whl/pip install pip.whl`), so
    no pip is needed beforehand. The wheel's SHA-256 from the index page is
    checked before it is run.
    """
    index = os.environ.get("PIP_INDEX_URL", DEFAULT_INDEX).rstrip("/")
    page_url = f"{index}/pip/"
    say(f"this Python has no ensurepip; bringing pip from {page_url}")
    try:
        url, sha256 = newest_pip_wheel(fetch(page_url).decode("utf-8", "replace"), page_url)
        data = fetch(url)
    except OSError as error:
        raise SystemExit(f"start.py: cannot download pip ({error}); is the computer online?") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"start.py: the downloaded {url} does not have the SHA-256 the index gives; not used")
    with tempfile.TemporaryDirectory() as folder:
        wheel = Path(folder) / url.rsplit("/", 1)[-1]
        wheel.write_bytes(data)
        install_pip_from_wheel(python, wheel)


def install_pip_from_wheel(python: Path, wheel: Path) -> None:
    command = [str(python), f"{wheel}/pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", str(wheel)]
    if subprocess.run(command).returncode != 0 or not runs([str(python), "-m", "pip", "--version"]):
        raise SystemExit(f"start.py: installing pip from {wheel.name} failed")


def source_hash(root: Path = HERE) -> str:
    """A digest of every file an install is made from (caches left out)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def install(test: bool, env: Path = VENV, root: Path = HERE) -> None:
    """Install this folder (with the test extras when `test`) into `env`, unless that state is installed."""
    stamp_path = env / STAMP_NAME
    wanted = source_hash(root)
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if stamp.get("source") == wanted and (stamp.get("test") or not test):
        return
    target = ".[test]" if test else "."
    say(f"installing {'the program and its test extras' if test else 'the program'} into {env} (the first time takes a minute)")
    command = [str(venv_python(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", target]
    if subprocess.run(command, cwd=root).returncode != 0:
        raise SystemExit("start.py: the installation failed (pip said why above)")
    stamp_path.write_text(json.dumps({"source": wanted, "test": test}), encoding="utf-8")


def run_checks(root: Path = HERE, env: Path = VENV) -> int:
    """Run CHECKS in `root`, in order; 0 when all pass, else the exit status of the first that fails."""
    for name, *args in CHECKS:
        say(f"checking: {name} {' '.join(args)}")
        try:
            status = subprocess.run([str(venv_script(name, env)), *args], cwd=root).returncode
        except OSError as error:
            say(f"cannot run {name} ({error}); is it in the test extras of pyproject.toml?")
            return 1
        if status != 0:
            say(f"{name} found problems (listed above); the tests were not run")
            return status
    return 0


def run(command: list[str]) -> int:
    """Run the installed program or pytest in place of this script; its exit status."""
    if not WINDOWS:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(command[0], command)  # the terminal and Ctrl+C belong to the program now
    try:
        return subprocess.run(command).returncode
    except KeyboardInterrupt:
        return 130


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM:
        found = ".".join(map(str, sys.version_info[:3]))
        say(f"facilitator needs Python 3.11 or newer; this is {found} ({sys.executable}). See README.md, 'Install'.")
        return 1
    test = bool(argv) and argv[0] == "--test"
    make_venv()
    install(test)
    os.chdir(HERE)
    if test:
        status = run_checks()
        if status != 0:
            return status
        # pytest's own script, not `python -m pytest`: that would put this folder first on
        # sys.path, and the tests would import the sources instead of the installed program.
        return run([str(venv_script("pytest")), "-n", "auto", *argv[1:]])
    return run([str(venv_script("facilitator")), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
