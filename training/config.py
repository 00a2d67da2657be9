"""A training run's configuration: one YAML file, read into dataclasses.

Relative paths in the file are relative to the file's folder, so a config
and the data it names travel together. Unknown keys are refused: a typo must
not silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError


class ConfigError(UserFacingError):
    """The training config is missing, unreadable or inconsistent."""


@dataclass
class TinyModelSpec:
    """A random Mixtral built locally (CI, smoke tests): no weights to download."""

    vocab_size: int = 320
    hidden_size: int = 256
    intermediate_size: int = 512
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    num_local_experts: int = 4
    num_experts_per_tok: int = 2
    max_position_embeddings: int = 512
    # Wider than transformers' 0.02: with frozen random embeddings and head,
    # 0.02 caps the logits near ±5, so no adapter could make the model sure
    # of anything; 0.1 lets LoRA teach it the data's patterns.
    initializer_range: float = 0.1
    seed: int = 0


@dataclass
class BaseModelConfig:
    """Where the base model comes from: a hub id / local folder, or `tiny`."""

    name_or_path: str = ""
    tiny: TinyModelSpec | None = None
    dtype: str = "bfloat16"  # dtype the base is loaded in for training


@dataclass
class SourceConfig:
    """One input of `data build`.

    `kind` is mcq, qa, chat, app_export or sft (`bimedix export --format
    sft`: reviewed replies, read like app_export); `path` a local .jsonl/.json/.csv/
    .parquet file, or `hub` a dataset id (with `split`, and `subset`) read
    through `datasets` on the user's machine. `columns` maps our field names
    (question, options, answer, explanation, messages, language) to the
    source's; `options` may also list several option columns.
    """

    kind: str
    path: str = ""
    hub: str = ""
    subset: str = ""
    split: str = "train"
    name: str = ""
    language: str = ""  # fixed language of every record; detected when empty
    columns: dict[str, Any] = field(default_factory=dict)
    limit: int = 0  # read at most this many records (0: all)


@dataclass
class DataConfig:
    sources: list[SourceConfig] = field(default_factory=list)
    eval_sets: list[SourceConfig] = field(default_factory=list)
    arabic_to_english: tuple[int, int] = (1, 2)  # the paper's 1:2 ratio
    enforce_ratio: bool = True
    max_tokens: int = 2048
    min_tokens: int = 4
    validation_fraction: float = 0.1
    seed: int = 1234
    dedup: bool = True
    # Prepend the app's own system prompt of the matching mode and language,
    # so the model is tuned on what the desktop app actually sends.
    app_system_prompts: bool = False


@dataclass
class LoraSettings:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.0  # PEFT's target_parameters needs 0
    attention: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])
    experts: bool = True  # LoRA on the fused expert weights
    router: bool = True  # LoRA on mlp.gate


@dataclass
class TrainSettings:
    epochs: float = 1.0
    max_steps: int = 0  # 0: derived from epochs
    learning_rate: float = 2e-4
    lr_scheduler: str = "cosine"
    warmup_steps: int = 0
    batch_size: int = 4
    gradient_accumulation_steps: int = 1
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    router_aux_loss_coef: float = 0.02
    gradient_checkpointing: bool = True
    save_steps: int = 0  # 0: only at the end
    logging_steps: int = 5
    load_in_4bit: str = "auto"  # auto (when CUDA is present), true, false
    seed: int = 42
    threads: int = 0  # torch CPU threads (0: torch's default)


@dataclass
class ExportSettings:
    outtype: str = "f16"
    quant: str = "Q4_K_M"
    model_name: str = "BiMediX"
    metadata: dict[str, Any] = field(default_factory=dict)
    logit_tolerance: float = 1e-3  # merged vs adapter logits (absolute)


@dataclass
class TrainingConfig:
    name: str
    path: Path  # the YAML file itself
    base_model: BaseModelConfig
    data: DataConfig
    lora: LoraSettings
    train: TrainSettings
    export: ExportSettings
    axolotl: dict[str, Any] = field(default_factory=dict)

    def resolve(self, relative: str) -> Path:
        """A path from the config, relative to the config's folder."""
        candidate = Path(relative).expanduser()
        return candidate if candidate.is_absolute() else (self.path.parent / candidate).resolve()


def _build(cls: type, values: Any, where: str) -> Any:
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(values).__name__}")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return cls(**values)


def _sources(values: Any, where: str) -> list[SourceConfig]:
    if not isinstance(values or [], list):
        raise ConfigError(f"{where}: expected a list of sources")
    sources = [_build(SourceConfig, v, f"{where}[{i}]") for i, v in enumerate(values or [])]
    for i, source in enumerate(sources):
        if source.kind not in ("mcq", "qa", "chat", "app_export", "sft"):
            raise ConfigError(
                f"{where}[{i}]: kind must be mcq, qa, chat, app_export or sft,"
                f" not {source.kind!r}"
            )
        if bool(source.path) == bool(source.hub):
            raise ConfigError(f"{where}[{i}]: give exactly one of path or hub")
    return sources


def parse_ratio(text: Any) -> tuple[int, int]:
    """'1:2' → (1, 2)."""
    try:
        arabic, english = (int(x) for x in str(text).split(":"))
    except ValueError as exc:
        raise ConfigError(f"ratio must look like 1:2, not {text!r}") from exc
    if arabic < 0 or english < 0 or arabic + english == 0:
        raise ConfigError(f"ratio must have non-negative parts, not {text!r}")
    return arabic, english


def load_config(path: str | Path) -> TrainingConfig:
    """Read and validate a training config.

    Raises:
        ConfigError: unreadable YAML, unknown keys, impossible values.
    """
    import yaml

    path = Path(path).expanduser().resolve()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"Cannot read config {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path.name}: the top level must be a mapping")
    top_keys = {"name", "base_model", "data", "lora", "train", "export", "axolotl"}
    unknown = sorted(set(raw) - top_keys)
    if unknown:
        raise ConfigError(f"{path.name}: unknown top-level key(s) {', '.join(unknown)}")

    base_raw = dict(raw.get("base_model") or {})
    tiny_raw = base_raw.pop("tiny", None)
    base = _build(BaseModelConfig, base_raw, "base_model")
    base.tiny = _build(TinyModelSpec, tiny_raw, "base_model.tiny") if tiny_raw is not None else None
    if bool(base.name_or_path) == bool(base.tiny):
        raise ConfigError(f"{path.name}: base_model needs exactly one of name_or_path or tiny")

    data_raw = dict(raw.get("data") or {})
    sources = _sources(data_raw.pop("sources", []), "data.sources")
    eval_sets = _sources(data_raw.pop("eval_sets", []), "data.eval_sets")
    ratio = data_raw.pop("arabic_to_english", "1:2")
    data = _build(DataConfig, data_raw, "data")
    data.sources, data.eval_sets, data.arabic_to_english = sources, eval_sets, parse_ratio(ratio)
    if not 0 <= data.validation_fraction < 1:
        raise ConfigError("data.validation_fraction must be in [0, 1)")

    lora = _build(LoraSettings, raw.get("lora"), "lora")
    if (lora.experts or lora.router) and lora.dropout:
        raise ConfigError(
            "lora.dropout must be 0 when experts or router are adapted "
            "(PEFT's target_parameters does not support dropout)"
        )
    train = _build(TrainSettings, raw.get("train"), "train")
    train.load_in_4bit = str(train.load_in_4bit).lower()
    if train.load_in_4bit not in ("auto", "true", "false"):
        raise ConfigError("train.load_in_4bit must be auto, true or false")
    export = _build(ExportSettings, raw.get("export"), "export")
    axolotl = raw.get("axolotl") or {}
    if not isinstance(axolotl, dict):
        raise ConfigError("axolotl: expected a mapping")
    return TrainingConfig(
        name=str(raw.get("name") or path.stem),
        path=path,
        base_model=base,
        data=data,
        lora=lora,
        train=train,
        export=export,
        axolotl=axolotl,
    )
