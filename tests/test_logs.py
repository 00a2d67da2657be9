"""The app's log: where it goes, its levels, the privacy rule, uncaught
exceptions, and the test-suite check that fails on unexpected errors."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from bimedix.cli import main as cli_main
from bimedix.core import logs
from bimedix.core.logs import LOG_ENV, level_from, log_path, setup_logging

pytest_plugins = ["pytester"]


def test_each_area_logs_to_the_data_folder_at_info_by_default(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, program="test")
    assert path == tmp_path / "logs" / "bimedix.log" == log_path(tmp_path)
    assert logs.current_log_file() == path
    logging.getLogger("bimedix.store").info("store event")
    logging.getLogger("bimedix.engine").debug("engine detail")
    text = path.read_text(encoding="utf-8")
    assert "INFO    bimedix.store [MainThread] store event" in text
    assert "test started" in text and "engine detail" not in text


def test_verbose_or_the_environment_asks_for_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert level_from(verbose=True, env="") == logging.DEBUG
    assert level_from(verbose=False, env="debug") == logging.DEBUG
    assert level_from(verbose=False, env="warning") == logging.WARNING
    assert level_from(verbose=False, env="nonsense") == logging.INFO
    monkeypatch.setenv(LOG_ENV, "debug")
    path = setup_logging(tmp_path)
    assert path is not None
    logging.getLogger("bimedix.engine").debug("engine detail")
    assert "engine detail" in path.read_text(encoding="utf-8")


def test_an_unwritable_folder_means_no_log_file_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert setup_logging(tmp_path) is None
    assert logs.current_log_file() is None
    logging.getLogger("bimedix.store").info("still fine")


def test_a_chat_turn_at_info_logs_sizes_and_timings_but_no_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Zebrafish kidney question 4711"
    data = tmp_path / "data"
    argv = ["--data-dir", str(data), "chat", "--once", secret, "--max-tokens", "24", "--seed", "1"]
    assert cli_main(argv) == 0
    capsys.readouterr()
    with sqlite3.connect(data / "chats.db") as db:
        (reply,) = db.execute("SELECT content FROM messages WHERE role = 'assistant'").fetchone()
    log_text = log_path(data).read_text(encoding="utf-8")
    assert "bimedix chat started" in log_text
    assert "bimedix.engine" in log_text and "generation finished" in log_text
    assert "loaded SmolLM2-135M-Instruct.Q4_1.gguf" in log_text
    assert secret not in log_text and "Zebrafish" not in log_text
    # The reply's words stay out too (its longest word, to be robust).
    longest = max(reply.split(), key=len)
    assert len(longest) > 4 and longest not in log_text


def test_an_exception_in_a_thread_is_logged_with_its_traceback(tmp_path: Path, expect_log) -> None:
    shown: list[BaseException] = []
    path = setup_logging(tmp_path)
    logs.install_exception_hooks(shown.append)
    expect_log("bimedix.crash", "Unexpected error", logging.ERROR)

    def fail() -> None:
        raise ValueError("broken on purpose")

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    assert [str(e) for e in shown] == ["broken on purpose"]
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: broken on purpose" in text and "in fail" in text


def test_the_suite_fails_a_test_on_an_unexpected_error_record(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        """
        import logging
        import pytest

        def test_unexpected():
            logging.getLogger("bimedix.store").error("disk on fire")

        def test_expected(expect_log):
            expect_log("bimedix.store", "disk on")
            logging.getLogger("bimedix.store").error("disk on fire")

        @pytest.mark.expect_log("bimedix.gui.qt", "QPainter")
        def test_expected_by_marker():
            logging.getLogger("bimedix.gui.qt").warning("QPainter::begin: not active")

        def test_expected_but_missing(expect_log):
            expect_log("bimedix.store", "never logged")

        def test_warnings_are_fine():
            logging.getLogger("bimedix.store").warning("only a warning")
        """
    )
    # In a subprocess: in-process, its records would reach this test's check too.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--no-qt-log")
    result.assert_outcomes(passed=5, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*unexpected log record ERROR bimedix.store: disk on fire*",
            "*expected log record not seen: expect_log('bimedix.store', 'never logged')*",
        ]
    )
