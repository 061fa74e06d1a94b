"""What the app, its screens and its widgets share, below all three: stylesheets and translated keys.

- `stylesheet(name)`: the absolute path of a stylesheet of the top-level
  `themes/` folder, found the same way installed (the wheel ships the folder as
  `facilitator/themes/`), installed editable, and run from the repository root
  with no install at all (the folder beside the package).
- `localize_bindings(node)`: a screen's or widget's BINDINGS, written as catalog
  keys, turned into text in the current language.

This module imports Textual but never `facilitator.app`, a screen or a widget
(tests/test_architecture.py), so every one of them can import it without an
import circle.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from textual.dom import DOMNode

from facilitator.i18n import t

__all__ = ["localize_bindings", "stylesheet", "themes_folder"]

PACKAGE = Path(__file__).resolve().parent
"""The folder of the `facilitator` package."""


@cache
def themes_folder() -> Path:
    """The folder of the stylesheets.

    A wheel installs the top-level `themes/` folder inside the package, as
    `facilitator/themes/` (pyproject.toml's package-dir and package-data); in a
    checkout, used editable or from the repository root, it is the `themes/`
    folder beside the package.
    """
    shipped = PACKAGE / "themes"
    return shipped if shipped.is_dir() else PACKAGE.parent / "themes"


def stylesheet(name: str) -> Path:
    """The absolute path of the stylesheet `name` of `themes/` (works installed, editable and from a checkout)."""
    return themes_folder() / name


def localize_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of `node`'s bindings.

    BINDINGS name catalog keys (`Binding("n", "new", "home.bind_new",
    tooltip="home.tip_new", id="home.new")`); this turns them into text in the
    current language. Call it in the screen's (or widget's) `__init__`.
    """
    bindings = node._bindings.key_to_bindings
    for key, key_bindings in bindings.items():
        bindings[key] = [
            replace(
                binding,
                description=t(binding.description) if "." in binding.description else binding.description,
                tooltip=t(binding.tooltip) if "." in binding.tooltip else binding.tooltip,
                group=(
                    replace(binding.group, description=t(binding.group.description))
                    if binding.group is not None and "." in binding.group.description
                    else binding.group
                ),
            )
            for binding in key_bindings
        ]
