"""Quality card: what an installed model is worth on this machine.

Three facts, all measured here rather than copied from a model card: the
bundled `mini` benchmark's accuracy in English and Arabic (the newest
complete `bimedix eval` run of that model file), the mean decode speed of
its recent replies, and the RAM it needs. Shown by the Model manager and
`bimedix models list`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bimedix.core.settings import DB_FILE
from bimedix.core.store import ChatStore
from bimedix.eval.results import ResultsStore

CARD_BENCHMARK = "mini"
LANGUAGES = ("en", "ar")


@dataclass(frozen=True)
class LanguageScore:
    """One language's newest complete `mini` run."""

    accuracy: float
    n_scored: int
    method: str


@dataclass(frozen=True)
class QualityCard:
    """Accuracy per language, decode speed and RAM of one model file."""

    model_file: str
    scores: dict[str, LanguageScore] = field(default_factory=dict)
    tokens_per_s: float | None = None
    replies: int = 0
    ram_bytes: int | None = None

    def summary(self) -> str:
        """One line: 'mini EN 12/12 · AR 3/12 · 23.1 tok/s · RAM 1.8 GB'."""
        parts = []
        for lang in LANGUAGES:
            score = self.scores.get(lang)
            if score is None:
                parts.append(f"{lang.upper()} not evaluated")
            else:
                correct = round(score.accuracy * score.n_scored)
                parts.append(f"{lang.upper()} {correct}/{score.n_scored}")
        text = f"{CARD_BENCHMARK} " + " · ".join(parts)
        speed = f"{self.tokens_per_s:.1f} tok/s" if self.tokens_per_s else "speed not measured"
        text += f" · {speed}"
        if self.ram_bytes:
            text += f" · RAM {self.ram_bytes / 1e9:.1f} GB"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "benchmark": CARD_BENCHMARK,
            "accuracy": {lang: s.accuracy for lang, s in self.scores.items()},
            "n_scored": {lang: s.n_scored for lang, s in self.scores.items()},
            "method": {lang: s.method for lang, s in self.scores.items()},
            "tokens_per_s": self.tokens_per_s,
            "replies_measured": self.replies,
            "ram_bytes": self.ram_bytes,
        }


def quality_card(store: ChatStore, model_file: str, ram_bytes: int | None = None) -> QualityCard:
    """The card of the model file named `model_file` (a file name, no folder)."""
    scores: dict[str, LanguageScore] = {}
    for run in ResultsStore(store).runs():  # newest first
        if (
            run.benchmark == CARD_BENCHMARK
            and run.status == "complete"
            and run.model_file == model_file
            and run.language in LANGUAGES
            and run.language not in scores
            and run.acc is not None
        ):
            scores[run.language] = LanguageScore(run.acc, run.n_scored, run.method)
    speed, replies = store.reply_speed(model_file)
    return QualityCard(model_file, scores, speed, replies, ram_bytes)


def quality_cards(data_dir: Path, files: dict[str, int | None]) -> dict[str, QualityCard]:
    """Cards for model files (name -> RAM bytes) from the data folder's
    database; empty when there is no database yet (nothing measured)."""
    db = data_dir / DB_FILE
    if not db.is_file():
        return {name: QualityCard(name, ram_bytes=ram) for name, ram in files.items()}
    store = ChatStore(db)
    try:
        return {name: quality_card(store, name, ram) for name, ram in files.items()}
    finally:
        store.close()
