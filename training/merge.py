"""`merge`: fold the adapter into the base and prove nothing changed.

The adapted model's logits on held-out conversations are computed before
merging and compared with the merged model's; the merged weights are saved
only when they agree within the config's tolerance. transformers 5 writes
Mixtral's fused experts back in the classic per-expert layout
(`block_sparse_moe.experts.N.w1/w2/w3`), which is what llama.cpp's converter
reads; `merged_layout` checks that.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError
from bimedix.training.base_model import TrainingTokenizer, load_tokenizer
from bimedix.training.config import TrainingConfig
from bimedix.training.data import read_records
from bimedix.training.train import ADAPTER_DIR, collate

MERGED_DIR = "merged"
REPORT_FILE = "merge_report.json"


class MergeError(UserFacingError):
    """The adapter is missing, or merging changed the model's outputs."""


@dataclass
class MergeReport:
    max_abs_logit_diff: float
    tolerance: float
    probe_tokens: int
    expert_layout: str
    merged_dir: str


def probe_batch(data_dir: Path, tokenizer: TrainingTokenizer, limit: int = 4) -> dict[str, Any]:
    """Token ids of a few validation (else training) conversations."""
    for name in ("validation.jsonl", "train.jsonl"):
        path = data_dir / name
        if path.exists() and path.stat().st_size:
            records = read_records(path)[:limit]
            examples = [tokenizer.encode_conversation(r.messages) for r in records]
            return collate(examples, tokenizer.eos_id)
    raise MergeError(f"No data in {data_dir} to check the merge on; run `data build` first.")


def merged_layout(model_dir: Path) -> str:
    """'per-expert' (w1/w2/w3 per expert), 'fused', or 'dense' from tensor names."""
    from safetensors import safe_open

    names: list[str] = []
    for shard in sorted(model_dir.glob("*.safetensors")):
        with safe_open(str(shard), framework="pt") as handle:
            names += list(handle.keys())
    if any(".experts.0.w1." in n for n in names):
        return "per-expert"
    if any("experts.gate_up_proj" in n for n in names):
        return "fused"
    return "dense"


def _copy_tokenizer_files(base_path: str, out_dir: Path) -> None:
    """The converter reads Mistral/Mixtral vocabularies from `tokenizer.model`,
    which transformers 5 does not write back; copy it from the base."""
    local = Path(base_path)
    source = local / "tokenizer.model" if local.is_dir() else None
    if source is None:
        try:
            from huggingface_hub import hf_hub_download

            source = Path(hf_hub_download(base_path, "tokenizer.model"))
        except Exception:  # noqa: BLE001 - a model without one converts from tokenizer.json
            return
    if source.exists():
        shutil.copyfile(source, out_dir / "tokenizer.model")


def merge(config: TrainingConfig, base_path: str, data_dir: Path, work_dir: Path) -> MergeReport:
    """Merge `work_dir/adapter` into the base; save to `work_dir/merged`."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    adapter_dir = work_dir / ADAPTER_DIR
    if not (adapter_dir / "adapter_config.json").exists():
        raise MergeError(f"No adapter at {adapter_dir}; run `train` first.")
    tokenizer = TrainingTokenizer(load_tokenizer(base_path))
    batch = probe_batch(data_dir, tokenizer)
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[
        config.base_model.dtype
    ]
    base = AutoModelForCausalLM.from_pretrained(base_path, dtype=dtype)
    model = PeftModel.from_pretrained(base, adapter_dir)
    model.eval()
    inputs = {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}
    mask = batch["attention_mask"].bool()
    with torch.no_grad():
        adapted = model(**inputs).logits[mask].float()
        merged = model.merge_and_unload()
        merged.eval()
        after = merged(**inputs).logits[mask].float()
    difference = float((adapted - after).abs().max())
    tolerance = config.export.logit_tolerance
    print(
        f"[merge] max |logit difference| adapter vs merged: {difference:.2e} "
        f"over {int(mask.sum())} tokens (tolerance {tolerance:g})"
    )
    if not difference <= tolerance:
        raise MergeError(
            f"Merged logits differ from the adapter's by {difference:.3g} "
            f"(tolerance {tolerance:g}); the merged model was not saved."
        )
    out_dir = work_dir / MERGED_DIR
    if out_dir.exists():
        shutil.rmtree(out_dir)
    merged.config.output_router_logits = False
    merged.config.use_cache = True
    merged.save_pretrained(out_dir)
    tokenizer.hf.save_pretrained(out_dir)
    _copy_tokenizer_files(base_path, out_dir)
    report = MergeReport(
        difference, tolerance, int(mask.sum()), merged_layout(out_dir), str(out_dir)
    )
    (work_dir / REPORT_FILE).write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    return report
