"""Cross-check `bimedix eval`'s scorer against lm-evaluation-harness (not run in CI).

Builds the training pipeline's tiny random Mixtral as a Hugging Face
checkpoint and its F16 GGUF (the same weights), runs lm-evaluation-harness's
`hf` model type on the checkpoint with the task in tools/lmeval/bimedix_mini.yaml
(the mini benchmark in our prompt format), scores the same items with our
llama.cpp scorer on the GGUF, and prints acc / acc_norm of both and the
per-option log-likelihood differences.

lm-eval lives in a scratch virtual environment, never in the project's:

    python3 -m venv /tmp/lmeval-venv
    /tmp/lmeval-venv/bin/pip install lm-eval==0.4.13 torch==2.13.0 "transformers>=5,<6" \\
        sentencepiece protobuf
    .venv/bin/python tools/lmeval_crosscheck.py [--work /tmp/bimedix-lmeval] \\
        [--lm-eval /tmp/lmeval-venv/bin/lm-eval]

The lm-eval command it runs is printed before it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.items import load_jsonl
from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.eval.metrics import accuracy, pick
from bimedix.eval.prompts import build_prompt

ROOT = Path(__file__).resolve().parents[1]
TASK_YAML = ROOT / "tools" / "lmeval" / "bimedix_mini.yaml"
TINY = ROOT / "training" / "configs" / "tiny.yaml"


def build_tiny(work: Path) -> tuple[Path, Path]:
    """The tiny Mixtral's checkpoint and F16 GGUF under `work` (kept between runs)."""
    from bimedix.models.gguf_convert import convert_hf_to_gguf
    from bimedix.training.base_model import build_tiny_base
    from bimedix.training.config import load_config
    from bimedix.training.data import source_texts

    hf_dir, gguf = work / "hf", work / "tiny-F16.gguf"
    if not (hf_dir / "config.json").exists():
        config = load_config(TINY)
        build_tiny_base(config.base_model.tiny, list(source_texts(config)), hf_dir)
    if not gguf.exists():
        convert_hf_to_gguf(hf_dir, gguf, outtype="f16")
    return hf_dir, gguf


def run_lm_eval(lm_eval: str, hf_dir: Path, work: Path) -> Path:
    """Run lm-eval on the checkpoint; return its per-sample log (JSONL)."""
    tasks = work / "tasks"
    tasks.mkdir(parents=True, exist_ok=True)
    shutil.copy(TASK_YAML, tasks / TASK_YAML.name)
    # The task's data: the mini file without its comment lines, one object a line.
    rows = [line for line in mini_benchmark_path().read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]  # fmt: skip
    (tasks / "bimedix_mini.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = work / "lm-eval-out"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        lm_eval, "run",
        "--model", "hf",
        # Our scorer puts BOS first (the GGUF asks for it); lm-eval's hf model
        # only does if told. float32: the reference precision.
        "--model_args", f"pretrained={hf_dir},add_bos_token=True,dtype=float32",
        "--tasks", "bimedix_mini",
        "--include_path", str(tasks),
        "--device", "cpu",
        "--batch_size", "1",
        "--output_path", str(out),
        "--log_samples",
    ]  # fmt: skip
    print("$ cd", tasks, "&&", " ".join(command), flush=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    subprocess.run(command, cwd=tasks, env=env, check=True)
    samples = sorted(out.rglob("samples_bimedix_mini_*.jsonl"))
    if not samples:
        sys.exit(f"lm-eval wrote no samples file under {out}")
    return samples[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bimedix-lmeval"))
    parser.add_argument("--lm-eval", default="/tmp/lmeval-venv/bin/lm-eval")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    hf_dir, gguf = build_tiny(args.work)
    samples_path = run_lm_eval(args.lm_eval, hf_dir, args.work)
    samples = [json.loads(line) for line in samples_path.read_text(encoding="utf-8").splitlines()]
    samples.sort(key=lambda s: s["doc_id"])

    items = load_jsonl(mini_benchmark_path())
    if len(samples) != len(items):
        sys.exit(f"lm-eval scored {len(samples)} items, the mini file has {len(items)}")
    scorer = LlamaLoglikelihood(gguf, n_ctx=1024)
    ours_acc, ours_norm, theirs_acc, theirs_norm, same_choice = [], [], [], [], 0
    worst, worst_per_token = 0.0, 0.0
    print(f"{'item':6} {'gold':4} {'ours':>5} {'lm-eval':>7}  max |Δ loglik| per option")
    for item, sample in zip(items, samples, strict=True):
        if sample["doc"]["id"] != item.item_id:
            sys.exit(f"item order differs: {sample['doc']['id']} vs {item.item_id}")
        prompt = build_prompt(item, "letters")
        scores = scorer.score(prompt.context, prompt.continuations)
        ours = [s.logprob for s in scores]
        theirs = [float(r[0][0]) for r in sample["resps"]]
        diff = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
        worst = max(worst, diff)
        worst_per_token = max(worst_per_token, diff / max(s.n_tokens for s in scores))
        mine, mine_norm = pick(ours, prompt.choice_lengths)
        other, other_norm = pick(theirs, prompt.choice_lengths)
        same_choice += mine == other
        ours_acc.append(mine == item.answer)
        ours_norm.append(mine_norm == item.answer)
        theirs_acc.append(other == item.answer)
        theirs_norm.append(other_norm == item.answer)
        print(f"{item.item_id:6} {item.answer_letter:4} {'ABCD'[mine]:>5} {'ABCD'[other]:>7}  "
              f"{diff:.4f}")  # fmt: skip
    scorer.close()

    results = json.loads(next(samples_path.parent.glob("results_*.json")).read_text())
    reported = results["results"]["bimedix_mini"]
    print()
    metrics = (
        ("acc", (ours_acc, theirs_acc), "acc,none"),
        ("acc_norm", (ours_norm, theirs_norm), "acc_norm,none"),
    )
    for name, values, lm_key in metrics:
        a, b = accuracy(values[0]), accuracy(values[1])
        print(f"{name:8}  ours {a.value:.4f} ± {a.stderr:.4f}   "
              f"lm-eval {reported[lm_key]:.4f} ± {reported[lm_key.replace(',', '_stderr,')]:.4f} "
              f"(recomputed from its samples: {b.value:.4f})")  # fmt: skip
    print(f"same chosen option on {same_choice}/{len(items)} items; "
          f"largest per-option |Δ loglik| {worst:.4f} nats ({worst_per_token:.4f} per token)")


if __name__ == "__main__":
    main()
