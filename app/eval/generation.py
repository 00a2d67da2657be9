"""Generation-based multiple choice: ask for the letter, read it from the reply.

For backends that only chat (an OpenAI-compatible server, say) there are no
logits to compare, so the model is asked to answer with the option's letter
and the first letter-like answer in its reply is taken. Works with any
`Backend`; greedy decoding (temperature 0) with a fixed seed keeps runs
repeatable where the backend allows it.
"""

from __future__ import annotations

import re

from bimedix.engine.backend import Backend, CancelToken, ChatMessage, GenerationParams, TextDelta
from bimedix.eval.items import LETTERS, EvalItem

INSTRUCTION = {
    "en": "Answer the following multiple-choice question with the letter of the correct "
    "option only.",
    "ar": "أجب عن سؤال الاختيار من متعدد التالي بحرف الخيار الصحيح فقط.",
}
ANSWER_CUE = {"en": "Answer:", "ar": "الإجابة:"}
# Arabic option letters some models answer with (أ ب ج د هـ), mapped to A-E.
_ARABIC_LETTERS = {"أ": 0, "ا": 0, "ب": 1, "ج": 2, "د": 3, "ه": 4}


def chat_prompt(item: EvalItem) -> list[ChatMessage]:
    """The messages sent for one item."""
    lines = [item.context] if item.context else []
    lines.append(item.question)
    lines += [f"{LETTERS[i]}. {option}" for i, option in enumerate(item.options)]
    lines.append(ANSWER_CUE.get(item.language, "Answer:"))
    return [
        ChatMessage("system", INSTRUCTION.get(item.language, INSTRUCTION["en"])),
        ChatMessage("user", "\n".join(lines)),
    ]


def parse_answer(reply: str, n_options: int) -> int | None:
    """Index of the option a reply names, or None when it names none.

    Accepts "B", "(B)", "B.", "Answer: B", "The answer is B) ...", and an
    Arabic letter on its own; a bare "A" inside a sentence ("A patient...")
    counts only when nothing more explicit is found.
    """
    letters = LETTERS[:n_options]
    explicit = re.search(
        rf"(?:answer|option|الإجابة|الجواب)\s*(?:is|هي|:)?\s*[:\-]?\s*\(?([{letters}])\b",
        reply,
        re.IGNORECASE,
    )
    if explicit:
        return letters.index(explicit.group(1).upper())
    marked = re.search(rf"(?:^|[\s(\[])([{letters}])(?:[).\]:]|\s*$)", reply.strip())
    if marked:
        return letters.index(marked.group(1))
    for token in reply.split():
        stripped = token.strip(".):،(")
        if stripped in _ARABIC_LETTERS and _ARABIC_LETTERS[stripped] < n_options:
            return _ARABIC_LETTERS[stripped]
    bare = re.search(rf"\b([{letters}])\b", reply)
    return letters.index(bare.group(1)) if bare else None


class GenerationScorer:
    """Asks a chat backend for each item's letter."""

    def __init__(self, backend: Backend, max_tokens: int = 16, seed: int = 1234) -> None:
        self.backend = backend
        self.params = GenerationParams(
            max_tokens=max_tokens, temperature=0.0, top_k=1, top_p=1.0, min_p=0.0,
            repeat_penalty=1.0, seed=seed,
        )  # fmt: skip

    def answer(self, item: EvalItem, cancel: CancelToken | None = None) -> tuple[int | None, str]:
        """(chosen option index or None, the reply text)."""
        pieces = [
            event.text
            for event in self.backend.stream_chat(chat_prompt(item), self.params, cancel)
            if isinstance(event, TextDelta)
        ]
        reply = "".join(pieces).strip()
        return parse_answer(reply, len(item.options)), reply
