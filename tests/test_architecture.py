"""The layers of the package, checked as a contract (STYLE.md rule 1, issue 16).

Every `import` in `facilitator/` is read from the source (module level, inside
functions, under `if TYPE_CHECKING:`) and from the strings that name a module
of the package (the app opens its screens by name, `importlib`):

- the core (every plain module of `facilitator/`: model, store, meeting,
  speaking, grouping, planning, history, export, clock, i18n and the others)
  never imports `textual`, the app, a screen, a widget, the Textual glue
  (`ui`, `palette`, `textual_fixes`) or an entry point (`cli`, `serve`), at
  any depth;
- widgets never import a screen or the app; the glue never imports the app, a
  screen or a widget; a screen imports the app only under `TYPE_CHECKING`
  (to name its type), never at run time;
- no import circles anywhere: no chain of imports that run (module level,
  inside functions, by name) leads from a module back to itself. An import
  under `if TYPE_CHECKING:` never runs, so it is not part of a circle.

And, as the earlier purity test did, each core module imported in a
fresh interpreter loads no `textual` module and no UI module of the package.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "facilitator"

Kind = Literal["module", "function", "typing", "named"]
"""Where an import stands: at module level, inside a function, under `if TYPE_CHECKING:`, or a module named in a string."""
RUNS: frozenset[Kind] = frozenset({"module", "function", "named"})
"""The kinds of import that run, and so can make a circle."""

ENTRY_POINTS = {"facilitator.__main__", "facilitator.cli", "facilitator.serve"}
"""The command line and the browser server: they start everything else."""
TEXTUAL_GLUE = {"facilitator.ui", "facilitator.palette", "facilitator.textual_fixes"}
"""Plain modules that are Textual code all the same: the stylesheets and translated keys, the themes, Textual's fixes."""
NOT_CORE = ENTRY_POINTS | TEXTUAL_GLUE | {"facilitator.app"}

ISSUE_CORE = ["model", "store", "meeting", "speaking", "grouping", "planning", "history", "export", "clock", "i18n"]
"""The core as issue 16 names it."""
FORMER_CORE = [
    "facilitator.clock", "facilitator.model", "facilitator.i18n", "facilitator.store", "facilitator.meeting",
    "facilitator.grouping", "facilitator.speaking", "facilitator.export", "facilitator.planning",
    "facilitator.history", "facilitator.agendas", "facilitator.demo", "facilitator.wall", "facilitator.locks",
    "facilitator.oscompat", "facilitator.glyphs", "facilitator.confidential", "facilitator.consistency",
    "facilitator.crashreport", "facilitator.textlimits", "facilitator.purpose", "facilitator.rolefeedback",
    "facilitator.evaluation", "facilitator.welcome", "facilitator.undo", "facilitator.laptop",
    "facilitator.syncnames", "facilitator.merging", "facilitator.conflicts", "facilitator.bundle",
]  # fmt: skip
"""The list the earlier purity test checked by hand, before the core was read from the folder."""

UI = ("textual", "facilitator.app", "facilitator.screens", "facilitator.widgets")


@dataclass(frozen=True)
class Import:
    """One import in the package's source."""

    importer: str
    target: str
    """The module imported, as an absolute name (`facilitator.screens.help`, `textual.app`)."""
    line: int
    kind: Kind

    def where(self, modules: dict[str, Path]) -> str:
        return f"{modules[self.importer].relative_to(modules_root(modules))}:{self.line} imports {self.target} ({self.kind})"


def modules_root(modules: dict[str, Path]) -> Path:
    return modules[min(modules, key=len)].parent.parent


def package_modules(package_dir: Path) -> dict[str, Path]:
    """Module name -> file, for every module of the package in `package_dir`."""
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import in one module's source, each with where it stands."""
    found: list[Import] = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def add(target: str, node: ast.AST, kind: Kind) -> None:
        found.append(Import(name, target, getattr(node, "lineno", 0), kind))

    def visit(node: ast.AST, kind: Kind) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, "typing")
            for child in node.orelse:
                visit(child, kind)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and kind == "module":
            kind = "function"
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, kind)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                add(submodule if submodule in modules else source, node, kind)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in modules and node.value != name:
                add(node.value, node, "named")
        for child in ast.iter_child_nodes(node):
            visit(child, kind)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), "module")
    return found


def all_imports(modules: dict[str, Path]) -> list[Import]:
    return [found for name, path in modules.items() for found in imports_of(name, path, modules)]


def _within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def offences(
    found: list[Import], importers: set[str], forbidden: tuple[str, ...] | set[str], kinds: frozenset[Kind]
) -> list[Import]:
    """The imports by `importers`, of the `kinds` given, of a module within one of `forbidden`."""
    return [
        imp
        for imp in found
        if imp.importer in importers and imp.kind in kinds and any(_within(imp.target, f) for f in forbidden)
    ]


def runtime_graph(found: list[Import], modules: dict[str, Path]) -> dict[str, dict[str, Import]]:
    """importer -> {imported module of the package: the import} for the imports that run.

    Importing `a.b.c` runs the packages `a` and `a.b` first, so they count as
    imported too (unless the importer lives inside them already).
    """
    graph: dict[str, dict[str, Import]] = {name: {} for name in modules}
    for imp in found:
        if imp.kind not in RUNS:
            continue
        target = imp.target
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if not target:
            continue  # not a module of the package
        own = {imp.importer.rsplit(".", n)[0] for n in range(imp.importer.count(".") + 1)}
        parts = target.split(".")
        for depth in range(1, len(parts) + 1):
            step = ".".join(parts[:depth])
            if step in modules and step not in own:
                graph[imp.importer].setdefault(step, imp)
    return graph


def circles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def describe_circles(graph: dict[str, dict[str, Import]], modules: dict[str, Path]) -> list[str]:
    lines = []
    for group in circles(graph):
        lines.append(" <-> ".join(group))
        lines += [f"    {imp.where(modules)}" for a in group for b, imp in graph[a].items() if b in group]
    return lines


MODULES = package_modules(PACKAGE_DIR)
IMPORTS = all_imports(MODULES)
TOP_LEVEL = {name for name, path in MODULES.items() if path.parent == PACKAGE_DIR}
WIDGETS = {name for name in MODULES if _within(name, "facilitator.widgets")}
SCREENS = {name for name in MODULES if _within(name, "facilitator.screens")}
CORE = sorted(set(MODULES) - NOT_CORE - WIDGETS - SCREENS)
"""Every module but the UI's: the top-level ones and those of a core package such as `facilitator.store`."""


def _report(found: list[Import]) -> str:
    return "\n".join(imp.where(MODULES) for imp in found)


# --------------------------------------------------------------------------- the reader itself


def test_the_reader_sees_every_kind_of_import() -> None:
    """The contract is only as good as the reading: known imports of each kind are found."""
    seen = {(imp.importer, imp.target, imp.kind) for imp in IMPORTS}
    assert ("facilitator.app", "facilitator.screens.home", "named") in seen  # SCREEN_REGISTRY
    assert ("facilitator.cli", "facilitator.app", "function") in seen
    assert ("facilitator.cli", "facilitator.app", "typing") in seen
    assert ("facilitator.screens.history", "facilitator.screens.review", "function") in seen
    assert ("facilitator.screens.history", "facilitator.screens.history_common", "module") in seen
    assert ("facilitator.app", "textual.app", "module") in seen
    assert ("facilitator.app", "facilitator.widgets.toggles", "module") in seen  # `from facilitator.widgets import toggles`


def test_the_checks_fail_on_a_package_that_breaks_them(tmp_path: Path) -> None:
    """A made-up package with a circle through a function, a hidden Textual import and a widget importing a screen."""
    files = {
        "pkg/__init__.py": "",
        "pkg/core.py": "def later():\n    import textual.app\n    from pkg import helper\n",
        "pkg/helper.py": "from . import core\n",
        "pkg/typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import core\nelse:\n    import json\n",
        "pkg/widgets/__init__.py": "",
        "pkg/widgets/bar.py": "from ..screens.main import Main\n",
        "pkg/screens/__init__.py": "",
        "pkg/screens/main.py": "OPEN = 'pkg.widgets.bar'\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = package_modules(tmp_path / "pkg")
    found = all_imports(modules)
    assert [(i.target, i.kind) for i in offences(found, {"pkg.core"}, ("textual",), frozenset({"function"}))] == [
        ("textual.app", "function")
    ]
    assert [i.target for i in offences(found, {"pkg.widgets.bar"}, ("pkg.screens",), RUNS)] == ["pkg.screens.main"]
    assert {(i.target, i.kind) for i in found if i.importer == "pkg.typed"} == {
        ("typing", "module"), ("pkg.core", "typing"), ("json", "module")
    }
    assert circles(runtime_graph(found, modules)) == [["pkg.core", "pkg.helper"], ["pkg.screens.main", "pkg.widgets.bar"]]


# --------------------------------------------------------------------------- the contract


def test_the_core_is_every_plain_module() -> None:
    assert NOT_CORE <= TOP_LEVEL, sorted(NOT_CORE - TOP_LEVEL)  # the exceptions name modules that exist
    assert {f"facilitator.{name}" for name in ISSUE_CORE} <= set(CORE)
    assert set(FORMER_CORE) <= set(CORE)


def test_the_core_never_imports_textual_or_the_ui() -> None:
    forbidden = (*UI, *sorted(TEXTUAL_GLUE), *sorted(ENTRY_POINTS))
    found = offences(IMPORTS, set(CORE), forbidden, frozenset({"module", "function", "typing", "named"}))
    assert not found, "the core imports the UI:\n" + _report(found)


def test_widgets_never_import_screens_or_the_app() -> None:
    forbidden = ("facilitator.screens", "facilitator.app", *sorted(ENTRY_POINTS))
    found = offences(IMPORTS, WIDGETS, forbidden, frozenset({"module", "function", "typing", "named"}))
    assert not found, "a widget imports a screen or the app:\n" + _report(found)


def test_the_textual_glue_stays_below_app_screens_and_widgets() -> None:
    forbidden = ("facilitator.app", "facilitator.screens", "facilitator.widgets", *sorted(ENTRY_POINTS))
    found = offences(IMPORTS, TEXTUAL_GLUE, forbidden, frozenset({"module", "function", "typing", "named"}))
    assert not found, "ui, palette or textual_fixes import what stands above them:\n" + _report(found)


def test_screens_import_the_app_only_to_name_its_type() -> None:
    found = offences(IMPORTS, SCREENS, ("facilitator.app", *sorted(ENTRY_POINTS)), RUNS)
    assert not found, "a screen imports the app or an entry point at run time (they open the screens):\n" + _report(found)


def test_no_import_circles() -> None:
    found = describe_circles(runtime_graph(IMPORTS, MODULES), MODULES)
    assert not found, "import circles:\n" + "\n".join(found)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    """Imported in a fresh interpreter, a core module loads no Textual and no UI module of the package."""
    code = (
        f"import sys, {module}\n"
        f"ui = {UI!r}\n"
        "loaded = sorted(m for m in sys.modules if any(m == u or m.startswith(u + '.') for u in ui))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} pulls in Textual: {result.stdout.strip()[:200]}"
