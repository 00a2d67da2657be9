"""Which letter does log-likelihood pick on the Arabic `mini` questions, and
does contextual calibration (Zhao et al., 2021) remove the bias?

    .venv/bin/python tools/arabic_mc_letters.py [--model qwen-coder-1.5b]

For English (lm-eval's layout) and the Arabic layouts `latin`, `latin-lrm`
and `arabic` of bench/arabic_mc.py, prints the accuracy, how often each
letter was chosen, the accuracy after subtracting each letter's
log-probability under a content-free question ("N/A" / "غير متوفر" with four
identical options), and that content-free prior (docs/evaluation-arabic.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

# Run as a script from tools/: the repository root holds the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.arabic_mc import layout, load_items  # noqa: E402
from bimedix.core.settings import resolve_data_dir  # noqa: E402
from bimedix.eval.items import make_item  # noqa: E402
from bimedix.eval.loglik import LlamaLoglikelihood  # noqa: E402
from bimedix.models.library import models_dir  # noqa: E402
from bimedix.models.resolve import resolve_model  # noqa: E402

LAYOUTS = {"en": ("latin",), "ar": ("latin", "latin-lrm", "arabic")}
EMPTY = {"en": "N/A", "ar": "غير متوفر"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen-coder-1.5b")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    path = resolve_model(args.model, models_dir(resolve_data_dir(None)))
    scorer = LlamaLoglikelihood(path, n_ctx=1024, n_threads=args.threads)
    items = load_items()["mini"]
    try:
        for language, layouts in LAYOUTS.items():
            chosen = [item for item in items if item.language == language]
            empty = make_item(EMPTY[language], [EMPTY[language]] * 4, "A", language)
            for name in layouts:
                shown = layout(empty, name)
                prior = [s.logprob for s in scorer.score(shown.context, shown.continuations)]
                picks: Counter[str] = Counter()
                right = calibrated = 0
                for item in chosen:
                    shown = layout(item, name)
                    scores = [s.logprob for s in scorer.score(shown.context, shown.continuations)]
                    best = max(range(len(scores)), key=scores.__getitem__)
                    fair = max(range(len(scores)), key=lambda k: scores[k] - prior[k])
                    picks["ABCD"[best]] += 1
                    right += best == item.answer
                    calibrated += fair == item.answer
                print(
                    f"{language} {name}: {right}/{len(chosen)}, "
                    f"picked {dict(sorted(picks.items()))}, "
                    f"calibrated {calibrated}/{len(chosen)}, "
                    f"content-free log P {[round(p, 2) for p in prior]}",
                    flush=True,
                )
    finally:
        scorer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
