"""What "stored anonymised" keeps of a kiosk visit, and the copy that keeps it.

A kiosk visit runs on a private in-memory database, so the model sees what
the visitor really wrote. After each turn, `AnonymisedCopy` appends the new,
finished messages to the user's database with `anonymise_text` applied and
a fixed title ("Demo session"), never a title taken from the content.

`anonymise_text` replaces, in this order:
- e-mail addresses with `[email]`;
- web addresses (`http://…`, `https://…`, `www.…`) with `[link]`;
- runs of 6 or more digits, in any script, that may be split by spaces,
  dashes, dots, slashes or brackets and may start with `+` or up to three
  letters (phone numbers, ID, passport and record numbers, dates such as
  12/05/1985) with `[number]`;
- with `[name]`: a name after "my name is" or "name:", a capitalised name
  after "call me" or "I'm called" or a title (Dr, Mr, Mrs, Ms, Miss, Prof),
  and one or two Arabic words after "اسمي", "أدعى", "الاسم:" or
  "الدكتور"/"د.".
Medical figures stay: 120/80, 38.5, 500 mg, 3 days, a year such as 2019.
It is a pattern filter, not a guarantee: a name the visitor writes without
such a cue stays. "Not stored" is the choice that keeps nothing.
"""

from __future__ import annotations

import re

from bimedix.core.store import PROVENANCE_FIELDS, ChatStore, StoredMessage

ANONYMISED_TITLE = {"en": "Demo session", "ar": "جلسة عرض"}
MIN_IDENTIFYING_DIGITS = 6

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Digits joined by single separators; counted afterwards.
_NUMBER = re.compile(r"(?<!\w)\+?(?:[^\W\d_]{1,3})?\(?\d(?:[\s./()-]?\(?\d\)?)*")
# Arabic letters and harakat (no digits, no Arabic comma or question mark).
_ARABIC_WORD = r"[\u0621-\u065F\u066E-\u06D3\u06FA-\u06FF]+"
_LATIN_NAME = r"[A-Za-z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_CAPITALISED_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
# (cue, name): the cue stays, the name becomes [name].
_NAME_CUES = tuple(
    re.compile(f"({cue})({name})")
    for cue, name in (
        # English: "my name is" in any case, then one word and up to two
        # capitalised ones; the looser cues only before a capitalised word
        # ("call me on Monday" keeps its Monday; "call me Sam" does not).
        (r"(?i:\b(?:my name is|my name's|name\s*:)\s+)", _LATIN_NAME),
        (r"(?i:\b(?:call me|i am called|i'm called)\s+)", _CAPITALISED_NAME),
        (r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Prof)\.?\s+", _CAPITALISED_NAME),
        # Arabic: the cue, then up to two Arabic words.
        (
            r"(?:أنا\s+)?(?:اسمي|إسمي|أدعى|ادعى|الاسم\s*:)\s+",
            f"{_ARABIC_WORD}(?:\\s+{_ARABIC_WORD})?",
        ),
        (r"(?:الدكتورة|الدكتور|دكتورة|دكتور|د\.)\s*", _ARABIC_WORD),
    )
)


def _replace_number(match: re.Match[str]) -> str:
    text = match.group(0)
    if sum(c.isdigit() for c in text) >= MIN_IDENTIFYING_DIGITS:
        return "[number]"
    return text


def anonymise_text(text: str) -> str:
    """`text` with e-mails, links, long numbers and cued names replaced."""
    text = _EMAIL.sub("[email]", text)
    text = _LINK.sub("[link]", text)
    text = _NUMBER.sub(_replace_number, text)
    for pattern in _NAME_CUES:
        text = pattern.sub(r"\1[name]", text)
    return text




class AnonymisedCopy:
    """Appends anonymised copies of sessions' finished messages to `target`."""

    def __init__(self, target: ChatStore):
        self.target = target
        self._copies: dict[int, int] = {}  # source session id -> target session id
        self._copied: dict[int, int] = {}  # source session id -> last copied position

    def target_id(self, source_session_id: int) -> int | None:
        return self._copies.get(source_session_id)

    def sync(self, source: ChatStore, session_id: int) -> int | None:
        """Copy the session's new finished messages; returns the copy's id
        (None while there is nothing to copy yet)."""
        session = source.get_session(session_id)
        last = self._copied.get(session_id, -1)
        new: list[StoredMessage] = [
            m
            for m in source.messages(session_id)
            if m.position > last and m.status != "streaming" and m.role != "system"
        ]
        if not new:
            return self._copies.get(session_id)
        target_id = self._copies.get(session_id)
        if target_id is None:
            title = ANONYMISED_TITLE.get(session.language, ANONYMISED_TITLE["en"])
            target_id = self.target.create_session(title, session.mode, session.language).id
            self._copies[session_id] = target_id
        for message in new:
            self.target.add_message(
                target_id,
                message.role,
                anonymise_text(message.content),
                message.status,
                **{name: getattr(message, name) for name in PROVENANCE_FIELDS},
            )
            self._copied[session_id] = message.position
        return target_id

    def forget(self, source_session_id: int) -> None:
        self._copies.pop(source_session_id, None)
        self._copied.pop(source_session_id, None)
