"""Prompts for multiple-choice items, in the shape lm-evaluation-harness uses.

Two styles, chosen per benchmark:

- `letters` (lm-eval's `mmlu`, `medmcqa`, `medqa_4options` tasks): the question,
  then one line per option `A. …`, then `Answer:`; the scored continuations are
  " A", " B", … (lm-eval's `target_delimiter` is a space).
- `options` (lm-eval's `pubmedqa` task): `Abstract: …\\nQuestion: …\\nAnswer:`;
  the continuations are the option texts themselves (" yes", " no", " maybe").

Arabic items use the same layout with Arabic labels (`السؤال`, `الإجابة`), and
Latin option letters. With `shots > 0`, solved examples (prompt + right answer
+ blank line) come first, as lm-eval's few-shot context does. The MMLU subjects
start with lm-eval's description line ("The following are multiple choice
questions (with answers) about …"); other benchmarks have none, as in lm-eval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bimedix.eval.items import LETTERS, EvalItem

ChoiceStyle = Literal["letters", "options"]
CHOICE_STYLES: tuple[ChoiceStyle, ...] = ("letters", "options")

_LABELS = {
    "en": {"question": "Question", "answer": "Answer", "abstract": "Abstract"},
    "ar": {"question": "السؤال", "answer": "الإجابة", "abstract": "الملخص"},
}


@dataclass(frozen=True)
class MultipleChoicePrompt:
    """The text the model reads and the continuations whose likelihood is compared."""

    context: str
    continuations: tuple[str, ...]
    # Lengths lm-eval divides by for acc_norm: the answer strings without the delimiter.
    choice_lengths: tuple[int, ...]


def question_block(item: EvalItem, style: ChoiceStyle) -> str:
    """The item as the model sees it, ending with the answer cue (no trailing space)."""
    labels = _LABELS.get(item.language, _LABELS["en"])
    if style == "options":
        lines = []
        if item.context:
            lines.append(f"{labels['abstract']}: {item.context}")
        lines.append(f"{labels['question']}: {item.question}")
        lines.append(f"{labels['answer']}:")
        return "\n".join(lines)
    lines = [item.context] if item.context else []
    lines.append(item.question)
    lines += [f"{LETTERS[i]}. {option}" for i, option in enumerate(item.options)]
    lines.append(f"{labels['answer']}:")
    return "\n".join(lines)


def choices(item: EvalItem, style: ChoiceStyle) -> tuple[str, ...]:
    """The answer strings scored for `item` (without the leading space)."""
    if style == "options":
        return item.options
    return tuple(LETTERS[i] for i in range(len(item.options)))


def description(item: EvalItem) -> str:
    """lm-eval's MMLU description line, for English MMLU-style subjects."""
    if item.language == "en" and item.subject:
        return (
            "The following are multiple choice questions (with answers) about "
            f"{item.subject.replace('_', ' ')}.\n\n"
        )
    return ""


def build_prompt(
    item: EvalItem,
    style: ChoiceStyle,
    shots: Sequence[EvalItem] = (),
    with_description: bool = False,
) -> MultipleChoicePrompt:
    """Context and continuations for scoring `item` by log-likelihood."""
    parts = [description(item) if with_description else ""]
    for shot in shots:
        parts.append(f"{question_block(shot, style)} {choices(shot, style)[shot.answer]}\n\n")
    parts.append(question_block(item, style))
    answers = choices(item, style)
    return MultipleChoicePrompt(
        context="".join(parts),
        continuations=tuple(f" {a}" for a in answers),
        choice_lengths=tuple(len(a) for a in answers),
    )


def pick_shots(pool: Sequence[EvalItem], item: EvalItem, shots: int) -> list[EvalItem]:
    """The first `shots` items of `pool` in the item's language, never the item itself.

    Deterministic (file order), so a run can be repeated exactly.
    """
    if shots <= 0:
        return []
    chosen = []
    for candidate in pool:
        if candidate is item or candidate == item or candidate.language != item.language:
            continue
        chosen.append(candidate)
        if len(chosen) == shots:
            break
    return chosen
