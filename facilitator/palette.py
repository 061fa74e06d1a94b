"""The program's colour themes (`facilitator.palette`).

Two `textual.theme.Theme` objects: `facilitator`, the everyday theme, and
`facilitator-high-contrast`, readable on a projector in a lit room (black and
white with strong yellow and cyan accents). Stylesheets use only the theme's
variables ($primary, $surface, $warning, ...), so every screen works in both.

The meeting's states have variables of their own, used by every view that shows
them (the moderator's clock, the agenda, the speakers, the time-out view and
the wall): `$state-over` (an item or a turn over its time), `$state-break`,
`$state-timeout` and `$state-paused`. `STATE_COLOURS` gives each the theme colour
it is unless a theme names it in its `variables` (the high-contrast theme's
break is cyan, as its primary is the same yellow as its warning);
`with_states` fills them in for any theme, Textual's own included.

(The stylesheets themselves are data, in the top-level `themes/` folder:
`facilitator.ui.stylesheet` finds them. This module is code, so it lives in the
package, where it imports the same installed, editable and from a checkout.)
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "facilitator"
HIGH_CONTRAST_THEME = "facilitator-high-contrast"

FACILITATOR = Theme(
    name=DEFAULT_THEME,
    primary="#4f8fba",
    secondary="#7a9e7e",
    accent="#e0a458",
    warning="#e0a458",
    error="#d9534f",
    success="#6fbf73",
    foreground="#e6e6e6",
    background="#1b2026",
    surface="#232a32",
    panel="#2c3540",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffff00",
    error="#ff4040",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#ffffff",
        "state-break": "#00ffff",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "#ffffff",
        "border": "#ffffff",
        "border-blurred": "#aaaaaa",
    },
)

THEMES: tuple[Theme, ...] = (FACILITATOR, HIGH_CONTRAST)
"""Every theme the program offers, the default first."""

STATE_COLOURS: dict[str, str] = {
    "state-over": "warning",
    "state-break": "primary",
    "state-timeout": "warning",
    "state-paused": "text-muted",
}
"""The meeting's states as theme variables, each with the theme colour it is where a theme does not name it."""


def with_states(variables: dict[str, str]) -> dict[str, str]:
    """A theme's CSS variables with every `STATE_COLOURS` variable the theme leaves out filled in."""
    for name, colour in STATE_COLOURS.items():
        if name not in variables:
            variables[name] = variables[colour]
    return variables
