"""The package works the same installed, installed editable, and from the repository root (issue 16, point 5).

The stylesheets live in the top-level `themes/` folder; a wheel ships them as
`facilitator/themes/`, a checkout has them beside the package
(`facilitator.ui.themes_folder`). The tests run against whatever is installed
(a wheel in CI, through start.py; editable on a developer's machine), and in a
subprocess against the repository's own `facilitator/` with no install at all.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import facilitator
from facilitator import ui
from facilitator.app import SCREEN_REGISTRY, FacilitatorApp, screen_class

ROOT = Path(__file__).resolve().parent.parent
STYLESHEETS = sorted(path.name for path in (ROOT / "themes").glob("*.tcss"))


def _checkout_env() -> dict[str, str]:
    """The environment with the repository root, and nothing else, on PYTHONPATH."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_python_m_facilitator_from_the_repository_root() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--version"],
        cwd=ROOT,
        env=_checkout_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"facilitator {facilitator.__version__}\n"
    assert result.stderr == ""


CHECKOUT_PROBE = """
import json, sys
# No install: drop setuptools' finder of an editable install, so only the checkout can be imported.
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
import facilitator
from facilitator.app import SCREEN_REGISTRY, FacilitatorApp, screen_class
from facilitator.ui import themes_folder
screens = {name: screen_class(name) for name in SCREEN_REGISTRY}
css = [str(p) for p in FacilitatorApp.CSS_PATH]
for cls in screens.values():
    paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
    css += [str(p) for p in paths]
print(json.dumps({
    "package": facilitator.__file__,
    "themes": str(themes_folder()),
    "missing_screens": sorted(name for name, cls in screens.items() if cls is None),
    "css": css,
}))
"""


def test_the_program_runs_from_a_checkout_without_any_install() -> None:
    """`import facilitator.app` failed here ('No module named facilitator.themes') before issue 16."""
    result = subprocess.run(
        [sys.executable, "-c", CHECKOUT_PROBE], cwd=ROOT, env=_checkout_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["package"]) == ROOT / "facilitator" / "__init__.py"
    assert Path(found["themes"]) == ROOT / "themes"
    assert found["missing_screens"] == []
    assert len(found["css"]) > len(SCREEN_REGISTRY)
    for path in found["css"]:
        assert Path(path).is_absolute() and Path(path).is_file(), path
        assert Path(path).parent == ROOT / "themes", path


def test_this_install_finds_every_stylesheet_of_the_themes_folder() -> None:
    """Installed (a wheel: facilitator/themes/) or editable (the checkout's themes/), the same files, the same bytes."""
    folder = ui.themes_folder()
    assert folder.is_dir()
    assert STYLESHEETS, "no stylesheet in themes/"
    for name in STYLESHEETS:
        assert ui.stylesheet(name).read_bytes() == (ROOT / "themes" / name).read_bytes(), name


def test_every_stylesheet_the_code_names_exists() -> None:
    named = set()
    for path in (ROOT / "facilitator").rglob("*.py"):
        named |= set(re.findall(r"""stylesheet\(\s*["']([\w.-]+\.tcss)["']""", path.read_text(encoding="utf-8")))
    assert {"app.tcss", "history.tcss", "meeting.tcss", "panels.tcss"} <= named
    assert sorted(named - set(STYLESHEETS)) == []
    for name in named:
        assert ui.stylesheet(name).is_file(), name


@pytest.mark.parametrize("name", sorted(SCREEN_REGISTRY))
def test_each_screen_loads_its_stylesheets(name: str) -> None:
    cls = screen_class(name)
    assert cls is not None
    paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
    for path in [*paths, *FacilitatorApp.CSS_PATH]:
        assert Path(path).is_absolute() and Path(path).is_file(), path


def test_a_wheel_finds_its_shipped_copy_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two places `themes_folder` looks, in the order that holds in a wheel and in a checkout."""
    package = tmp_path / "site" / "facilitator"
    package.mkdir(parents=True)
    (tmp_path / "site" / "themes").mkdir()
    monkeypatch.setattr(ui, "PACKAGE", package)
    find = ui.themes_folder.__wrapped__
    assert find() == tmp_path / "site" / "themes"  # a checkout: beside the package
    (package / "themes").mkdir()
    assert find() == package / "themes"  # a wheel: inside the package
