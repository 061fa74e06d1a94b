"""The program's colour themes (`facilitator.palette`).

Two `textual.theme.Theme` objects: `facilitator`, the everyday theme, and
`facilitator-high-contrast`, readable on a projector in a lit room (black and
white with strong yellow and cyan accents). Stylesheets use only the theme's
variables ($primary, $surface, $warning, ...), so every screen works in both.

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
