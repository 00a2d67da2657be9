"""The axolotl YAML for the real 8x7B run has the fields that matter: QLoRA
on attention, fused experts and router, the router's balance loss, our data
in our chat format, and a multi-GPU strategy axolotl understands."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest
import yaml

from bimedix.cli.train import main
from bimedix.training.axolotl import write_axolotl_config
from bimedix.training.config import ConfigError, load_config

CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"


def test_deepspeed_config_trains_experts_and_router_in_4bit(tmp_path: Path) -> None:
    config = load_config(CONFIGS / "bimedix-8x7b.yaml")
    out = tmp_path / "axolotl" / "bimedix.yaml"
    command = write_axolotl_config(config, out, data_dir=tmp_path / "data")
    settings = yaml.safe_load(out.read_text(encoding="utf-8"))

    assert settings["base_model"] == "mistralai/Mixtral-8x7B-Instruct-v0.1"
    assert settings["adapter"] == "qlora" and settings["load_in_4bit"] is True
    assert settings["quantize_moe_experts"] is True
    assert settings["lora_target_modules"] == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert settings["lora_target_parameters"] == [
        "mlp.experts.gate_up_proj",
        "mlp.experts.down_proj",
        "mlp.gate.weight",
    ]
    assert settings["lora_dropout"] == 0.0
    assert settings["model_config"]["output_router_logits"] is True
    assert settings["model_config"]["router_aux_loss_coef"] > 0
    assert settings["lora_r"] == config.lora.r and settings["lora_alpha"] == config.lora.alpha
    assert settings["learning_rate"] == config.train.learning_rate
    assert settings["lr_scheduler"] == "cosine"
    assert settings["sequence_len"] == config.data.max_tokens
    assert settings["gradient_checkpointing"] is True

    (dataset,) = settings["datasets"]
    assert dataset["path"] == str((tmp_path / "data" / "train.jsonl").resolve())
    assert dataset["type"] == "chat_template" and dataset["field_messages"] == "messages"
    assert dataset["roles_to_train"] == ["assistant"]
    assert settings["test_datasets"][0]["path"].endswith("validation.jsonl")

    # The template axolotl renders is BiMediX's [INST] format.
    template = jinja2.Environment().from_string(settings["chat_template_jinja"])
    rendered = template.render(
        messages=[
            {"role": "system", "content": "Be careful."},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello"},
            {"role": "user", "content": "Fever?"},
        ],
        bos_token="<s>",
        eos_token="</s>",
    )
    assert rendered == "<s>[INST] Be careful.\n\nHi [/INST] Hello</s>[INST] Fever? [/INST]"

    deepspeed = json.loads(Path(settings["deepspeed"]).read_text(encoding="utf-8"))
    assert deepspeed["zero_optimization"]["stage"] == 2
    assert command == f"accelerate launch --num_processes 8 -m axolotl.cli.train {out.resolve()}"


def test_fsdp2_strategy_and_extra_settings(tmp_path: Path) -> None:
    text = (CONFIGS / "bimedix-8x7b.yaml").read_text(encoding="utf-8")
    text = text.replace("strategy: deepspeed_zero2", "strategy: fsdp2").replace(
        "num_gpus: 8", "num_gpus: 4\n  extra: {wandb_project: bimedix}"
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "out").mkdir()
    config = load_config(tmp_path / "c.yaml")
    command = write_axolotl_config(config, tmp_path / "out" / "a.yaml")
    settings = yaml.safe_load((tmp_path / "out" / "a.yaml").read_text(encoding="utf-8"))
    assert "deepspeed" not in settings
    assert settings["fsdp_version"] == 2
    assert settings["fsdp_config"]["transformer_layer_cls_to_wrap"] == "MixtralDecoderLayer"
    assert settings["wandb_project"] == "bimedix"
    assert "--num_processes 4" in command


def test_tiny_config_is_refused_and_the_cli_prints_the_launch_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ConfigError, match="real base models"):
        write_axolotl_config(load_config(CONFIGS / "tiny.yaml"), tmp_path / "x.yaml")
    out = tmp_path / "run.yaml"
    assert main(["axolotl-config", str(CONFIGS / "bimedix-8x7b.yaml"), "--out", str(out)]) == 0
    assert "accelerate launch" in capsys.readouterr().out
    assert out.exists()
    assert main(["axolotl-config", str(CONFIGS / "tiny.yaml"), "--out", str(out)]) == 2
    assert "real base models" in capsys.readouterr().err
