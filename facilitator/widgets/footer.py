"""The footer of the program's screens: the most needed keys first, as many as fit, F1 always.

Textual's Footer shows a screen's keys in the order their bindings were
declared, across the screen and the app, and squeezes them when they do not
fit: at 80 columns the meeting screen's footer ended after five keys, the
time-out's footer in "w Who ca", and the palette's label broke into
"^pKommandoe r". This Footer:

- orders the keys by the screen's `FOOTER_ORDER` (binding ids, the most
  needed first; keys it does not name follow in their own order);
- shows as many whole keys as fit the width (recomposed when the terminal is
  resized), never a key cut in two;
- always shows F1 (the help lists every key), right after the keys shown;
- below 100 columns draws the keys closer together (`NarrowFooterKey`: one
  space before a key and one before its word) and shows the palette's key
  without its word ("^p");
- shows one key per description (t and ctrl+t both call a time-out: the
  first in the order stands for both);
- joins two bindings of one `Binding.Group` that stand side by side into one
  key ("+/- ±1 min").

It also lets go of the key widgets it replaced. Textual's Footer builds new
key widgets each time the screen's bindings change (the focus moves between
the minutes and the agenda, a time-out starts or ends) and binds each key's
`compact` to the footer, keeping a watcher for every key it ever showed:
closed watchers are only pruned when `compact` itself changes, which it never
does. Over a three-hour meeting that was hundreds of dead widgets with their
styles (bench/run.py --only memory measured 10 MiB between hour 1 and hour 3).
This Footer prunes them after every rebuild.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

__all__ = ["Footer", "FooterEntry", "fit_entries"]

HELP_KEY = "f1"

PALETTE_LABEL_WIDTH = 100
"""Below this many columns the palette's key shows as "^p" alone (F1 names it): room for one more key."""


@dataclass(frozen=True, slots=True)
class FooterEntry:
    """One key as the footer shows it: the key pressed on a click, its display, description and state."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    binding_id: str | None = None

    def width(self, compact: bool = False) -> int:
        """Cells taken: ' key ' and 'description ' (Textual's FooterKey padding); compact ' key description'."""
        if compact:
            return 1 + cell_len(self.display) + (1 + cell_len(self.description) if self.description else 0)
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)


def fit_entries(
    entries: list[FooterEntry], width: int, pinned: FooterEntry | None, compact: bool = False
) -> list[FooterEntry]:
    """The entries that fit `width` cells in their order, `pinned` (F1) always among them, placed last."""
    room = width - (pinned.width(compact) if pinned is not None else 0)
    shown: list[FooterEntry] = []
    for entry in entries:
        if entry.width(compact) > room:
            continue  # a shorter key further down may still fit
        shown.append(entry)
        room -= entry.width(compact)
    if pinned is not None:
        shown.append(pinned)
    return shown


class NarrowFooterKey(FooterKey):
    """A footer key below 100 columns: one space before the key and one before its description."""

    DEFAULT_CSS = """
    NarrowFooterKey {
        .footer-key--key {
            padding: 0 0 0 1;
        }
        .footer-key--description {
            padding: 0 0 0 1;
        }
    }
    """


def _show_entry(key: FooterKey, entry: FooterEntry) -> None:
    """Let the key widget `key` show `entry` (what its constructor would have been given)."""
    if (key.key, key.key_display, key.description, key.action, key._disabled, key.tooltip or "") == (
        entry.key, entry.display, entry.description, entry.action, not entry.enabled, entry.tooltip or ""
    ):
        return
    key.key = entry.key
    key.key_display = entry.display
    key.description = entry.description
    key.action = entry.action
    key._disabled = not entry.enabled
    key.set_class(not entry.enabled, "-disabled")
    key.tooltip = entry.tooltip or None
    key.refresh(layout=True)


class Footer(TextualFooter):
    """The keys of the screen, the most needed first, as many as fit, and F1. See the module docstring."""

    shown_entries: list[FooterEntry] = []
    """The keys shown now (tests read them)."""

    def _entries(self) -> tuple[list[FooterEntry], FooterEntry | None]:
        """The keys to offer, in the screen's order, and the help key (None when the screen has no F1)."""
        screen = self.screen
        app = self.app
        order: tuple[str, ...] = tuple(getattr(screen, "FOOTER_ORDER", ()))
        rank = {binding_id: n for n, binding_id in enumerate(order)}
        shown: list[tuple[Binding, bool, str]] = []
        seen_actions: set[str] = set()
        help_entry: FooterEntry | None = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if key == HELP_KEY and binding.description:
                help_entry = FooterEntry(key, app.get_key_display(binding), binding.description, binding.action,
                                         active.enabled, active.tooltip or binding.tooltip, binding.id)
                continue
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            shown.append((binding, active.enabled, active.tooltip or binding.tooltip))
        natural = {id(binding): n for n, (binding, _e, _t) in enumerate(shown)}
        shown.sort(key=lambda found: (rank.get(found[0].id or "", len(rank)), natural[id(found[0])]))
        said: set[str] = set()
        unique = []
        for found in shown:  # t and ctrl+t both say "Time-out": the first in the order stands for both
            if found[0].description in said:
                continue
            said.add(found[0].description)
            unique.append(found)
        return list(self._joined(unique)), help_entry

    def _joined(self, shown: list[tuple[Binding, bool, str]]) -> Iterator[FooterEntry]:
        """Entries, two neighbours of one `Binding.Group` joined into one ("+/-")."""
        app = self.app
        n = 0
        while n < len(shown):
            binding, enabled, tooltip = shown[n]
            group = binding.group
            if group is not None and n + 1 < len(shown) and shown[n + 1][0].group == group:
                other, other_enabled, _ = shown[n + 1]
                display = f"{app.get_key_display(binding)}/{app.get_key_display(other)}"
                yield FooterEntry(binding.key, display, group.description, binding.action,
                                  enabled or other_enabled, tooltip, binding.id)
                n += 2
                continue
            yield FooterEntry(binding.key, app.get_key_display(binding), binding.description, binding.action,
                              enabled, tooltip, binding.id)
            n += 1

    def _palette(self) -> FooterEntry | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        binding = active.binding
        return FooterEntry(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                           active.enabled, binding.tooltip or binding.description)

    _composed: tuple[tuple[FooterEntry, ...], FooterEntry | None, bool] | None = None
    """What the keys shown now were composed from (the recompose of the same keys is skipped)."""

    def _plan(self) -> tuple[tuple[FooterEntry, ...], FooterEntry | None, bool]:
        """The keys to show at this width, the palette's key, and whether the footer is narrow."""
        entries, help_entry = self._entries()
        palette = self._palette()
        width = self.size.width or self.app.size.width
        narrow = width < PALETTE_LABEL_WIDTH
        if palette is not None and narrow:
            palette = FooterEntry(palette.key, palette.display, "", palette.action, palette.enabled, palette.tooltip)
        room = width - ((palette.width(narrow) + 2) if palette is not None else 0)  # the palette's border and padding
        return tuple(fit_entries(entries, room, help_entry, compact=narrow)), palette, narrow

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed = plan = self._plan()
        shown, palette, narrow = plan
        self.shown_entries = list(shown)
        key_class = NarrowFooterKey if narrow else FooterKey
        for entry in self.shown_entries:
            yield key_class(entry.key, entry.display, entry.description, entry.action,
                            disabled=not entry.enabled, tooltip=entry.tooltip).data_bind(compact=Footer.compact)
        if palette is not None:
            yield key_class(palette.key, palette.display, palette.description, palette.action,
                            classes="-command-palette", disabled=not palette.enabled, tooltip=palette.tooltip)

    def on_resize(self, event: Resize) -> None:
        if self._bindings_ready and self.is_attached:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        """Build the keys again, unless they are the ones shown (Textual asks on every change of focus and
        bindings, several times when a screen opens; each rebuild mounts and styles every key anew).

        When only some keys change (the over-time prompt brings F2-F5, the focus moves from the agenda to
        the minutes) the key widgets shown are given their new keys in place, and only the missing ones are
        mounted: a rebuild of the meeting's sixteen keys cost 20-40 ms of the moderator's next item."""
        if self._bindings_ready and self.is_attached and self._composed is not None:
            plan = self._plan()
            if plan == self._composed:
                return
            if await self._update_in_place(plan):
                return
        await super().recompose()
        self.prune_watchers()

    async def _update_in_place(self, plan: tuple[tuple[FooterEntry, ...], FooterEntry | None, bool]) -> bool:
        """Show `plan` with the key widgets there are, mounting or removing the difference; False when the
        footer must be built anew (it changed between narrow and wide, or the palette's key came or went)."""
        assert self._composed is not None
        shown, palette, narrow = plan
        _old_shown, old_palette, old_narrow = self._composed
        if narrow != old_narrow or (palette is None) != (old_palette is None):
            return False
        keys = [child for child in self.children if isinstance(child, FooterKey)]
        palette_key = next((key for key in keys if key.has_class("-command-palette")), None)
        keys = [key for key in keys if key is not palette_key]
        if (palette_key is None) != (palette is None) or len(keys) + (palette_key is not None) != len(self.children):
            return False  # not what compose made: build anew
        self._composed = plan
        self.shown_entries = list(shown)
        for key, entry in zip(keys, shown, strict=False):
            _show_entry(key, entry)
        if palette_key is not None and palette is not None:
            _show_entry(palette_key, palette)
        if len(keys) > len(shown):
            await self.remove_children(keys[len(shown):])
        elif len(shown) > len(keys):
            key_class = NarrowFooterKey if narrow else FooterKey
            added = [key_class(entry.key, entry.display, entry.description, entry.action,
                               disabled=not entry.enabled, tooltip=entry.tooltip).data_bind(compact=Footer.compact)
                     for entry in shown[len(keys):]]
            await self.mount(*added, before=palette_key)
        self.prune_watchers()
        return True

    def prune_watchers(self) -> int:
        """Forget the watchers of closed widgets; returns how many were dropped."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        dropped = 0
        for found in watchers.values():
            alive = [(node, callback) for node, callback in found if not getattr(node, "_closing", False)]
            dropped += len(found) - len(alive)
            found[:] = alive
        return dropped
