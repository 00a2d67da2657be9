"""`bimedix-desktop --smoke-test`: prove that an installed or frozen app works.

Run after building a bundle or installing a wheel, it checks what packaging
can break, one step at a time, and stops at the first failure with a line
saying which step and why:

1. Qt starts on the offscreen platform (the platform plugins are there);
2. the bundled fonts are registered; our Arabic translation and Qt's own load;
3. the embedded model is found and loaded by llama.cpp (its shared libraries);
4. one English and one Arabic prompt are answered through the real pipeline
   (ChatRunner + LlamaCppBackend) and the replies are stored in SQLite;
5. the main window opens on those chats and loads the model in its worker.

Everything is written to a temporary data folder, removed afterwards.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from bimedix import __version__
from bimedix.core.chat import ChatRunner, ReplyFinished, new_session
from bimedix.core.logs import current_log_file
from bimedix.core.settings import DB_FILE, SETTINGS_FILE, Settings
from bimedix.core.store import ChatStore
from bimedix.engine.backend import Backend, GenerationParams
from bimedix.models.catalog import describe_model, embedded_model_path

if TYPE_CHECKING:
    pass

PROMPTS = (
    ("en", "What is iron-deficiency anaemia? Answer in one sentence."),
    ("ar", "ما هو فقر الدم الناتج عن نقص الحديد؟ أجب بجملة واحدة."),
)
# Short, seeded replies: the test proves the pipeline, not the model.
PARAMS = GenerationParams(max_tokens=32, temperature=0.0, seed=1)
REQUIRED_FONT = "Noto Sans Arabic"
# A string of Qt's own (context, text), translated by qtbase_ar.qm. Held in a
# constant so that pyside6-lupdate does not take it for one of ours.
QT_OWN_STRING = ("QPlatformTheme", "Cancel")

T = TypeVar("T")


class SmokeTestFailure(Exception):
    """One step failed; the message says which and why."""


def _step(name: str, action: Callable[[], T]) -> T:
    try:
        return action()
    except SmokeTestFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure is reported as the step's
        raise SmokeTestFailure(f"{name}: {type(exc).__name__}: {exc}") from exc


def _check_qt(app: QApplication) -> None:
    platform = app.platformName()
    if platform != "offscreen":
        raise SmokeTestFailure(f"qt: expected the offscreen platform, got {platform!r}")


def _check_fonts_and_translation(families: list[str]) -> None:
    from bimedix.gui.i18n import apply_language, qm_path

    if REQUIRED_FONT not in families:
        raise SmokeTestFailure(
            f"fonts: {REQUIRED_FONT} is not bundled (registered: {families or 'none'})"
        )
    if not apply_language("ar"):
        raise SmokeTestFailure(f"translations: cannot load {qm_path('ar')}")
    # Qt's own Arabic (standard buttons and dialogs) comes from qtbase_ar.qm,
    # which the bundle keeps while dropping Qt's other languages.
    if QCoreApplication.translate(*QT_OWN_STRING) == QT_OWN_STRING[1]:
        raise SmokeTestFailure("translations: Qt's own qtbase_ar.qm did not load")
    apply_language("en")


def _answer(runner: ChatRunner, store: ChatStore, language: str, prompt: str) -> str:
    session = new_session(store, "qa", language)
    finished = None
    for event in runner.send(session.id, prompt, PARAMS):
        if isinstance(event, ReplyFinished):
            finished = event
    if finished is None:
        raise SmokeTestFailure(f"chat ({language}): the reply never finished")
    stored = store.messages(session.id)
    roles = [m.role for m in stored]
    if roles != ["user", "assistant"]:
        raise SmokeTestFailure(f"chat ({language}): stored roles are {roles}")
    reply = stored[1]
    if not reply.content.strip():
        raise SmokeTestFailure(f"chat ({language}): the stored reply is empty")
    if reply.status != "complete" or reply.content != finished.message.content:
        raise SmokeTestFailure(f"chat ({language}): the reply was stored as {reply.status!r}")
    return reply.content


def _open_window(store: ChatStore, data_dir: Path, model: str) -> None:
    from bimedix.gui.main_window import MainWindow

    window = MainWindow(store, Settings(), data_dir / SETTINGS_FILE, model)
    try:
        window.show()
        if not window.wait_for_model():
            raise SmokeTestFailure("window: the model did not load in the generation worker")
        if window.grab().isNull():
            raise SmokeTestFailure("window: nothing was rendered")
    finally:
        window.close()


def _bundled_model(data_dir: Path) -> Path:
    """The model this build ships: the default model when its parts are
    inside (joined and hash-checked, as on first use), else SmolLM2
    (also when BIMEDIX_DEFAULT_MODEL=smollm2, as in the test suite)."""
    from bimedix.models.default_model import ensure_model, parts_installed, smollm2_forced

    if parts_installed() and not smollm2_forced():
        return ensure_model(data_dir / "models")
    return embedded_model_path()


def run(app: QApplication, font_families: list[str]) -> int:
    """Run every step; print one summary line; return the exit status."""
    started = time.perf_counter()
    data_dir = Path(tempfile.mkdtemp(prefix="bimedix-smoke-"))
    store: ChatStore | None = None
    try:
        _step("qt", lambda: _check_qt(app))
        _step("fonts", lambda: _check_fonts_and_translation(font_families))
        model_path = _step("model", lambda: _bundled_model(data_dir))

        def load() -> Backend:
            # Imported here so that a missing llama.cpp library is reported
            # as the model step's failure.
            from bimedix.models.opening import open_backend

            # One thread: a smoke test often runs beside other work (CI, a build);
            # llama.cpp's spinning worker threads slow down badly on a busy CPU.
            return open_backend(str(model_path), data_dir, n_ctx=2048, n_threads=1)

        backend = _step("model", load)
        store = ChatStore(data_dir / DB_FILE)
        runner = ChatRunner(store, backend)
        replies: dict[str, str] = {}
        for language, prompt in PROMPTS:
            replies[language] = _step(
                f"chat ({language})", partial(_answer, runner, store, language, prompt)
            )
        del runner, backend  # free the model before the window loads its own
        _step("window", lambda: _open_window(store, data_dir, str(model_path)))
    except SmokeTestFailure as exc:
        print(f"smoke test FAILED at {exc}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    preview = " | ".join(f"{k}: {v.strip()[:40]!r}" for k, v in replies.items())
    print(
        f"smoke test passed: bimedix-desktop {__version__}, {describe_model(model_path)}, "
        f"Qt {app.platformName()}, fonts and Arabic translation loaded, "
        f"2 replies stored ({preview}), window opened, {elapsed:.1f} s, "
        f"log {current_log_file() or 'not written (data folder not writable)'}"
    )
    return 0
