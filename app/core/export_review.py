"""Training files from reviewed replies: `sft` and `preference` exports.

sft: one chat record per reply that was corrected or rated good, in the
shape `bimedix-train data build` reads as an `app_export` source: the
conversation up to the reply, then the corrected (or good) reply as the
assistant turn.

preference: JSONL `{prompt, chosen, rejected}` in TRL's conversational
preference shape (which axolotl's DPO `chat_template` loaders also read):
`prompt` is the conversation up to the reply as role/content messages,
`chosen` the correction (or a reply rated good to the same prompt) and
`rejected` the reply rated bad, each as a one-message assistant list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from bimedix.core.chat import is_conversation_turn
from bimedix.core.store import Session, StoredMessage

Turns = list[dict[str, str]]


def prompt_before(messages: list[StoredMessage], index: int) -> Turns:
    """The conversation the model answered at `messages[index]`: its system
    prompt, then the turns before it that have text and did not fail."""
    reply = messages[index]
    turns: Turns = []
    if reply.system_prompt:
        turns.append({"role": "system", "content": reply.system_prompt})
    turns += [
        {"role": m.role, "content": m.content} for m in messages[:index] if is_conversation_turn(m)
    ]
    return turns


def sft_records(session: Session, messages: list[StoredMessage]) -> Iterable[dict[str, Any]]:
    """A record per corrected or good reply of one session."""
    for index, m in enumerate(messages):
        review = m.review
        if m.role != "assistant" or review is None:
            continue
        if review.correction:
            answer, origin = review.correction, "correction"
        elif review.rating == "good" and is_conversation_turn(m):
            answer, origin = m.content, "rated-good"
        else:
            continue
        prompt = prompt_before(messages, index)
        if not any(t["role"] == "user" for t in prompt):
            continue  # nothing was asked: nothing to learn
        yield {
            "id": f"review-{m.id}",
            "session_id": session.id,
            "message_id": m.id,
            "mode": session.mode,
            "language": session.language,
            "origin": origin,
            "tags": list(review.tags),
            "messages": [*prompt, {"role": "assistant", "content": answer}],
        }


def write_sft(
    records: Iterable[tuple[Session, list[StoredMessage]]], out: IO[str]
) -> tuple[int, int]:
    """Returns (sessions read, training records written)."""
    sessions = written = 0
    for session, messages in records:
        sessions += 1
        for record in sft_records(session, messages):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return sessions, written


def write_preference(
    records: Iterable[tuple[Session, list[StoredMessage]]], out: IO[str]
) -> tuple[int, int]:
    """Pairs for DPO. A bad reply pairs with its correction; without one, with
    a reply rated good to the identical prompt (e.g. another model's, in
    another session). Returns (sessions read, pairs written)."""
    good: dict[str, str] = {}
    bad: list[tuple[int, str, Turns, str, str]] = []  # id, key, prompt, reply, correction
    sessions = 0
    for _session, messages in records:
        sessions += 1
        for index, m in enumerate(messages):
            if m.role != "assistant" or m.review is None:
                continue
            prompt = prompt_before(messages, index)
            key = json.dumps(prompt, ensure_ascii=False, sort_keys=True)
            if m.review.rating == "good" and is_conversation_turn(m):
                good.setdefault(key, m.review.correction or m.content)
            elif m.review.rating == "bad":
                bad.append((m.id, key, prompt, m.content, m.review.correction))
    written = 0
    for message_id, key, prompt, reply, correction in bad:
        chosen = correction or good.get(key)
        if not chosen or not reply or chosen == reply:
            continue
        pair = {
            "id": f"review-{message_id}",
            "prompt": prompt,
            "chosen": [{"role": "assistant", "content": chosen}],
            "rejected": [{"role": "assistant", "content": reply}],
        }
        out.write(json.dumps(pair, ensure_ascii=False) + "\n")
        written += 1
    return sessions, written
