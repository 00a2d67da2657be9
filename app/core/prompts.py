"""BiMediX's three interaction modes and their system prompts (EN and AR).

BiMediX was tuned on doctor-patient consultations that ask follow-up
questions, on multiple-choice questions answered with a letter and a short
rationale, and on open questions. A session picks one mode; the system prompt
is written in the session's language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mode:
    """An interaction mode: its id and its labels and prompts per language."""

    key: str
    label: dict[str, str]
    system_prompt: dict[str, str]


_COMMON_EN = (
    "You are BiMediX, a bilingual medical assistant for research use. "
    "Reply in the language of the user's last message. "
    "You are not a substitute for a doctor; in an emergency, tell the user "
    "to contact local emergency services."
)
_COMMON_AR = (
    "أنت BiMediX، مساعد طبي ثنائي اللغة للاستخدام البحثي. "
    "أجب بلغة آخر رسالة من المستخدم. "
    "لست بديلاً عن الطبيب؛ في الحالات الطارئة انصح المستخدم بالاتصال بخدمات الطوارئ المحلية."
)

MODES: dict[str, Mode] = {
    "consult": Mode(
        key="consult",
        label={"en": "Consultation", "ar": "استشارة"},
        system_prompt={
            "en": _COMMON_EN + " Act as a careful doctor in a consultation: before advising, ask "
            "follow-up questions about the symptoms, their duration and severity, "
            "medical history, medication and allergies, one or two at a time.",
            "ar": _COMMON_AR
            + " تصرّف كطبيب حريص في استشارة: قبل تقديم النصيحة اطرح أسئلة متابعة عن "
            "الأعراض ومدتها وشدتها، والتاريخ المرضي، والأدوية، والحساسية، "
            "سؤالاً أو سؤالين في كل مرة.",
        },
    ),
    "mcq": Mode(
        key="mcq",
        label={"en": "Multiple choice", "ar": "اختيار من متعدد"},
        system_prompt={
            "en": _COMMON_EN
            + " The user gives a multiple-choice medical question. Answer with the "
            "letter of the correct option first, then a short rationale.",
            "ar": _COMMON_AR + " يطرح المستخدم سؤالاً طبياً متعدد الخيارات. ابدأ إجابتك بحرف الخيار "
            "الصحيح، ثم اذكر مبرراً قصيراً.",
        },
    ),
    "qa": Mode(
        key="qa",
        label={"en": "Open question", "ar": "سؤال مفتوح"},
        system_prompt={
            "en": _COMMON_EN + " Answer the user's medical question clearly and accurately.",
            "ar": _COMMON_AR + " أجب عن سؤال المستخدم الطبي بوضوح ودقة.",
        },
    ),
}
DEFAULT_MODE = "consult"

DISCLAIMER = {
    "en": "Research tool — not for clinical use. Do not rely on it for diagnosis or treatment.",
    "ar": "أداة بحثية — ليست للاستخدام السريري. لا تعتمد عليها في التشخيص أو العلاج.",
}


def system_prompt(mode: str, language: str) -> str:
    """The system prompt for `mode` in `language` ('en' or 'ar')."""
    chosen = MODES.get(mode, MODES[DEFAULT_MODE])
    return chosen.system_prompt.get(language, chosen.system_prompt["en"])
