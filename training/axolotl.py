"""`axolotl-config`: the real 8x7B run, on GPUs, through axolotl.

One CPU (or one GPU) cannot train Mixtral-8x7B; axolotl can, across GPUs,
with DeepSpeed ZeRO-2 or FSDP2 and with the experts themselves in 4-bit
(`quantize_moe_experts`; plain bitsandbytes under transformers 5 leaves
them bf16). This module turns a `bimedix-train` config into an axolotl YAML
that trains the same adapter — LoRA on attention plus `target_parameters`
on the fused experts and the router, router balance loss on — on the JSONL
that `data build` wrote, in the same chat format, and prints the launch
command. Everything under the config's `axolotl:` mapping is passed through
(`extra:` verbatim), so any axolotl option can be set without code changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bimedix.training.chat_format import MIXTRAL_CHAT_TEMPLATE
from bimedix.training.config import ConfigError, TrainingConfig

STRATEGIES = ("deepspeed_zero2", "fsdp2")
DECODER_LAYER = "MixtralDecoderLayer"


def deepspeed_zero2() -> dict[str, Any]:
    """ZeRO stage 2: optimiser state and gradients sharded, weights
    replicated (each GPU holds the 4-bit base, ~25 GB for 8x7B)."""
    return {
        "zero_optimization": {
            "stage": 2,
            "overlap_comm": True,
            "contiguous_gradients": True,
            "reduce_bucket_size": "auto",
            "allgather_bucket_size": 5e8,
        },
        "bf16": {"enabled": "auto"},
        "gradient_accumulation_steps": "auto",
        "gradient_clipping": "auto",
        "train_batch_size": "auto",
        "train_micro_batch_size_per_gpu": "auto",
        "wall_clock_breakdown": False,
    }


def axolotl_config(config: TrainingConfig, data_dir: Path, output_dir: Path) -> dict[str, Any]:
    """The axolotl settings for `config` (a plain dict, ready for YAML)."""
    settings = dict(config.axolotl)
    strategy = settings.pop("strategy", "deepspeed_zero2")
    if strategy not in STRATEGIES:
        raise ConfigError(f"axolotl.strategy must be one of {', '.join(STRATEGIES)}")
    settings.pop("num_gpus", None)
    extra = settings.pop("extra", {}) or {}
    if config.base_model.tiny is not None:
        raise ConfigError("axolotl-config is for real base models (base_model.name_or_path)")
    train, lora = config.train, config.lora
    target_parameters = []
    if lora.experts:
        target_parameters += ["mlp.experts.gate_up_proj", "mlp.experts.down_proj"]
    if lora.router:
        target_parameters.append("mlp.gate.weight")
    four_bit = train.load_in_4bit != "false"
    result: dict[str, Any] = {
        "base_model": config.base_model.name_or_path,
        "model_type": "AutoModelForCausalLM",
        "tokenizer_type": "AutoTokenizer",
        # QLoRA: NF4 base; the experts too (axolotl quantises the fused
        # expert tensors itself -- transformers 5 + bitsandbytes would not).
        "load_in_4bit": four_bit,
        "adapter": "qlora" if four_bit else "lora",
        "quantize_moe_experts": four_bit and lora.experts,
        "lora_r": lora.r,
        "lora_alpha": lora.alpha,
        "lora_dropout": lora.dropout,
        "lora_target_modules": list(lora.attention),
        "lora_target_parameters": target_parameters,
        # The router's load-balancing loss keeps the adapted router using
        # all experts.
        "model_config": {
            "output_router_logits": True,
            "router_aux_loss_coef": train.router_aux_loss_coef,
        },
        "chat_template": "jinja",
        "chat_template_jinja": MIXTRAL_CHAT_TEMPLATE,
        "datasets": [
            {
                "path": str(data_dir / "train.jsonl"),
                "ds_type": "json",
                "type": "chat_template",
                "field_messages": "messages",
                "message_property_mappings": {"role": "role", "content": "content"},
                "roles_to_train": ["assistant"],
                "train_on_eos": "turn",
            }
        ],
        "test_datasets": [
            {
                "path": str(data_dir / "validation.jsonl"),
                "ds_type": "json",
                "split": "train",
                "type": "chat_template",
                "field_messages": "messages",
                "message_property_mappings": {"role": "role", "content": "content"},
                "roles_to_train": ["assistant"],
            }
        ],
        "dataset_prepared_path": str(output_dir / "prepared"),
        "output_dir": str(output_dir),
        "sequence_len": config.data.max_tokens,
        "sample_packing": True,
        "pad_to_sequence_len": True,
        "micro_batch_size": train.batch_size,
        "gradient_accumulation_steps": train.gradient_accumulation_steps,
        "num_epochs": train.epochs,
        "max_steps": train.max_steps or None,
        "learning_rate": train.learning_rate,
        "lr_scheduler": train.lr_scheduler,
        "warmup_steps": train.warmup_steps,
        "weight_decay": train.weight_decay,
        "max_grad_norm": train.max_grad_norm,
        "optimizer": "adamw_torch_fused" if strategy == "fsdp2" else "adamw_bnb_8bit",
        "bf16": "auto",
        "tf32": True,
        "flash_attention": True,
        "gradient_checkpointing": train.gradient_checkpointing,
        "gradient_checkpointing_kwargs": {"use_reentrant": False},
        "logging_steps": train.logging_steps,
        "evals_per_epoch": 4,
        "saves_per_epoch": 4,
        "seed": train.seed,
    }
    if strategy == "deepspeed_zero2":
        result["deepspeed"] = "deepspeed_zero2.json"
    else:
        result["fsdp_version"] = 2
        result["fsdp_config"] = {
            "offload_params": False,
            "cpu_ram_efficient_loading": True,
            "auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
            "transformer_layer_cls_to_wrap": DECODER_LAYER,
            "state_dict_type": "FULL_STATE_DICT",
            "reshard_after_forward": True,
        }
    result.update(settings)
    result.update(extra)
    return {k: v for k, v in result.items() if v is not None}


def launch_command(config: TrainingConfig, yaml_path: Path) -> str:
    gpus = int(config.axolotl.get("num_gpus", 8))
    return f"accelerate launch --num_processes {gpus} -m axolotl.cli.train {yaml_path}"


def write_axolotl_config(
    config: TrainingConfig, out: Path, data_dir: Path | None = None, output_dir: Path | None = None
) -> str:
    """Write the axolotl YAML (and the DeepSpeed JSON it names) beside `out`;
    return the accelerate launch command."""
    import yaml

    out = out.resolve()
    run_dir = (Path("runs") / config.name).resolve()
    data_dir = (data_dir or run_dir / "data").resolve()
    settings = axolotl_config(config, data_dir, (output_dir or run_dir / "axolotl").resolve())
    out.parent.mkdir(parents=True, exist_ok=True)
    if settings.get("deepspeed") == "deepspeed_zero2.json":
        deepspeed = out.parent / "deepspeed_zero2.json"
        deepspeed.write_text(json.dumps(deepspeed_zero2(), indent=2), encoding="utf-8")
        settings["deepspeed"] = str(deepspeed)
    header = (
        f"# axolotl config written by `bimedix-train axolotl-config {config.path.name}`.\n"
        "# QLoRA of Mixtral's attention, experts and router on the BiMediX\n"
        "# instruction set built by `bimedix-train data build`. Then merge and\n"
        "# convert with `bimedix-train merge/convert` (point --out at the run).\n"
    )
    body = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=100)
    out.write_text(header + body, encoding="utf-8")
    return launch_command(config, out)
