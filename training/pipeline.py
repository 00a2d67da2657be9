"""`pipeline`: every step in order, resumable, ending in the app's library.

Each step leaves its output in the run folder and a marker in
`pipeline_state.json`; running the pipeline again skips finished steps (and
`train` resumes from its last checkpoint), so an interrupted run continues
where it stopped. The final quantised GGUF is registered with the desktop
app's model library.

Run folder layout:
    base/ (tiny configs only)  data/{train,validation}.jsonl, stats.json
    adapter/  checkpoints/  merged/  <name>-F16.gguf  <name>-Q4_K_M.gguf
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bimedix.training.config import TrainingConfig

if TYPE_CHECKING:
    from bimedix.models.library import LibraryEntry

STATE_FILE = "pipeline_state.json"
STEPS = ("base", "data", "train", "merge", "convert", "quantize", "register")


@dataclass
class PipelineResult:
    out_dir: Path
    f16_gguf: Path
    quantized_gguf: Path
    sizes: dict[str, int] = field(default_factory=dict)
    registered: LibraryEntry | None = None
    skipped: list[str] = field(default_factory=list)


def file_stem(config: TrainingConfig) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", config.name).strip("-") or "model"


def gguf_metadata(config: TrainingConfig, base_path: str, stats: dict[str, Any]) -> dict[str, Any]:
    """GGUF `general.*` keys: the name (which must say BiMediX, so the app
    picks BiMediX's [INST] prompt format), provenance and licence."""
    name = config.export.model_name
    if "bimedix" not in name.lower():
        name = f"BiMediX {name}"
    base = "tiny random Mixtral" if config.base_model.tiny else config.base_model.name_or_path
    languages = stats.get("kept_by_language", {})
    metadata: dict[str, Any] = {
        "general.name": name,
        "general.description": (
            f"Fine-tuned from {base} with bimedix-train (config {config.path.name}); "
            f"{sum(languages.values())} instructions, Arabic {languages.get('ar', 0)} / "
            f"English {languages.get('en', 0)}; LoRA on attention"
            + (", experts" if config.lora.experts else "")
            + (", router" if config.lora.router else "")
            + ". Research use only, not for clinical decisions."
        ),
        "general.tags": ["medical", "bilingual", "arabic", "english", "bimedix", "mixtral"],
        "general.languages": ["en", "ar"],
    }
    if not config.base_model.tiny:
        metadata["general.base_models"] = [
            {"name": base.split("/")[-1], "repo_url": f"https://huggingface.co/{base}"}
        ]
    metadata.update(config.export.metadata)
    return metadata


class Pipeline:
    """Runs the steps of a config in one run folder."""

    def __init__(
        self,
        config: TrainingConfig,
        out_dir: Path,
        *,
        data_dir_for_app: Path | None = None,
        progress: bool = True,
        log: Callable[[str], None] = print,
    ) -> None:
        self.config = config
        self.out = Path(out_dir)
        self.app_data_dir = data_dir_for_app
        self.progress = progress
        self.log = log
        self.out.mkdir(parents=True, exist_ok=True)
        self._state_path = self.out / STATE_FILE
        self.state: dict[str, Any] = (
            json.loads(self._state_path.read_text(encoding="utf-8"))
            if self._state_path.exists()
            else {}
        )
        if self.state.get("config") not in (None, str(config.path)):
            self.log(f"[pipeline] note: {self.out} was started with {self.state['config']}")
        self.state["config"] = str(config.path)

    def _done(self, step: str, **info: Any) -> None:
        self.state.setdefault("done", {})[step] = info
        self._state_path.write_text(json.dumps(self.state, indent=1, default=str), "utf-8")

    def finished(self, step: str) -> bool:
        return step in self.state.get("done", {})

    @property
    def f16_path(self) -> Path:
        return self.out / f"{file_stem(self.config)}-{self.config.export.outtype.upper()}.gguf"

    @property
    def quantized_path(self) -> Path:
        return self.out / f"{file_stem(self.config)}-{self.config.export.quant.upper()}.gguf"

    def run(self, *, register: bool = True) -> PipelineResult:
        from bimedix.models.gguf_convert import convert_hf_to_gguf, quantize_gguf
        from bimedix.training.base_model import TrainingTokenizer, load_tokenizer, prepare_base
        from bimedix.training.data import build_dataset, write_dataset
        from bimedix.training.merge import MERGED_DIR, merge
        from bimedix.training.train import train

        config, out = self.config, self.out
        skipped = []
        base_path = prepare_base(config, out)
        data_dir = out / "data"
        if self.finished("data") and (data_dir / "train.jsonl").exists():
            skipped.append("data")
        else:
            tokenizer = TrainingTokenizer(load_tokenizer(base_path))
            built = build_dataset(config, tokenizer.count_tokens)
            self.log(built.stats.summary())
            write_dataset(built, data_dir)
            self._done("data", train=built.stats.train, validation=built.stats.validation)
        stats = json.loads((data_dir / "stats.json").read_text(encoding="utf-8"))

        if self.finished("train") and (out / "adapter").exists():
            skipped.append("train")
        else:
            report = train(config, base_path, data_dir, out, progress=self.progress)
            self._done(
                "train",
                steps=report.steps,
                validation_loss_before=report.validation_loss_before,
                validation_loss_after=report.validation_loss_after,
            )

        if self.finished("merge") and (out / MERGED_DIR / "config.json").exists():
            skipped.append("merge")
        else:
            merged = merge(config, base_path, data_dir, out)
            self._done(
                "merge", max_abs_logit_diff=merged.max_abs_logit_diff, layout=merged.expert_layout
            )

        if self.finished("convert") and self.f16_path.exists():
            skipped.append("convert")
        else:
            self.log(f"[convert] {MERGED_DIR}/ → {self.f16_path.name}")
            convert_hf_to_gguf(
                out / MERGED_DIR,
                self.f16_path,
                outtype=config.export.outtype,
                metadata=gguf_metadata(config, base_path, stats),
            )
            self._done("convert", bytes=self.f16_path.stat().st_size)

        if self.finished("quantize") and self.quantized_path.exists():
            skipped.append("quantize")
        else:
            result = quantize_gguf(self.f16_path, self.quantized_path, config.export.quant)
            self.log(f"[quantize] {result.describe()}")
            self._done("quantize", bytes=result.dst_bytes)

        registered = None
        if register:
            registered = register_with_app(self.quantized_path, self.app_data_dir)
            self._done("register", name=registered.name)
        if skipped:
            self.log(f"[pipeline] already done, skipped: {', '.join(skipped)}")
        return PipelineResult(
            out_dir=out,
            f16_gguf=self.f16_path,
            quantized_gguf=self.quantized_path,
            sizes={
                self.f16_path.name: self.f16_path.stat().st_size,
                self.quantized_path.name: self.quantized_path.stat().st_size,
            },
            registered=registered,
            skipped=skipped,
        )


def register_with_app(gguf: Path, data_dir: Path | None) -> LibraryEntry:
    """Add the GGUF to the desktop app's model library (in the app's data
    folder), so it appears in the Model manager and `bimedix models list`.

    The library name is the file's stem (e.g. `bimedix-tiny-Q4_K_M`): the
    config's display name may hold spaces, which library names do not.
    """
    from bimedix.core.settings import resolve_data_dir
    from bimedix.models.library import add_local_model

    return add_local_model(resolve_data_dir(data_dir), gguf, source="built")
