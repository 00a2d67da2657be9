"""User-facing error types.

A `UserFacingError` is something the user (or their machine) caused: a missing
model file, an unwritable folder, a message too long for the model. The GUI and
CLI show its message and carry on. Anything else is our bug and should fail
loudly in tests.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error with a message meant for the user, not a traceback.

    Raise it with an English `template` and named `params`
    (`ModelLoadError(template="Model file not found: {path}", path=p)`) so the
    GUI can show it translated; `str()` is always the English text.
    """

    def __init__(self, message: str = "", *, template: str = "", **params: object):
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if template else message)


class ModelLoadError(UserFacingError):
    """A model file is missing, unreadable or not a usable GGUF."""


class DataDirError(UserFacingError):
    """The data folder cannot be created or written to."""


class StorageError(UserFacingError):
    """The chat database could not be read or written."""


class FutureSchemaError(StorageError):
    """The database was written by a newer version of the app."""


class ReplyNotSavedError(StorageError):
    """A reply was generated but could not be written (disk full, read-only).

    Carries what is needed to retry the save later, so nothing is lost while
    the app is still open.
    """

    def __init__(self, message: str, message_id: int, fields: dict[str, object]):
        super().__init__(
            f"{message} The reply is kept on screen; free some space and choose Retry save."
        )
        self.message_id = message_id
        self.fields = fields


class PromptTooLongError(UserFacingError):
    """The newest message alone does not fit in the model's context."""
