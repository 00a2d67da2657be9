"""Prompt layout (lm-evaluation-harness style), few-shot choice, and metrics."""

from __future__ import annotations

import math

import pytest

from bimedix.eval.items import make_item
from bimedix.eval.metrics import accuracy, argmax, pick
from bimedix.eval.prompts import build_prompt, pick_shots

HEART = make_item("How many chambers?", ["Two", "Four"], "B", "en", "anatomy")
HEART_AR = make_item("كم عدد الحجرات؟", ["اثنتان", "أربع"], "B", "ar", "anatomy")


def test_letters_prompt_lists_options_and_scores_letters() -> None:
    prompt = build_prompt(HEART, "letters")

    assert prompt.context == "How many chambers?\nA. Two\nB. Four\nAnswer:"
    assert prompt.continuations == (" A", " B")
    assert prompt.choice_lengths == (1, 1)


def test_mmlu_description_line_only_when_asked() -> None:
    prompt = build_prompt(HEART, "letters", with_description=True)

    assert prompt.context.startswith(
        "The following are multiple choice questions (with answers) about anatomy.\n\n"
    )


def test_options_prompt_is_pubmedqa_shaped_and_scores_option_texts() -> None:
    item = make_item("Does it work?", ["yes", "no", "maybe"], 0, "en", "pubmedqa",
                     context="We tried it.")  # fmt: skip
    prompt = build_prompt(item, "options")

    assert prompt.context == "Abstract: We tried it.\nQuestion: Does it work?\nAnswer:"
    assert prompt.continuations == (" yes", " no", " maybe")
    assert prompt.choice_lengths == (3, 2, 5)


def test_arabic_items_get_arabic_labels() -> None:
    prompt = build_prompt(HEART_AR, "letters")

    assert prompt.context.endswith("A. اثنتان\nB. أربع\nالإجابة:")


def test_shots_come_first_with_their_answers_and_never_include_the_item() -> None:
    other = make_item("Longest bone?", ["Femur", "Ulna"], "A", "en", "anatomy")
    pool = [HEART, HEART_AR, other]

    shots = pick_shots(pool, HEART, 2)
    prompt = build_prompt(HEART, "letters", shots)

    assert shots == [other]  # the item itself and other languages are skipped
    assert prompt.context.startswith("Longest bone?\nA. Femur\nB. Ulna\nAnswer: A\n\n")
    assert pick_shots(pool, HEART, 0) == []


def test_accuracy_and_lm_eval_standard_error() -> None:
    result = accuracy([True, False, True, True])

    assert result.value == 0.75
    # lm-eval: sample standard deviation (n - 1) / sqrt(n) = sqrt(p(1-p)/(n-1))
    assert result.stderr == pytest.approx(math.sqrt(0.75 * 0.25 / 3))
    assert result.n == 4
    assert math.isnan(accuracy([]).value)
    assert math.isnan(accuracy([True]).stderr)


def test_acc_norm_divides_by_answer_length() -> None:
    # The long option is more likely per character, less likely in total.
    lls = [-4.0, -9.0]
    lengths = [2, 12]

    assert pick(lls, lengths) == (0, 1)
    assert argmax([1.0, 3.0, 3.0]) == 1  # first of equal maxima, like numpy
