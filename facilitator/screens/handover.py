"""Two laptops, one group, on the screen: the hand-over bundle's dialogs and the conflict resolver.

- `ImportDialog`: the bundle's file and the passphrase (masked), checked before
  anything is written (facilitator/bundle.py); a wrong passphrase brings the
  dialog back with the reason, the file kept.
- `ExportDialog`: where to write the bundle and the passphrase, asked twice.
- `ConflictsScreen`: the files two laptops changed apart (sync tools' conflict
  copies and an import's), one at a time: both versions side by side, and
  the choices facilitator/conflicts.py offers (keep the file, keep the copy,
  for a meeting keep both minutes one after the other).
- `import_bundle_from`, `export_bundle_from`, `open_conflicts`: what the home
  screen's keys call (`b`, `e`, `k`); the work runs in a thread, the result
  comes back as a notice and the home screen reads its files again.

The passphrase lives only in the dialog's field and the worker's call; it is
never written anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.screens.dialog_base import Dialog, cancel_binding, show_field_error
from facilitator.ui import localize_bindings, stylesheet
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.conflicts import ConflictView
    from facilitator.store import ConflictCopy


@dataclass(frozen=True)
class BundleRequest:
    """A file and a passphrase, as typed in a dialog."""

    path: Path
    passphrase: str


def _expand(text: str) -> Path:
    return Path(text.strip().strip('"').strip("'")).expanduser()


class _BundleDialog(Dialog["BundleRequest | None"]):
    """The shared frame of the two dialogs: the file, the passphrase (twice to export), an error line, Cancel and go."""

    BINDINGS = [
        cancel_binding("dialogs.cancel"),
    ]
    TEXTS: ClassVar[tuple[str, str, str]] = ("", "", "")
    """Catalog keys of the title, the text under it and the go button."""
    PATH_HINT: ClassVar[str] = ""
    """Catalog key of the file field's placeholder ("" for none)."""
    ASK_TWICE: ClassVar[bool] = False
    """Whether the passphrase is typed a second time (#passphrase-again)."""

    def __init__(self, path: str = "", error: str = "") -> None:
        super().__init__(cancel=None)
        self.initial_path = path
        self.initial_error = error

    def compose_dialog(self) -> ComposeResult:
        title, text, button = self.TEXTS
        with Vertical(classes="dialog", id="bundle-dialog"):
            yield Static(t(title), classes="dialog-title")
            yield Static(t(text), id="bundle-text")
            yield Label(t("sync.bundle_file"), classes="field-label")
            hint = t(self.PATH_HINT) if self.PATH_HINT else ""
            yield Input(self.initial_path, placeholder=hint, id="bundle-path", compact=True, max_length=4096)
            yield Label(t("sync.passphrase"), classes="field-label")
            yield Input(password=True, id="passphrase", compact=True, max_length=1000)
            if self.ASK_TWICE:
                yield Label(t("sync.passphrase_again"), classes="field-label")
                yield Input(password=True, id="passphrase-again", compact=True, max_length=1000)
            yield Static("", id="bundle-error", classes="field-error -empty")
            yield from self.buttons(t(button), "go")

    def _error(self, message: str) -> None:
        show_field_error(self.query_one("#bundle-error", Static), escape(message))


class ImportDialog(_BundleDialog):
    """Asks for the bundle's file and the passphrase; dismisses with a BundleRequest."""

    TEXTS = ("sync.import_title", "sync.import_text", "sync.import_button")
    PATH_HINT = "sync.bundle_file_placeholder"

    def on_mount(self) -> None:
        self._error(self.initial_error)
        self.query_one("#passphrase" if self.initial_path else "#bundle-path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        path = self.query_one("#bundle-path", Input).value
        passphrase = self.query_one("#passphrase", Input).value
        if not path.strip():
            self._error(t("sync.need_file"))
            self.query_one("#bundle-path", Input).focus()
            return
        if not passphrase:
            self._error(t("sync.passphrase_empty"))
            self.query_one("#passphrase", Input).focus()
            return
        self.dismiss(BundleRequest(_expand(path), passphrase))


class ExportDialog(_BundleDialog):
    """Asks where to write the bundle and the passphrase, twice; dismisses with a BundleRequest."""

    TEXTS = ("sync.export_title", "sync.export_text", "sync.export_button")
    ASK_TWICE = True

    def on_mount(self) -> None:
        self._error(self.initial_error)
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        from facilitator.bundle import MIN_PASSPHRASE

        path = self.query_one("#bundle-path", Input).value
        first = self.query_one("#passphrase", Input).value
        second = self.query_one("#passphrase-again", Input).value
        if not path.strip():
            self._error(t("sync.need_file"))
            return
        if len(first) < MIN_PASSPHRASE:
            self._error(t("sync.passphrase_short", count=MIN_PASSPHRASE))
            self.query_one("#passphrase", Input).focus()
            return
        if first != second:
            self._error(t("sync.passphrases_differ"))
            self.query_one("#passphrase-again", Input).focus()
            return
        self.dismiss(BundleRequest(_expand(path), first))


# --------------------------------------------------------------------------- what the home screen calls


def _app(screen: Screen[Any]) -> FacilitatorApp:
    return cast("FacilitatorApp", screen.app)  # always the program's app; the type only for mypy


def import_bundle_from(screen: Screen[Any], path: str = "", error: str = "") -> None:
    """Ask for a bundle and its passphrase, then import it off the UI thread; `screen.reload()` afterwards."""

    def answered(request: BundleRequest | None) -> None:
        if request is not None:
            _import(screen, request)

    screen.app.push_screen(ImportDialog(path, error), answered)


def _import(screen: Screen[Any], request: BundleRequest) -> None:
    screen.run_worker(lambda: _import_work(screen, request), thread=True, exclusive=True, group="bundle", exit_on_error=False)


def _import_work(screen: Screen[Any], request: BundleRequest) -> None:
    """In a thread: read, check and merge the bundle; the dialog comes back with the reason when it cannot."""
    from facilitator.bundle import BundleError, import_bundle, read_bundle_file
    from facilitator.store import StoreError

    app = _app(screen)
    try:
        data = read_bundle_file(request.path)
        report = import_bundle(app.store, data, request.passphrase)
    except (BundleError, StoreError, OSError) as error:
        app.call_from_thread(import_bundle_from, screen, str(request.path), str(error))
        return
    except Exception as error:  # noqa: BLE001 - a bug: the boundary reports it
        app.call_from_thread(app.unexpected_error, error)
        return
    app.call_from_thread(_imported, screen, report)


def _imported(screen: Screen[Any], report: Any) -> None:
    lines = [report.summary()]
    for path, reason in report.refused:
        lines.append(f"{path}: {reason}")
    if report.conflicts:
        lines.append(t("sync.import_conflicts_hint"))
    severity: SeverityLevel = "warning" if report.refused or report.conflicts else "information"
    screen.notify(escape("\n".join(lines)), title=t("sync.imported_title"), severity=severity, timeout=20)
    reload = getattr(screen, "reload", None)
    if callable(reload):
        reload()


def export_bundle_from(screen: Screen[Any], path: str = "", error: str = "") -> None:
    """Ask where and with which passphrase, then write the current group's bundle off the UI thread."""
    app = _app(screen)
    group = app.group
    if group is None:
        screen.notify(t("home.need_group"), severity="warning")
        return
    if not path:
        from facilitator.bundle import bundle_name

        path = str(Path.cwd() / bundle_name(group.id, app.clock.now()))

    def answered(request: BundleRequest | None) -> None:
        if request is not None:
            screen.run_worker(lambda: _export(screen, group.id, request), thread=True, group="bundle", exit_on_error=False)

    app.push_screen(ExportDialog(path, error), answered)


def _export(screen: Screen[Any], gid: str, request: BundleRequest) -> None:
    from facilitator.bundle import BundleError, export_bundle
    from facilitator.export import write_export
    from facilitator.store import StoreError

    app = _app(screen)
    try:
        data, report = export_bundle(app.store, gid, request.passphrase)
        write_export(request.path, data)
    except (BundleError, StoreError, OSError) as error:
        app.call_from_thread(export_bundle_from, screen, str(request.path), str(error))
        return
    except Exception as error:  # noqa: BLE001 - a bug: the boundary reports it
        app.call_from_thread(app.unexpected_error, error)
        return
    lines = [t("sync.cli_exported", path=request.path, meetings=report.meetings, group=report.group_name)]
    lines += [t("sync.cli_left_out", problem=p) for p in report.left_out]
    if report.conflicts:
        lines.append(t("sync.cli_export_conflicts", count=report.conflicts))
    app.call_from_thread(screen.notify, escape("\n".join(lines)), title=t("sync.exported_title"), timeout=20)


def open_conflicts(screen: Screen[Any]) -> None:
    """Open the resolver of the current group's conflicts."""
    group = _app(screen).group
    screen.app.push_screen(ConflictsScreen(group.id if group is not None else None))


def conflict_lines(copies: list[ConflictCopy]) -> str:
    """The home screen's lines about conflicts: one a file, what it is and who made the copy."""
    from facilitator.conflicts import copy_label

    lines = []
    for copy in copies:
        about = copy.ident if copy.kind in ("meeting", "agenda") else t(f"sync.kind_{copy.kind}")
        lines.append(f"{glyphs.WARNING} {escape(about)}: {escape(copy_label(copy))}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the resolver


SHOWN_ONLY = 8
"""Lines a version has that the other lacks, shown at the top of its panel (the whole text follows)."""


class ConflictsScreen(Screen[None]):
    """The files two laptops changed while apart: both versions, and the choice of what to keep."""

    CSS_PATH = [stylesheet("home.tcss")]
    BINDINGS = [
        Binding("f", "choose('file')", "sync.bind_keep_file", tooltip="sync.tip_keep_file", id="conflicts.keep_file"),
        Binding("c", "choose('copy')", "sync.bind_keep_copy", tooltip="sync.tip_keep_copy", id="conflicts.keep_copy"),
        Binding("b", "choose('both')", "sync.bind_keep_both", tooltip="sync.tip_keep_both", id="conflicts.keep_both"),
        Binding("escape", "back", "sync.bind_back", tooltip="sync.tip_back", id="conflicts.back"),
    ]

    def __init__(self, gid: str | None) -> None:
        super().__init__()
        localize_bindings(self)
        self.gid = gid
        self.copies: list[ConflictCopy] = []
        self.view: ConflictView | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="resolver"):
            table: DataTable[str] = DataTable(id="conflict-list", cursor_type="row", classes="panel")
            table.border_title = t("sync.resolver_title")
            table.add_column(t("sync.col_file"), key="file")
            table.add_column(t("sync.col_copy"), key="copy")
            yield table
            yield Static("", id="conflict-about")
            with Horizontal(id="versions"):
                with VerticalScroll(id="version-file", classes="panel version"):
                    yield Static("", id="file-text")
                with VerticalScroll(id="version-copy", classes="panel version"):
                    yield Static("", id="copy-text")
            with Horizontal(id="choices"):
                yield Button(t("sync.keep_file"), id="choose-file")
                yield Button(t("sync.keep_copy"), id="choose-copy")
                yield Button(t("sync.keep_both"), id="choose-both", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the conflicts again (after a choice, or when they changed on disk)."""
        store = _app(self).store
        self.copies = store.conflict_copies(self.gid)
        table = self.query_one("#conflict-list", DataTable)
        table.clear()
        from facilitator.conflicts import copy_label, title_of

        for index, copy in enumerate(self.copies):
            table.add_row(title_of(store, copy), copy_label(copy), key=str(index))
        self.query_one("#versions").display = bool(self.copies)
        table.display = bool(self.copies)
        if not self.copies:
            self.view = None
            self.query_one("#conflict-about", Static).update(t("sync.no_conflicts"))
            self._show_choices([])
            return
        table.focus()
        self._show(0)

    @on(DataTable.RowHighlighted, "#conflict-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show(int(event.row_key.value))

    def _show(self, index: int) -> None:
        from facilitator.conflicts import describe

        if not 0 <= index < len(self.copies):
            return
        view = describe(_app(self).store, self.copies[index])
        self.view = view
        about = [f"[b]{escape(view.title)}[/b]"]
        if view.differences:
            about.append(t("sync.differ_in", parts=", ".join(d.label for d in view.differences)))
        elif view.copy.kind == "group":
            about.append(t("sync.group_no_differences"))
        self.query_one("#conflict-about", Static).update("\n".join(about))
        for which, version in (("file", view.file), ("copy", view.other)):
            panel = self.query_one(f"#version-{which}", VerticalScroll)
            panel.border_title = version.label
            lines = [escape(fact) for fact in version.facts]
            if version.problem:
                lines.append(f"[$error]{escape(version.problem)}[/]")
            if version.only:
                lines += ["", f"[b]{escape(t('sync.only_here', count=len(version.only)))}[/b]"]
                lines += [f"[$accent]{escape(line)}[/]" for line in version.only[:SHOWN_ONLY]]
                if len(version.only) > SHOWN_ONLY:
                    lines.append(escape(t("sync.only_more", count=len(version.only) - SHOWN_ONLY)))
            elif version.model is not None and version.text:
                lines += ["", escape(t("sync.nothing_only_here"))]
            if version.text:
                lines += ["", escape(version.text)]
            self.query_one(f"#{which}-text", Static).update("\n".join(lines))
        self._show_choices(view.choices)

    def _show_choices(self, choices: Sequence[str]) -> None:
        for choice in ("file", "copy", "both"):
            button = self.query_one(f"#choose-{choice}", Button)
            button.display = choice in choices
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return bool(self.view and parameters and parameters[0] in self.view.choices)
        return True

    @on(Button.Pressed, "#choose-file, #choose-copy, #choose-both")
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(str(event.button.id).removeprefix("choose-"))

    def action_choose(self, choice: str) -> None:
        """Keep the file's version, the copy's, or both minutes (what the selected conflict allows)."""
        from facilitator.conflicts import resolve
        from facilitator.store import StoreError

        if self.view is None or choice not in self.view.choices:
            return
        try:
            message = resolve(_app(self).store, self.view.copy, choice)
        except StoreError as error:
            self.notify(escape(str(error)), title=t("sync.not_resolved"), severity="error", timeout=15)
            return
        self.notify(message)
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
