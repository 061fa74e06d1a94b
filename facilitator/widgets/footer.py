"""A Footer that lets go of the key widgets it replaced.

Textual's Footer builds new key widgets each time the screen's bindings
change (the focus moves between the minutes and the agenda, a time-out
starts or ends) and binds each key's `compact` to the footer. The footer
keeps a watcher for every key it ever showed: closed watchers are only
pruned when `compact` itself changes, which it never does. Over a
three-hour meeting that is hundreds of dead widgets with their styles
(bench/run.py --only memory measured 10 MiB between hour 1 and hour 3).
This Footer prunes them after every rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter

__all__ = ["Footer"]


class Footer(TextualFooter):
    """Textual's Footer, without the watchers of keys it has removed."""

    async def recompose(self) -> None:
        await super().recompose()
        self.prune_watchers()

    def prune_watchers(self) -> int:
        """Forget the watchers of closed widgets; returns how many were dropped."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        dropped = 0
        for found in watchers.values():
            alive = [(node, callback) for node, callback in found if not getattr(node, "_closing", False)]
            dropped += len(found) - len(alive)
            found[:] = alive
        return dropped
