"""Desktop entry point (`bimedix-desktop`, `python -m bimedix`).

Parses the command line, finds the data folder (falling back to a
temporary one with a visible warning when it is not writable), opens the
chat database, and shows the main window, or renders it to a PNG with
`--screenshot`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bimedix import __version__
from bimedix.core.instance_lock import InstanceLock
from bimedix.core.logs import install_exception_hooks, setup_logging
from bimedix.core.recovery import open_store_safely, recover_orphaned_replies
from bimedix.core.settings import (
    DB_FILE,
    SETTINGS_FILE,
    Settings,
    ensure_writable_dir,
    resolve_data_dir,
)
from bimedix.core.store import ChatStore
from bimedix.errors import ModelLoadError, UserFacingError
from bimedix.models.catalog import embedded_model_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bimedix-desktop", description="BiMediX Desktop")
    parser.add_argument("--version", action="version", version=f"bimedix-desktop {__version__}")
    parser.add_argument("--data-dir", help="folder for the database and settings")
    parser.add_argument(
        "--model", metavar="PATH|NAME", help="GGUF file, or a bundled model: smollm2, gemma3"
    )
    parser.add_argument("--lang", choices=["en", "ar"], help="interface language")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    parser.add_argument("--session", type=int, metavar="ID", help="session to show first")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check this installation offscreen (model, fonts, translations, two replies) "
        "in a temporary data folder, then exit",
    )
    parser.add_argument("--kiosk", action="store_true", help="demo mode for events (full screen)")
    parser.add_argument("--verbose", action="store_true", help="log debug detail (also to stderr)")
    return parser


def open_data(data_dir_arg: str | None) -> tuple[ChatStore, Settings, Path, str]:
    """Open storage; on failure use a temporary folder and say so."""
    warning = ""
    data_dir = resolve_data_dir(data_dir_arg)
    try:
        ensure_writable_dir(data_dir)
        store, warning = open_store_safely(data_dir / DB_FILE)
    except UserFacingError as exc:
        data_dir = Path(tempfile.mkdtemp(prefix="bimedix-unsaved-"))
        store = ChatStore(data_dir / DB_FILE)
        warning = f"{exc} Chats are kept in {data_dir} for now and will not be kept after you quit."
    settings_path = data_dir / SETTINGS_FILE
    return store, Settings.load(settings_path), settings_path, warning


def ask_language() -> str | None:
    """First run: one bilingual question, before any other text is shown."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setWindowTitle("BiMediX Desktop")
    box.setText("Choose the interface language\nاختر لغة الواجهة")
    english = box.addButton("English", QMessageBox.ButtonRole.AcceptRole)
    arabic = box.addButton("العربية", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is arabic:
        return "ar"
    return "en" if box.clickedButton() is english else None


def default_model(settings: Settings, data_dir: Path | None = None) -> str:
    """The last model used, if it still exists; else the default model
    (Qwen2.5-Coder 1.5B, which falls back to SmolLM2 when unusable)."""
    from bimedix.models.default_model import QWEN_CODER, smollm2_forced

    spec = settings.model_path
    if spec in ("smollm2", "gemma3", QWEN_CODER.key) or (spec and Path(spec).is_file()):
        return spec
    if spec and data_dir is not None:  # a library model or a remote server
        from bimedix.models.library import models_dir, parse_remote_spec
        from bimedix.models.resolve import resolve_model

        try:
            if parse_remote_spec(spec) or resolve_model(spec, models_dir(data_dir)).is_file():
                return spec
        except UserFacingError:
            pass
    if not smollm2_forced():
        return QWEN_CODER.key
    try:
        return str(embedded_model_path())
    except ModelLoadError:
        return ""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from bimedix.core.settings_schema import warnings_to_stderr

    warnings_to_stderr("bimedix-desktop")  # and the main window's status bar
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    # The smoke test leaves the user's data folder alone: its log goes to a
    # temporary folder that is kept, so a failure can be looked into.
    log_home = (
        Path(tempfile.mkdtemp(prefix="bimedix-smoke-log-"))
        if args.smoke_test
        else resolve_data_dir(args.data_dir)
    )
    setup_logging(log_home, verbose=args.verbose, program="bimedix-desktop")

    from PySide6.QtWidgets import QApplication

    from bimedix.gui.desktop_assets import app_icon, register_bundled_fonts
    from bimedix.gui.i18n import apply_language
    from bimedix.gui.main_window import MainWindow
    from bimedix.gui.qt_log import ErrorReporter, install_qt_message_handler
    from bimedix.gui.style import apply_text_size

    install_qt_message_handler()  # before Qt starts, so its plugins' messages are caught
    app = QApplication.instance() or QApplication([sys.argv[0]])
    reporter = ErrorReporter(app)
    install_exception_hooks(reporter.show_exception)
    app.setApplicationName("BiMediX Desktop")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.bimedix.Desktop")  # Wayland: match the .desktop entry's icon
    app.setWindowIcon(app_icon())
    font_families = register_bundled_fonts()
    if args.smoke_test:
        from bimedix.gui import smoke_test

        return smoke_test.run(app, font_families)

    # One app per data folder: a second start brings the first to the front.
    data_dir = resolve_data_dir(args.data_dir)
    lock = InstanceLock(data_dir)
    try:
        ensure_writable_dir(data_dir)
        locked = lock.acquire()
    except (UserFacingError, OSError):
        locked = True  # open_data falls back to a private temporary folder
    if not locked:
        from bimedix.gui.single_instance import ask_running_instance_to_raise

        if ask_running_instance_to_raise(data_dir):
            print("BiMediX Desktop is already running with this data folder; "
                  "its window was brought to the front.", file=sys.stderr)  # fmt: skip
            return 0
        print(f"Another BiMediX Desktop is using {data_dir}.", file=sys.stderr)
        return 1

    store, settings, settings_path, warning = open_data(args.data_dir)
    settings_warnings = Settings.load_checked(settings_path)[1]  # logged once already
    first_run = not settings_path.exists()
    if args.lang:
        settings.ui_language = args.lang
    elif first_run and not args.screenshot:
        settings.ui_language = ask_language() or settings.ui_language
    apply_language(settings.ui_language)
    apply_text_size(settings.text_size)
    if (first_run or args.lang) and not settings_warnings:  # never rewrite a bad file
        try:
            settings.save(settings_path)
        except OSError:
            pass  # the window says so when it next tries to save
    recover_orphaned_replies(store, Path(store.path).parent, desktop_app=True)
    if args.kiosk:
        from bimedix.gui.kiosk import run_kiosk

        try:
            data_folder = Path(store.path).parent
            model = args.model or default_model(settings, data_folder)
            return run_kiosk(app, data_folder, settings, model, args.screenshot)
        finally:
            store.close()
            lock.release()
    window = MainWindow(
        store,
        settings,
        settings_path,
        args.model or default_model(settings, Path(store.path).parent),
        storage_warning=warning,
    )
    window.show_settings_warnings(settings_warnings)
    from bimedix.gui.single_instance import RaiseServer

    raise_server = RaiseServer(data_dir, window)
    raise_server.raise_requested.connect(
        lambda: (window.showNormal(), window.raise_(), window.activateWindow())
    )
    if args.session is not None:
        try:
            window.open_session(args.session)
        except KeyError:
            window.show_notice(f"There is no session {args.session}.")

    if args.screenshot:
        window.show()
        window.wait_for_model()
        for _ in range(5):
            app.processEvents()
        window.transcript.scroll_to_end()
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        lock.release()
        print(args.screenshot if ok else f"could not write {args.screenshot}")
        return 0 if ok else 1

    window.show()
    try:
        return int(app.exec())
    finally:
        lock.release()


if __name__ == "__main__":
    sys.exit(main())
