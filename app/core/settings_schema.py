"""The rules for `settings.json`: type and range per key, with the chat
modes from `bimedix.core.prompts`. The rule machinery and the per-model and
demo-mode bounds are in `bimedix.validation`, re-exported here."""

from __future__ import annotations

from bimedix.core.prompts import MODES
from bimedix.validation import (  # noqa: F401 (re-exported)
    MAX_CTX,
    MAX_GPU_LAYERS,
    MAX_THREADS,
    MAX_TOKENS,
    MODEL_RULES,
    PROMPT_FORMAT_CHOICES,
    TEXT_SIZE_CHOICES,
    UI_LANGUAGES,
    Rule,
    check,
    check_string_map,
    warn_once,
    warnings_to_stderr,
)

MAX_KV_CACHE_BYTES = 1 << 40  # 1 TiB; 0 turns KV-cache snapshots off

SETTINGS_RULES: dict[str, Rule] = {
    "ui_language": Rule(str, choices=UI_LANGUAGES),
    "text_size": Rule(str, choices=TEXT_SIZE_CHOICES),
    "default_mode": Rule(str, choices=tuple(MODES)),
    "model_path": Rule(str),
    "n_ctx": Rule(int, 256, MAX_CTX),
    "max_tokens": Rule(int, 1, MAX_TOKENS),
    "temperature": Rule(float, 0.0, 2.0),
    "country": Rule(str),
    "kv_cache_bytes": Rule(int, 0, MAX_KV_CACHE_BYTES),
}
