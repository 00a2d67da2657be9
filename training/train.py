"""`train`: LoRA (QLoRA on CUDA) of attention, experts and router.

transformers 5 stores Mixtral's experts as fused 3-D parameters
(`mlp.experts.gate_up_proj`, `mlp.experts.down_proj`) and the router as
`mlp.gate`; PEFT adapts them through `target_parameters` beside the usual
`target_modules` for attention. The router's load-balancing loss is on
(`output_router_logits`), so the adapted router keeps spreading tokens over
experts. A plain loop, not `Trainer`: every step is visible, checkpoints hold
adapter, optimiser, schedule and RNG state, and a run resumes where it
stopped.

4-bit: bitsandbytes NF4 quantises `nn.Linear` layers only. Under
transformers 5 the experts are not `nn.Linear`, so they stay in the compute
dtype; the log and the report say which parts were 4-bit. True 4-bit experts
at 8x7B scale: the axolotl path (`bimedix-train axolotl-config`).
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError
from bimedix.training.base_model import TrainingTokenizer, load_tokenizer
from bimedix.training.chat_format import IGNORE_INDEX
from bimedix.training.config import TrainingConfig
from bimedix.training.data import read_records

ADAPTER_DIR = "adapter"
CHECKPOINTS_DIR = "checkpoints"
REPORT_FILE = "train_report.json"


class TrainingError(UserFacingError):
    """Training cannot start or continue (missing data, bad settings)."""


@dataclass
class TrainReport:
    """What a training run did, for people and for the pipeline test."""

    steps: int = 0
    epochs: float = 0.0
    examples: int = 0
    trainable_parameters: int = 0
    total_parameters: int = 0
    four_bit: bool = False
    four_bit_modules: int = 0
    full_precision_parts: list[str] = field(default_factory=list)
    adapted: list[str] = field(default_factory=list)
    validation_loss_before: float | None = None
    validation_loss_after: float | None = None
    first_train_loss: float | None = None
    last_train_loss: float | None = None
    losses: list[tuple[int, float]] = field(default_factory=list)
    seconds: float = 0.0
    resumed_from_step: int = 0

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TrainReport:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def use_four_bit(config: TrainingConfig) -> bool:
    import torch

    setting = config.train.load_in_4bit
    if setting == "true" and not torch.cuda.is_available():
        raise TrainingError("train.load_in_4bit is true but no CUDA device is available")
    return setting == "true" or (setting == "auto" and torch.cuda.is_available())


def _dtype(name: str) -> Any:
    import torch

    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def load_base_for_training(config: TrainingConfig, base_path: str, four_bit: bool) -> Any:
    import torch
    from transformers import AutoModelForCausalLM

    kwargs: dict[str, Any] = {"dtype": _dtype(config.base_model.dtype)}
    if four_bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
        kwargs["device_map"] = "auto"
    model = AutoModelForCausalLM.from_pretrained(base_path, **kwargs)
    model.config.output_router_logits = True
    model.config.router_aux_loss_coef = config.train.router_aux_loss_coef
    model.config.use_cache = False
    return model


def lora_config(config: TrainingConfig) -> Any:
    from peft import LoraConfig

    target_parameters = []
    if config.lora.experts:
        target_parameters += ["mlp.experts.gate_up_proj", "mlp.experts.down_proj"]
    if config.lora.router:
        target_parameters += ["mlp.gate.weight"]
    return LoraConfig(
        r=config.lora.r,
        lora_alpha=config.lora.alpha,
        lora_dropout=config.lora.dropout,
        target_modules=list(config.lora.attention),
        target_parameters=target_parameters or None,
        bias="none",
        task_type="CAUSAL_LM",
    )


def describe_precision(model: Any) -> tuple[int, list[str]]:
    """How many modules are 4-bit, and which weight kinds stayed full precision."""
    four_bit = sum(1 for m in model.modules() if type(m).__name__ == "Linear4bit")
    kinds = set()
    for name, parameter in model.named_parameters():
        if parameter.dtype.is_floating_point and parameter.ndim >= 2 and "lora_" not in name:
            kinds.add(".".join(p for p in name.split(".") if not p.isdigit())[-60:])
    return four_bit, sorted(k for k in kinds if "experts" in k or "gate" in k or "embed" in k)


def _batches(
    examples: list[tuple[list[int], list[int]]], batch_size: int, rng: random.Random
) -> list[list[tuple[list[int], list[int]]]]:
    order = list(range(len(examples)))
    rng.shuffle(order)
    return [
        [examples[i] for i in order[s : s + batch_size]] for s in range(0, len(order), batch_size)
    ]


def collate(batch: list[tuple[list[int], list[int]]], pad_id: int) -> dict[str, Any]:
    import torch

    width = max(len(ids) for ids, _ in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, (ids, lab) in enumerate(batch):
        input_ids[row, : len(ids)] = torch.tensor(ids)
        labels[row, : len(lab)] = torch.tensor(lab)
        mask[row, : len(ids)] = 1
    return {"input_ids": input_ids, "labels": labels, "attention_mask": mask}


def language_model_loss(model: Any, batch: dict[str, Any]) -> tuple[Any, float]:
    """(loss to optimise incl. the router's balance term, LM loss alone)."""
    device = next(p.device for p in model.parameters())
    outputs = model(**{k: v.to(device) for k, v in batch.items()})
    lm = outputs.loss
    aux = getattr(outputs, "aux_loss", None)
    if aux is not None:
        lm = outputs.loss - model.config.router_aux_loss_coef * aux
    return outputs.loss, float(lm.detach())


def evaluate(model: Any, examples: list[tuple[list[int], list[int]]], pad_id: int) -> float | None:
    import torch

    if not examples:
        return None
    was_training = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, len(examples), 8):
            batch = collate(examples[start : start + 8], pad_id)
            total += language_model_loss(model, batch)[1] * len(batch["input_ids"])
    model.train(was_training)
    return total / len(examples)


def _latest_checkpoint(directory: Path) -> Path | None:
    found = sorted(directory.glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    found = [p for p in found if (p / "state.pt").exists()]
    return found[-1] if found else None


def train(
    config: TrainingConfig,
    base_path: str,
    data_dir: Path,
    work_dir: Path,
    *,
    resume: bool = True,
    progress: bool = True,
) -> TrainReport:
    """Train the adapter on `data_dir/train.jsonl`; save it in `work_dir/adapter`."""
    import torch
    from peft import get_peft_model, set_peft_model_state_dict
    from peft.utils import get_peft_model_state_dict
    from tqdm import tqdm
    from transformers import get_scheduler

    settings = config.train
    if settings.threads:
        torch.set_num_threads(settings.threads)
    train_file = data_dir / "train.jsonl"
    if not train_file.exists():
        raise TrainingError(f"No training data at {train_file}; run `data build` first.")
    tokenizer = TrainingTokenizer(load_tokenizer(base_path))
    encode = tokenizer.encode_conversation
    examples = [encode(r.messages) for r in read_records(train_file)]
    validation_file = data_dir / "validation.jsonl"
    validation = (
        [encode(r.messages) for r in read_records(validation_file)]
        if validation_file.exists()
        else []
    )
    pad_id = tokenizer.eos_id

    torch.manual_seed(settings.seed)
    four_bit = use_four_bit(config)
    model = load_base_for_training(config, base_path, four_bit)
    if four_bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=settings.gradient_checkpointing
        )
    model = get_peft_model(model, lora_config(config))
    if settings.gradient_checkpointing:
        # transformers 5 renamed it (the old name warns).
        kwargs = {"use_reentrant": False}
        if hasattr(model, "activation_checkpointing_enable"):
            model.activation_checkpointing_enable(activation_checkpointing_kwargs=kwargs)
        else:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
        model.enable_input_require_grads()
    trainable, total = model.get_nb_trainable_parameters()
    four_bit_modules, full_parts = describe_precision(model)
    report = TrainReport(
        examples=len(examples),
        trainable_parameters=int(trainable),
        total_parameters=int(total),
        four_bit=four_bit,
        four_bit_modules=four_bit_modules,
        full_precision_parts=full_parts if four_bit else [],
        adapted=[*config.lora.attention]
        + (["experts (gate_up_proj, down_proj)"] if config.lora.experts else [])
        + (["router (mlp.gate)"] if config.lora.router else []),
    )
    precision = (
        f"4-bit NF4: {four_bit_modules} linear layers; full precision: {', '.join(full_parts)}"
        if four_bit
        else f"no 4-bit quantisation (weights in {config.base_model.dtype})"
    )
    print(
        f"[train] LoRA on {', '.join(report.adapted)}; "
        f"{trainable:,} of {total:,} parameters trainable; {precision}"
    )

    steps_per_epoch = math.ceil(len(examples) / settings.batch_size)
    updates_per_epoch = math.ceil(steps_per_epoch / settings.gradient_accumulation_steps)
    total_updates = settings.max_steps or math.ceil(updates_per_epoch * settings.epochs)
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad],
        lr=settings.learning_rate,
        weight_decay=settings.weight_decay,
    )
    scheduler = get_scheduler(
        settings.lr_scheduler,
        optimizer,
        num_warmup_steps=settings.warmup_steps,
        num_training_steps=total_updates,
    )

    checkpoints = work_dir / CHECKPOINTS_DIR
    step = 0
    rng = random.Random(settings.seed)
    latest = _latest_checkpoint(checkpoints) if resume else None
    if latest is not None:
        state = torch.load(latest / "state.pt", weights_only=False)
        set_peft_model_state_dict(model, state["adapter"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        step = report.resumed_from_step = int(state["step"])
        report.validation_loss_before = state.get("validation_loss_before")
        report.losses = [tuple(x) for x in state.get("losses", [])]  # type: ignore[misc]
        print(f"[train] resuming from {latest.name}")
    else:
        report.validation_loss_before = evaluate(model, validation, pad_id)

    def save_checkpoint() -> None:
        target = checkpoints / f"step-{step}"
        target.mkdir(parents=True, exist_ok=True)
        state = {
            "adapter": get_peft_model_state_dict(model),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "rng": rng.getstate(),
            "torch_rng": torch.get_rng_state(),
            "step": step,
            "validation_loss_before": report.validation_loss_before,
            "losses": report.losses,
        }
        torch.save(state, target / "state.pt.part")
        (target / "state.pt.part").replace(target / "state.pt")
        for old in checkpoints.glob("step-*"):  # keep the newest two
            if old.name != target.name and int(old.name.split("-")[1]) < step - settings.save_steps:
                for f in old.iterdir():
                    f.unlink()
                old.rmdir()

    started = time.perf_counter()
    model.train()
    bar = tqdm(total=total_updates, initial=step, disable=not progress, desc="train", unit="step")
    micro = 0
    window: list[float] = []
    while step < total_updates:
        # An epoch's order depends only on the seed and the epoch, so a
        # resumed run sees the same batches as an uninterrupted one.
        epoch_rng = random.Random(f"{settings.seed}-{step // max(1, updates_per_epoch)}")
        batches = _batches(examples, settings.batch_size, epoch_rng)
        skip = (step % max(1, updates_per_epoch)) * settings.gradient_accumulation_steps
        for batch_examples in batches[skip:]:
            loss, lm_loss = language_model_loss(model, collate(batch_examples, pad_id))
            (loss / settings.gradient_accumulation_steps).backward()
            window.append(lm_loss)
            micro += 1
            if micro % settings.gradient_accumulation_steps:
                continue
            torch.nn.utils.clip_grad_norm_(
                [p for p in model.parameters() if p.requires_grad], settings.max_grad_norm
            )
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            mean = sum(window) / len(window)
            window.clear()
            report.losses.append((step, round(mean, 5)))
            bar.update(1)
            bar.set_postfix(loss=f"{mean:.4f}", lr=f"{scheduler.get_last_lr()[0]:.2e}")
            if settings.save_steps and step % settings.save_steps == 0 and step < total_updates:
                save_checkpoint()
            if step >= total_updates:
                break
    bar.close()

    model.eval()
    report.steps = step
    report.epochs = step / max(1, updates_per_epoch)
    report.validation_loss_after = evaluate(model, validation, pad_id)
    if report.losses:
        report.first_train_loss = report.losses[0][1]
        report.last_train_loss = report.losses[-1][1]
    report.seconds = round(time.perf_counter() - started, 2)
    adapter_dir = work_dir / ADAPTER_DIR
    model.save_pretrained(adapter_dir)
    report.save(work_dir / REPORT_FILE)
    print(
        f"[train] {step} steps in {report.seconds:.1f} s; train loss "
        f"{report.first_train_loss} → {report.last_train_loss}; validation loss "
        f"{_fmt(report.validation_loss_before)} → {_fmt(report.validation_loss_after)}"
    )
    return report


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"
