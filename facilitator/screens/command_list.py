"""The half every command-palette provider of the program shares: offer a list of commands, rank them by title.

Five screens fill the palette with their own commands (the home screen's
actions, the meeting screen's keys, the group screens' and the history
screens' keys, and "Help" everywhere). Each says only which commands there
are, as (title, help text, callback), in `_commands()`; `CommandList` lists
them all when the palette opens and ranks them by how well the title matches
what is typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["Command", "CommandList"]

Command = tuple[str, str, Callable[[], object]]
"""One command: its title, its help text and what it does."""


class CommandList(Provider):
    """A palette provider over the commands `_commands()` names, in its order."""

    def _commands(self) -> Iterable[Command]:
        """The commands offered now (the screen is `self.screen`)."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
