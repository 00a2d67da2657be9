"""The base model a run starts from, and its tokenizer.

Either a Hugging Face model (hub id or local folder, e.g.
Mixtral-8x7B-Instruct-v0.1) or a tiny random Mixtral built here, with a
sentencepiece BPE tokenizer trained on the run's own data: llama.cpp's
converter accepts sentencepiece vocabularies for Mixtral, but not a
byte-level BPE it has no pre-tokenizer hash for.
"""

from __future__ import annotations

import io
import json
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bimedix.training.chat_format import MIXTRAL_CHAT_TEMPLATE, encode_conversation
from bimedix.training.config import TinyModelSpec, TrainingConfig

BASE_DIR = "base"


def train_sentencepiece(texts: Iterable[str], vocab_size: int, out: Path) -> Path:
    """A BPE sentencepiece model like Mistral's (dummy prefix, no
    normalisation, digits split), trained deterministically on `texts`."""
    import sentencepiece as spm

    model = io.BytesIO()
    # Printable ASCII always gets a piece, so English text the corpus never
    # showed (brackets of "[INST]", rare symbols) does not become <unk>.
    lines = [string.printable.strip(), *(t for t in texts if t.strip())]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="bpe",
        vocab_size=vocab_size,
        character_coverage=1.0,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        add_dummy_prefix=True,
        remove_extra_whitespaces=False,
        normalization_rule_name="identity",
        split_digits=True,
        byte_fallback=False,
        hard_vocab_limit=True,
        num_threads=1,
        minloglevel=2,
    )
    out.write_bytes(model.getvalue())
    return out


def build_tiny_base(spec: TinyModelSpec, texts: Iterable[str], out_dir: Path) -> Path:
    """A random Mixtral of `spec`'s shape with a tokenizer trained on `texts`,
    saved like a hub checkpoint (safetensors, config, tokenizer)."""
    import torch
    from transformers import LlamaTokenizer, MixtralConfig, MixtralForCausalLM

    out_dir.mkdir(parents=True, exist_ok=True)
    train_sentencepiece(texts, spec.vocab_size, out_dir / "tokenizer.model")
    # from_pretrained on the folder converts the sentencepiece model
    # correctly; the vocab_file= constructor of transformers 5 does not
    # (it encodes everything to nothing).
    tokenizer = LlamaTokenizer.from_pretrained(out_dir, legacy=False)
    tokenizer.chat_template = MIXTRAL_CHAT_TEMPLATE
    config = MixtralConfig(
        vocab_size=spec.vocab_size,
        hidden_size=spec.hidden_size,
        intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.num_hidden_layers,
        num_attention_heads=spec.num_attention_heads,
        num_key_value_heads=spec.num_key_value_heads,
        num_local_experts=spec.num_local_experts,
        num_experts_per_tok=spec.num_experts_per_tok,
        max_position_embeddings=spec.max_position_embeddings,
        rope_theta=1e6,
        initializer_range=spec.initializer_range,
        tie_word_embeddings=False,
        bos_token_id=1,
        eos_token_id=2,
    )
    torch.manual_seed(spec.seed)
    model = MixtralForCausalLM(config)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def base_model_path(config: TrainingConfig, work_dir: Path) -> str:
    """Where the base model is: the tiny one built under `work_dir`, or the
    configured hub id / folder."""
    if config.base_model.tiny is not None:
        return str(work_dir / BASE_DIR)
    return config.base_model.name_or_path


def prepare_base(config: TrainingConfig, work_dir: Path) -> str:
    """Make sure the base model exists (building the tiny one if needed)."""
    path = base_model_path(config, work_dir)
    if config.base_model.tiny is not None and not (Path(path) / "config.json").exists():
        from bimedix.training.data import source_texts

        build_tiny_base(config.base_model.tiny, list(source_texts(config)), Path(path))
    return path


def load_tokenizer(path: str) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path)


class TrainingTokenizer:
    """The base tokenizer seen through what training needs: plain-text
    encoding, BOS/EOS ids and the token count of a conversation."""

    def __init__(self, tokenizer: Any) -> None:
        self.hf = tokenizer
        self.bos_id = int(tokenizer.bos_token_id)
        self.eos_id = int(tokenizer.eos_token_id)

    def encode(self, text: str) -> list[int]:
        return list(self.hf.encode(text, add_special_tokens=False, split_special_tokens=True))

    def encode_conversation(self, messages: list[dict[str, str]]) -> tuple[list[int], list[int]]:
        encoded = encode_conversation(messages, self.encode, self.bos_id, self.eos_id)
        return encoded.input_ids, encoded.labels

    def count_tokens(self, messages: list[dict[str, str]]) -> int:
        return len(self.encode_conversation(messages)[0])


def write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
