"""The core of the program never imports Textual (STYLE.md rule 1).

Each core module is imported in a fresh interpreter, which then reports
whether any `textual` module was loaded along the way.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "facilitator.clock",
    "facilitator.model",
    "facilitator.i18n",
    "facilitator.store",
    "facilitator.meeting",
    "facilitator.grouping",
    "facilitator.speaking",
    "facilitator.export",
    "facilitator.planning",
    "facilitator.history",
    "facilitator.agendas",
    "facilitator.demo",
    "facilitator.wall",
    "facilitator.locks",
    "facilitator.oscompat",
    "facilitator.glyphs",
    "facilitator.confidential",
    "facilitator.consistency",
    "facilitator.crashreport",
    "facilitator.textlimits",
    "facilitator.purpose",
    "facilitator.rolefeedback",
    "facilitator.evaluation",
    "facilitator.welcome",
    "facilitator.undo",
    "facilitator.laptop",
    "facilitator.syncnames",
    "facilitator.merging",
    "facilitator.conflicts",
    "facilitator.bundle",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} pulls in Textual: {result.stdout.strip()[:200]}"
