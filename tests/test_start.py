"""start.py, the README's two set-up commands (issue 15, point 1).

CI runs the test command itself with Debian's system Python (.ci/run), so
the whole path a fresh Debian 12 takes is exercised there, but for one part:
this machine's Python has ensurepip, and a fresh Debian or Ubuntu has not.
That part, pip brought from the package index into a virtual environment made
without it, is run here against an index served on 127.0.0.1 by the test,
with a pip wheel found on this machine.
"""

from __future__ import annotations

import hashlib
import http.server
import importlib.util
import re
import subprocess
import sys
import threading
import venv
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_start() -> ModuleType:
    spec = importlib.util.spec_from_file_location("start_script", ROOT / "start.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


start = load_start()


def test_the_readme_s_two_commands_and_ci_runs_the_second_word_for_word() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert blocks[:2] == ["python3 start.py", "python3 start.py --test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == blocks[1]
    assert 'ln -s /usr/bin/python3 "$work/bin/python3"' in ci  # the system Python, as on a fresh Debian


PAGE = """<!DOCTYPE html><html><body>
<a href="https://files.example/pip-9.0.3.tar.gz#sha256={a}">pip-9.0.3.tar.gz</a>
<a href="https://files.example/pip-24.0-py3-none-any.whl#sha256={b}" data-requires-python="&gt;=3.7">pip-24.0-py3-none-any.whl</a>
<a href="../../packages/pip-25.1-py3-none-any.whl#sha256={c}">pip-25.1-py3-none-any.whl</a>
<a href="https://files.example/pip-25.2b1-py3-none-any.whl#sha256={a}">a pre-release</a>
<a href="https://files.example/pip-26.0-py3-none-any.whl#sha256={a}" data-yanked="broken">yanked</a>
<a href="https://files.example/pip-25.3-py3-none-any.whl">no checksum</a>
</body></html>"""


def test_the_newest_released_pip_wheel_with_a_checksum_is_chosen() -> None:
    a, b, c = ("a" * 64, "b" * 64, "c" * 64)
    url, sha = start.newest_pip_wheel(PAGE.format(a=a, b=b, c=c), "https://index.example/simple/pip/")
    assert (url, sha) == ("https://index.example/packages/pip-25.1-py3-none-any.whl", c)
    with pytest.raises(SystemExit, match="no pip wheel"):
        start.newest_pip_wheel("<html></html>", "https://index.example/simple/pip/")


def local_pip_wheel(tmp_path: Path) -> Path:
    """A pip wheel from this machine (ensurepip's own, Debian's), else one pip downloads."""
    candidates = sorted(Path(sys.base_prefix).glob("lib/python3*/ensurepip/_bundled/pip-*.whl"))
    candidates += sorted(Path("/usr/share/python-wheels").glob("pip-*.whl"))
    if candidates:
        return candidates[-1]
    folder = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(folder), "pip"], check=True)
    return next(folder.glob("pip-*.whl"))


@pytest.fixture
def index(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """An index on 127.0.0.1 offering one pip wheel: (index URL, wheel, the paths asked for)."""
    wheel = local_pip_wheel(tmp_path)
    data = wheel.read_bytes()
    asked: list[str] = []
    digest = {"sha256": hashlib.sha256(data).hexdigest()}

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            asked.append(self.path)
            if self.path == "/simple/pip/":
                body = f'<a href="/files/{wheel.name}#sha256={digest["sha256"]}">{wheel.name}</a>'.encode()
            elif self.path == f"/files/{wheel.name}":
                body = data
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple", wheel, asked
    finally:
        server.shutdown()
        server.server_close()


def test_without_ensurepip_pip_comes_from_the_index_checked(
    tmp_path: Path, index: tuple[str, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, wheel, asked = index
    env = tmp_path / "env"
    monkeypatch.setenv("PIP_INDEX_URL", url)
    monkeypatch.setattr(start, "has_ensurepip", lambda: False)  # as on a fresh Debian or Ubuntu
    start.make_venv(env)
    python = start.venv_python(env)
    assert asked == ["/simple/pip/", f"/files/{wheel.name}"]
    done = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    assert str(env) in done.stdout
    start.make_venv(env)  # a working environment is kept as it is
    assert len(asked) == 2


def test_a_pip_wheel_with_another_checksum_is_not_run(
    tmp_path: Path, index: tuple[str, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, wheel, _ = index
    monkeypatch.setenv("PIP_INDEX_URL", url)
    real_fetch = start.fetch
    monkeypatch.setattr(start, "fetch", lambda u: real_fetch(u) + (b"tampered" if u.endswith(".whl") else b""))
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    with pytest.raises(SystemExit, match="does not have the SHA-256"):
        start.install_pip_from_index(start.venv_python(env))
    assert subprocess.run([str(start.venv_python(env)), "-m", "pip", "--version"], capture_output=True).returncode != 0


def test_the_install_is_made_again_only_when_the_sources_change(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "facilitator" / "__pycache__").mkdir(parents=True)
    (root / "themes").mkdir()
    for name in ("pyproject.toml", "README.md", "facilitator/cli.py", "themes/app.tcss"):
        (root / name).write_text(name)
    first = start.source_hash(root)
    (root / "facilitator" / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"cache")
    assert start.source_hash(root) == first
    (root / "facilitator" / "cli.py").write_text("changed")
    assert start.source_hash(root) != first


def test_too_old_a_python_is_told_what_to_do(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(start, "MINIMUM", (99, 0))
    assert start.main([]) == 1
    assert "needs Python 3.11 or newer" in capsys.readouterr().err


def test_the_test_command_runs_ruff_and_mypy_before_the_tests_and_stops_when_one_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(start, "make_venv", lambda: None)
    monkeypatch.setattr(start, "install", lambda test: ran.append(f"install test={test}"))
    outcomes = iter([0, 0])

    def tests(command: list[str]) -> int:
        ran.append(Path(command[0]).name)
        return 0

    def checked(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        ran.append(" ".join([Path(command[0]).name, *command[1:]]))
        return subprocess.CompletedProcess(command, next(outcomes))

    monkeypatch.setattr(start.subprocess, "run", checked)
    monkeypatch.setattr(start, "run", tests)
    assert start.main(["--test", "-k", "wall"]) == 0
    assert ran == [
        "install test=True",
        "ruff check facilitator tests bench start.py",
        "mypy facilitator start.py",
        "pytest" + (".exe" if start.WINDOWS else ""),
    ]
    ran.clear()
    outcomes = iter([0, 1])  # mypy finds an error: no tests
    assert start.main(["--test"]) == 1
    assert ran == ["install test=True", "ruff check facilitator tests bench start.py", "mypy facilitator start.py"]


def test_the_checks_are_real_a_lint_error_fails_and_clean_code_passes(tmp_path: Path) -> None:
    # The checks of this test's own environment (the test extras), on a small folder laid out as this one.
    env = Path(sys.prefix)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "facilitator").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "bench").mkdir()
    (tmp_path / "start.py").write_text('"""A start."""\n')
    (tmp_path / "facilitator" / "__init__.py").write_text('"""A package."""\n\n\ndef half(n: int) -> float:\n    return n / 2\n')
    assert start.run_checks(tmp_path, env) == 0
    (tmp_path / "facilitator" / "__init__.py").write_text('"""A package."""\n\nimport os\n')  # F401: unused
    assert start.run_checks(tmp_path, env) != 0
    (tmp_path / "facilitator" / "__init__.py").write_text('"""A package."""\n\n\ndef half(n):\n    return n / 2\n')
    assert start.run_checks(tmp_path, env) != 0  # ruff passes; mypy --strict: no annotations
