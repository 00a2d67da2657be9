"""The app's log: one rotating file per data folder, set up in one place.

Every area logs through its own standard `logging` logger (`bimedix.store`,
`bimedix.engine`, `bimedix.gui`, `bimedix.models`, `bimedix.eval`,
`bimedix.kiosk`, `bimedix.serve`); `setup_logging` sends them all to
`DATA_DIR/logs/bimedix.log`. The desktop app, the `bimedix` command line and
`bimedix serve` call it once at start-up.

Privacy rule: message text (prompts, replies) is never logged at INFO or
above; INFO records carry ids, sizes and timings only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_ENV = "BIMEDIX_LOG"  # "debug" (or any level name) for more detail
LOG_DIR = "logs"  # inside the data folder
LOG_FILE = "bimedix.log"
ROOT = "bimedix"  # parent of every area's logger
MAX_BYTES = 1_000_000
BACKUPS = 3  # bimedix.log.1 … .3: at most ~4 MB on disk
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_handlers: list[logging.Handler] = []  # what setup_logging installed, to replace on re-setup
_log_file: Path | None = None


def log_path(data_dir: Path) -> Path:
    """Where the log of the data folder `data_dir` is written."""
    return data_dir / LOG_DIR / LOG_FILE


def current_log_file() -> Path | None:
    """The file this process logs to (None before set-up or when unwritable)."""
    return _log_file


def level_from(verbose: bool, env: str | None = None) -> int:
    """INFO by default; DEBUG with `--verbose`; else BIMEDIX_LOG's level name."""
    if verbose:
        return logging.DEBUG
    name = (os.environ.get(LOG_ENV, "") if env is None else env).strip().upper()
    level = logging.getLevelName(name) if name else logging.INFO
    return level if isinstance(level, int) else logging.INFO


def setup_logging(
    data_dir: Path, *, verbose: bool = False, program: str = "bimedix"
) -> Path | None:
    """Log every area to `data_dir/logs/bimedix.log`, rotating at ~1 MB.

    With `verbose`, records are also echoed to stderr. Calling it again
    (another data folder, a test) replaces the previous set-up. A folder
    that cannot be written leaves the app without a log file rather than
    stopping it; the function then returns None.
    """
    global _log_file
    shutdown_logging()
    root = logging.getLogger(ROOT)
    level = level_from(verbose)
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    path = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        pass  # no log file; the app runs on
    else:
        file_handler.setFormatter(formatter)
        _handlers.append(file_handler)
        _log_file = path
    if verbose:
        echo = logging.StreamHandler(sys.stderr)
        echo.setFormatter(formatter)
        _handlers.append(echo)
    for handler in _handlers:
        root.addHandler(handler)
    logging.getLogger(ROOT).info(
        "%s started (pid %d, level %s)", program, os.getpid(), logging.getLevelName(level)
    )
    return _log_file


def shutdown_logging() -> None:
    """Close the log file and remove what `setup_logging` installed."""
    global _log_file
    root = logging.getLogger(ROOT)
    for handler in _handlers:
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
    _log_file = None
    root.setLevel(logging.NOTSET)


def install_exception_hooks(
    show: Callable[[BaseException], None] | None = None,
) -> None:
    """Log uncaught exceptions (main thread, Qt slots, worker threads) with
    their traceback, then hand them to `show` to tell the user (without
    `show`, the traceback is also printed as Python would).

    PySide reports an exception escaping a slot or `QThread.run` through
    `sys.excepthook`; Python threads go through `threading.excepthook`.
    """
    crash_log = logging.getLogger(f"{ROOT}.crash")

    def on_exception(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        crash_log.error("Unexpected error", exc_info=(kind, value, tb))
        if show is None:
            sys.__excepthook__(kind, value, tb)  # a terminal still gets the traceback
        else:
            try:
                show(value)
            except Exception:  # noqa: BLE001 - telling the user must not raise again
                crash_log.exception("Could not show the error to the user")

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        on_exception(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
