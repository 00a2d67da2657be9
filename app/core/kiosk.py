"""Demo (kiosk) mode's pure rules: the operator's settings and PIN, the demo
safety line, the visitors' starter prompts, and the day's statistics.

Everything here is plain Python so the kiosk's behaviour can be tested
without a display; `bimedix.gui.kiosk` is the Qt shell around it.
Settings live in `kiosk.json` and the statistics in `kiosk-stats.json`, both
in the data folder (no database migration): the settings file holds the PIN
hash and a possible API key, so it is written readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from bimedix.core.prompts import system_prompt
from bimedix.core.triage import TriageConfig, normalise_country

KIOSK_FILE = "kiosk.json"
KIOSK_STATS_FILE = "kiosk-stats.json"
KIOSK_EXPORT_DIR = "kiosk-exports"

# Who keeps what after a visit (see docs/demo-mode.md).
PRIVACY_CHOICES = ("none", "anonymised", "full")
BACKEND_CHOICES = ("local", "openai")
EXPORT_FORMATS = ("json", "md", "html", "pdf")
MIN_IDLE_TIMEOUT_S = 15
MIN_COUNTDOWN_S = 5

# What the model is told on top of the mode's prompt, in both languages, so
# that it holds whichever language the visitor writes in.
DEMO_SAFETY_LINE = {
    "en": "This is a public demonstration at an event, talking with passers-by: your answers "
    "are not medical advice. If the person may be having an emergency, tell them to contact "
    "local emergency services immediately.",
    "ar": "هذا عرض عام في فعالية تتحدث فيه مع الزوار: إجاباتك ليست نصيحة طبية. إذا كان الشخص "
    "قد يواجه حالة طارئة فاطلب منه الاتصال بخدمات الطوارئ المحلية فوراً.",
}
# What visitors read under the chat, in both languages whatever they chose.
VISITOR_SAFETY_NOTICE = {
    "en": "Not medical advice. In an emergency, call your local emergency number now.",
    "ar": "ليست نصيحة طبية. في حالات الطوارئ اتصل فوراً برقم الطوارئ المحلي.",
}

STARTER_PROMPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "consult": {
        "en": (
            "I have had a headache and a mild fever for three days. What could it be?",
            "My son has a rash on his arms since he ate peanuts this morning.",
            "I feel tired all the time and get out of breath on the stairs.",
        ),
        "ar": (
            "أعاني من صداع وحمى خفيفة منذ ثلاثة أيام. ما السبب المحتمل؟",
            "ظهر طفح جلدي على ذراعي ابني منذ أن أكل الفول السوداني صباح اليوم.",
            "أشعر بالتعب طوال الوقت وبضيق في التنفس عند صعود الدرج.",
        ),
    },
    "mcq": {
        "en": (
            "Which vitamin deficiency causes scurvy? A) Vitamin A B) Vitamin B12 "
            "C) Vitamin C D) Vitamin D",
            "Which organ produces insulin? A) Liver B) Pancreas C) Kidney D) Spleen",
            "What is a normal resting heart rate for adults? A) 20–40 B) 60–100 "
            "C) 120–160 D) 180–220",
        ),
        "ar": (
            "نقص أي فيتامين يسبب مرض الإسقربوط؟ أ) فيتامين أ ب) فيتامين ب12 ج) فيتامين ج "
            "د) فيتامين د",
            "أي عضو يفرز الإنسولين؟ أ) الكبد ب) البنكرياس ج) الكلية د) الطحال",
            "ما المعدل الطبيعي لنبض القلب أثناء الراحة لدى البالغين؟ أ) 20–40 ب) 60–100 "
            "ج) 120–160 د) 180–220",
        ),
    },
    "qa": {
        "en": (
            "What is the difference between type 1 and type 2 diabetes?",
            "How can I lower my blood pressure without medication?",
            "What are the early warning signs of a stroke?",
        ),
        "ar": (
            "ما الفرق بين السكري من النوع الأول والنوع الثاني؟",
            "كيف يمكنني خفض ضغط الدم دون أدوية؟",
            "ما العلامات المبكرة التي تنذر بالسكتة الدماغية؟",
        ),
    },
}


def demo_system_prompt(mode: str, language: str) -> str:
    """The mode's system prompt plus the demo safety line in both languages,
    the session's language last: small models tend to answer in the language
    the prompt ends with."""
    other = "ar" if language == "en" else "en"
    own = language if language in DEMO_SAFETY_LINE else "en"
    return " ".join((system_prompt(mode, language), DEMO_SAFETY_LINE[other], DEMO_SAFETY_LINE[own]))


# --- operator PIN -------------------------------------------------------------
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
# scrypt at N=2**14, r=8: ~16 MiB and tens of milliseconds per guess, so a
# copied kiosk.json cannot be brute-forced over all short PINs in a blink.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class PinFormatError(ValueError):
    """The PIN is not 4 to 12 digits."""


def normalise_pin(pin: str) -> str:
    """The PIN as ASCII digits: an Arabic keyboard types ١٢٣٤ for 1234.

    Raises:
        PinFormatError: anything but 4 to 12 digits (spaces around are ignored).
    """
    pin = pin.strip()
    if not pin or not all(unicodedata.category(c) == "Nd" for c in pin):
        raise PinFormatError("The PIN must be digits only.")
    digits = "".join(str(unicodedata.digit(c)) for c in pin)
    if not PIN_MIN_DIGITS <= len(digits) <= PIN_MAX_DIGITS:
        raise PinFormatError(f"The PIN must have {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits.")
    return digits


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (hex) for a PIN, with a fresh random salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        normalise_pin(pin).encode(), salt=salt, dklen=32, maxmem=64 * 2**20, **_SCRYPT
    )
    return "$".join(
        [
            "scrypt",
            str(_SCRYPT["n"]),
            str(_SCRYPT["r"]),
            str(_SCRYPT["p"]),
            salt.hex(),
            digest.hex(),
        ]
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches a `hash_pin` string (constant-time comparison)."""
    try:
        kind, n, r, p, salt_hex, digest_hex = stored.split("$")
        if kind != "scrypt":
            return False
        expected = bytes.fromhex(digest_hex)
        digest = hashlib.scrypt(
            normalise_pin(pin).encode(),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 2**20,
        )
    except (ValueError, TypeError):  # malformed record, PIN or parameters
        return False
    return hmac.compare_digest(digest, expected)


class PinGate:
    """Checks PINs and slows down guessing: after `max_failures` wrong PINs
    in a row, every further try waits `lockout_s` (doubling each time)."""

    def __init__(
        self,
        stored: str,
        max_failures: int = 5,
        lockout_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stored = stored
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def seconds_locked(self) -> int:
        """Seconds until the next try is accepted (0: now)."""
        return max(0, int(self._locked_until - self._clock() + 0.999))

    def check(self, pin: str) -> bool:
        """True for the right PIN; wrong or locked-out tries return False."""
        if self.seconds_locked():
            return False
        if verify_pin(pin, self.stored):
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= self._max_failures:
            extra = self._failures - self._max_failures
            self._locked_until = self._clock() + self._lockout_s * 2 ** min(extra, 6)
        return False


# --- settings ------------------------------------------------------------------
@dataclass
class KioskSettings:
    """What the operator chose for demo mode."""

    pin_hash: str = ""  # hash_pin(); empty until the operator sets a PIN
    idle_timeout_s: float = 120.0  # no input for this long: "Are you still there?"
    countdown_s: float = 20.0  # then this long before the visit is cleared
    privacy: str = "none"  # none | anonymised | full (PRIVACY_CHOICES)
    auto_export: bool = False  # export each stored visit when it ends
    export_format: str = "json"
    export_dir: str = ""  # empty: DATA_DIR/kiosk-exports
    backend: str = "local"  # local | openai
    model: str = ""  # local model (path or bundled name); empty: the app's model
    base_url: str = ""  # OpenAI-compatible server, e.g. http://10.0.0.2:8080/v1
    api_model: str = ""
    api_key: str = ""
    request_timeout_s: float = 120.0
    max_tokens: int = 384
    # Red-flag notices (issue 19): the country for the emergency number, and
    # whether the model still answers after a notice.
    country: str = ""
    stop_after_red_flag: bool = False

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    @property
    def stores_visits(self) -> bool:
        return self.privacy != "none"

    def set_pin(self, pin: str) -> None:
        self.pin_hash = hash_pin(pin)

    def resolved_export_dir(self, data_dir: Path) -> Path:
        return (
            Path(self.export_dir).expanduser() if self.export_dir else data_dir / KIOSK_EXPORT_DIR
        )

    def triage_config(self) -> TriageConfig:
        """How the kiosk's chat runs the red-flag check."""
        return TriageConfig(country=self.country, stop_after_notice=self.stop_after_red_flag)

    def problems(self) -> list[str]:
        """What stops these settings from working (English, for the CLI and logs)."""
        found = []
        if self.backend == "openai" and not self.base_url.startswith(("http://", "https://")):
            found.append("The remote server's address must start with http:// or https://.")
        return found

    @classmethod
    def load(cls, path: Path) -> KioskSettings:
        """Read settings; see `load_checked`. Warnings go to the log only."""
        return cls.load_checked(path)[0]

    @classmethod
    def load_checked(cls, path: Path) -> tuple[KioskSettings, list[str]]:
        """Read settings, each value checked against the demo-mode settings
        dialog's bounds. A missing file gives the defaults silently; a
        damaged file or an invalid value gives the default with a warning
        (also logged) naming the file, key and value. Nothing is written."""
        from bimedix.safe_json import JsonFileError, load_file
        from bimedix.validation import Rule, check, warn_once

        settings = cls()
        if not path.exists():
            return settings, []
        try:
            raw: Any = load_file(path)
        except JsonFileError as exc:
            warning = f"{exc} Using the default demo-mode settings."
            warn_once(warning)
            return settings, [warning]
        rules = {
            "pin_hash": Rule(str),
            "idle_timeout_s": Rule(float, MIN_IDLE_TIMEOUT_S, 3600),
            "countdown_s": Rule(float, MIN_COUNTDOWN_S, 300),
            "privacy": Rule(str, choices=PRIVACY_CHOICES),
            "auto_export": Rule(bool),
            "export_format": Rule(str, choices=EXPORT_FORMATS),
            "export_dir": Rule(str),
            "backend": Rule(str, choices=BACKEND_CHOICES),
            "model": Rule(str),
            "base_url": Rule(str),
            "api_model": Rule(str),
            "api_key": Rule(str),
            "request_timeout_s": Rule(float, 1, 3600),
            "max_tokens": Rule(int, 16, 8192),
            "country": Rule(str),
            "stop_after_red_flag": Rule(bool),
        }
        values, warnings = check(raw, rules, path.name, asdict(settings))
        for key, value in values.items():
            setattr(settings, key, value)
        settings.country = normalise_country(settings.country) or ""
        return settings, warnings

    def save(self, path: Path) -> None:
        """Write atomically, readable and writable by the owner only."""
        _write_json_atomically(path, asdict(self), private=True)


def _write_json_atomically(path: Path, data: Any, private: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    try:
        if private:
            os.chmod(tmp, 0o600)  # mkstemp already does on POSIX; be explicit
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- statistics --------------------------------------------------------------
@dataclass
class DayStats:
    """One day of kiosk use: counts and sums, never what visitors wrote."""

    sessions: int = 0  # visits in which the visitor sent at least one message
    replies: int = 0
    tokens_per_s_sum: float = 0.0
    first_token_s_sum: float = 0.0
    timed_replies: int = 0  # replies with speed figures
    stored_session_ids: list[int] = field(default_factory=list)

    @property
    def average_tokens_per_s(self) -> float | None:
        return self.tokens_per_s_sum / self.timed_replies if self.timed_replies else None

    @property
    def average_first_token_s(self) -> float | None:
        return self.first_token_s_sum / self.timed_replies if self.timed_replies else None


class KioskStats:
    """Per-day statistics in `kiosk-stats.json`, saved on every change so a
    restart the same day keeps counting."""

    def __init__(self, path: Path, today: Callable[[], date] = date.today):
        self.path = path
        self._today = today
        self.days: dict[str, DayStats] = {}
        try:
            from bimedix.safe_json import JsonFileError, load_file

            raw = load_file(path) if path.exists() else {}
            for day, values in raw.get("days", {}).items():
                known = {f.name for f in fields(DayStats)}
                self.days[day] = DayStats(**{k: v for k, v in values.items() if k in known})
        except (JsonFileError, ValueError, TypeError, AttributeError):
            self.days = {}  # missing or damaged: start counting afresh

    def today(self) -> DayStats:
        return self.days.setdefault(self._today().isoformat(), DayStats())

    def record_reply(self, tokens_per_s: float | None, first_token_s: float | None) -> None:
        day = self.today()
        day.replies += 1
        if tokens_per_s:
            day.timed_replies += 1
            day.tokens_per_s_sum += tokens_per_s
            day.first_token_s_sum += first_token_s or 0.0
        self._save()

    def record_session(self, stored_session_id: int | None) -> None:
        day = self.today()
        day.sessions += 1
        if stored_session_id is not None:
            day.stored_session_ids.append(stored_session_id)
        self._save()

    def _save(self) -> None:
        data = {"days": {day: asdict(stats) for day, stats in self.days.items()}}
        try:
            _write_json_atomically(self.path, data)
        except OSError:
            pass  # statistics are a convenience; never stop a visit over them
