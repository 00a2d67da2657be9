"""Type and range rules for every settings file the app reads, and how a
bad value is reported.

The rules for `settings.json` itself live in `bimedix.core.settings_schema`
(they need the chat modes); this bottom-layer module serves core and models.

`settings.json`, per-model settings in `models/library.json` and `kiosk.json`
are checked value by value against the bounds the GUI's controls enforce
(the spin boxes of the model manager and the demo-mode settings dialog), so
a hand-edited file can never hand llama.cpp a value the GUI would refuse. An
invalid value is dropped (the caller keeps its default) and a warning names
the key and the bad value; the file itself is never rewritten here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("bimedix.settings")

# Copies of choices owned by other layers (core may not import gui/engine);
# tests/core/test_settings_schema.py pins them to the originals.
TEXT_SIZE_CHOICES = ("normal", "large", "very_large")  # gui.style.TEXT_SIZES
PROMPT_FORMAT_CHOICES = ("auto", "mixtral", "gguf", "chatml", "plain")  # engine.prompt_format
UI_LANGUAGES = ("en", "ar")

MAX_CTX = 131072  # model manager: context spin box
MAX_THREADS = 256
MAX_GPU_LAYERS = 999
MAX_TOKENS = 32768


@dataclass(frozen=True)
class Rule:
    """What one setting may hold. `kind` is int, float, str or bool; a float
    setting accepts whole numbers too. `optional` allows JSON null."""

    kind: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    optional: bool = False

    def describe(self) -> str:
        noun = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}
        text = noun[self.kind]
        if self.choices is not None:
            text = "one of " + ", ".join(self.choices)
        elif self.low is not None and self.high is not None:
            text += f" from {_num(self.low)} to {_num(self.high)}"
        return text + (" or null" if self.optional else "")

    def accepts(self, value: Any) -> bool:
        if value is None:
            return self.optional
        if isinstance(value, bool) != (self.kind is bool):
            return False  # JSON true is not a number, nor 1 a flag
        if self.kind is float:
            if not isinstance(value, (int, float)) or value != value:  # NaN
                return False
        elif not isinstance(value, self.kind):
            return False
        if self.choices is not None and value not in self.choices:
            return False
        if self.low is not None and value < self.low:
            return False
        return not (self.high is not None and value > self.high)


_warned: set[str] = set()


def warn_once(warning: str) -> None:
    """Log `warning` on "bimedix.settings" the first time this process sees
    it: settings files are re-read often, the log should say it once."""
    if warning not in _warned:
        _warned.add(warning)
        log.warning("%s", warning)


def warnings_to_stderr(program: str) -> None:
    """Also print settings warnings on stderr as "PROGRAM: warning: ...",
    for command-line front ends (idempotent). The log keeps them too."""
    if not any(isinstance(h, _StderrNow) for h in log.handlers):
        handler = _StderrNow()
        handler.setFormatter(logging.Formatter(f"{program}: warning: %(message)s"))
        log.addHandler(handler)


class _StderrNow(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (tests swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        import sys

        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always the current sys.stderr


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check(
    raw: Any, rules: dict[str, Rule], source: str, defaults: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The valid values of `raw` (keys of `rules` only; unknown keys are from
    another version and silently skipped) and one warning per invalid value.

    Each warning is also logged on "bimedix.settings" (once per process).
    """
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        warning = f"{source}: expected a JSON object, found {type(raw).__name__}; using defaults."
        warn_once(warning)
        return {}, [warning]
    accepted: dict[str, Any] = {}
    warnings: list[str] = []
    for key, rule in rules.items():
        if key not in raw:
            continue
        value = raw[key]
        if rule.accepts(value):
            accepted[key] = float(value) if rule.kind is float and value is not None else value
            continue
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        fallback = ""
        if defaults is not None and key in defaults:
            fallback = f"; using the default {defaults[key]!r}"
        warning = f"{source}: ignored {key} = {shown} (must be {rule.describe()}){fallback}."
        warn_once(warning)
        warnings.append(warning)
    return accepted, warnings


def check_string_map(
    raw: Any, choices: tuple[str, ...], source: str, key: str
) -> tuple[dict[str, str], list[str]]:
    """A {name: choice} mapping such as prompt_formats: bad entries dropped."""
    if not isinstance(raw, dict):
        warning = f"{source}: ignored {key} (must be an object of name: choice)."
        warn_once(warning)
        return {}, [warning]
    good = {k: v for k, v in raw.items() if isinstance(k, str) and v in choices}
    warnings = []
    for name, value in raw.items():
        if name not in good:
            warning = (
                f"{source}: ignored {key}[{name!r}] = {value!r} "
                f"(must be one of {', '.join(choices)})."
            )
            warn_once(warning)
            warnings.append(warning)
    return good, warnings


# Per-model settings (model manager spin boxes; 0 and null mean "app default").
MODEL_RULES: dict[str, Rule] = {
    "n_ctx": Rule(int, 0, MAX_CTX, optional=True),
    "n_threads": Rule(int, 0, MAX_THREADS, optional=True),
    "n_gpu_layers": Rule(int, 0, MAX_GPU_LAYERS),
    "temperature": Rule(float, 0.0, 2.0, optional=True),
    "top_p": Rule(float, 0.0, 1.0, optional=True),
    "top_k": Rule(int, 0, 500, optional=True),
    "min_p": Rule(float, 0.0, 1.0, optional=True),
    "repeat_penalty": Rule(float, 0.0, 2.0, optional=True),
    "max_tokens": Rule(int, 0, MAX_TOKENS, optional=True),
    "seed": Rule(int, -1, 2**31 - 1, optional=True),
}
