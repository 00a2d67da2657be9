"""Shared fixtures: the real embedded GGUF loaded once per test session, a
fresh chat database per test, and the check that fails a test on an
unexpected ERROR log record or Qt warning."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bimedix.core.store import ChatStore
from bimedix.models.catalog import embedded_model_path

# Tests use SmolLM2 wherever the app would pick its default model (Qwen2.5-Coder
# 1.5B, 1.1 GB): CI stays fast. Subprocesses inherit it; tests of the default
# model itself remove it with monkeypatch.
os.environ.setdefault("BIMEDIX_DEFAULT_MODEL", "smollm2")


@pytest.fixture(scope="session")
def backend() -> Iterator[object]:
    """SmolLM2-135M through llama.cpp, shared by every engine and chat test.

    Created on the main thread, which is the thread pytest runs tests on, so
    the backend's one-thread rule holds for every test that uses it.
    """
    from bimedix.engine.llama_backend import LlamaCppBackend

    llama_backend = LlamaCppBackend(embedded_model_path(), n_ctx=2048)
    yield llama_backend
    llama_backend.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "chats.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[ChatStore]:
    chat_store = ChatStore(db_path)
    yield chat_store
    chat_store.close()


# --- Logging: a test fails on an unexpected ERROR record or Qt warning -------
#
# Like qutebrowser's tests: every record at ERROR or worse, and every Qt
# warning (routed into logging by the app's own Qt message handler, as
# `bimedix.gui.qt`), fails the test that caused it unless the test said it
# expects it, with the `expect_log` fixture or the `expect_log` marker:
#
#     def test_x(expect_log):
#         expect_log("bimedix.crash", "Unexpected error")
#
#     @pytest.mark.expect_log("bimedix.gui.qt", "QFont::setPointSize")
#
# An expectation that is never met fails the test too, so none go stale.

QT_LOGGER = "bimedix.gui.qt"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(logger, pattern, level=None): this test logs a matching ERROR record "
        "or Qt warning on purpose",
    )


class _Expectation:
    def __init__(self, logger: str, pattern: str, level: int | None = None) -> None:
        self.logger, self.pattern, self.level = logger, re.compile(pattern), level
        self.seen = False

    def matches(self, record: logging.LogRecord) -> bool:
        return (
            (record.name == self.logger or record.name.startswith(self.logger + "."))
            and (self.level is None or record.levelno == self.level)
            and bool(self.pattern.search(record.getMessage()))
        )

    def __repr__(self) -> str:
        return f"expect_log({self.logger!r}, {self.pattern.pattern!r})"


class _FailingRecords(logging.Handler):
    """Collects the records that fail a test unless expected."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        qt_warning = record.name.startswith(QT_LOGGER) and record.levelno >= logging.WARNING
        if record.levelno >= logging.ERROR or qt_warning:
            self.records.append(record)


@pytest.fixture(scope="session", autouse=True)
def _qt_messages_into_logging() -> Iterator[None]:
    """The app's Qt message handler, for the whole run (pytest-qt's own
    capture is off: `--no-qt-log` in pyproject.toml)."""
    from PySide6.QtCore import qInstallMessageHandler

    from bimedix.gui.qt_log import install_qt_message_handler

    previous = install_qt_message_handler()
    yield
    qInstallMessageHandler(previous)


@pytest.fixture
def _log_expectations() -> list[_Expectation]:
    return []


@pytest.fixture
def expect_log(_log_expectations: list[_Expectation]) -> Callable[..., None]:
    """Call `expect_log(logger, pattern[, level])` to expect one record."""

    def expect(logger: str, pattern: str, level: int | None = None) -> None:
        _log_expectations.append(_Expectation(logger, pattern, level))

    return expect


@pytest.fixture(autouse=True)
def _fail_on_unexpected_log(
    request: pytest.FixtureRequest, _log_expectations: list[_Expectation]
) -> Iterator[None]:
    from bimedix.core.logs import shutdown_logging

    handler = _FailingRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    hooks = (sys.excepthook, threading.excepthook)
    try:
        yield
    finally:
        root.removeHandler(handler)
        # A test that ran a front end's main() set up the log file and the
        # exception hooks: undo both, so the next test starts clean.
        shutdown_logging()
        sys.excepthook, threading.excepthook = hooks
    expected = _log_expectations + [
        _Expectation(*marker.args, **marker.kwargs)
        for marker in request.node.iter_markers("expect_log")
    ]
    unexpected = []
    for record in handler.records:
        match = next((e for e in expected if e.matches(record)), None)
        if match is None:
            unexpected.append(record)
        else:
            match.seen = True
    problems = [
        f"unexpected log record {r.levelname} {r.name}: {r.getMessage()}"
        + (f"\n{logging.Formatter().formatException(r.exc_info)}" if r.exc_info else "")
        for r in unexpected
    ] + [f"expected log record not seen: {e!r}" for e in expected if not e.seen]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
