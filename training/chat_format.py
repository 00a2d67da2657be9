"""Conversations → token ids and loss labels, in the app's own prompt format.

BiMediX (a Mixtral-Instruct fine-tune) reads `<s>[INST] {user} [/INST]
{assistant}</s>[INST] …`. The desktop app renders exactly this
(`bimedix.engine.prompt_format.MixtralInstructFormat`: system prompts folded
into the first user turn, each `[INST] … [/INST] …` turn tokenised as one
piece of plain text between BOS/EOS ids), so training uses the same
segmentation: what the model learns is what the app sends. Only assistant
tokens (and their EOS) carry loss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bimedix.engine.backend import ChatMessage
from bimedix.engine.prompt_format import fold_system_prompt

IGNORE_INDEX = -100  # label value the loss skips (torch's CrossEntropyLoss default)

# A chat template for the GGUF and the HF tokenizer, equivalent to the
# format above, so other runtimes (llama-server, transformers) agree too.
MIXTRAL_CHAT_TEMPLATE = (
    "{%- set ns = namespace(system='') -%}"
    "{%- for m in messages if m['role'] == 'system' -%}"
    "{%- set ns.system = ns.system + (ns.system and '\\n\\n' or '') + m['content'] -%}"
    "{%- endfor -%}"
    "{{ bos_token }}"
    "{%- set first = namespace(done=false) -%}"
    "{%- for m in messages if m['role'] != 'system' -%}"
    "{%- if m['role'] == 'user' -%}"
    "{%- set text = m['content'] -%}"
    "{%- if not first.done and ns.system -%}"
    "{%- set text = ns.system + '\\n\\n' + text -%}"
    "{%- endif -%}"
    "{{ '[INST] ' + text + ' [/INST]' }}"
    "{%- else -%}"
    "{{ ' ' + m['content'] + eos_token }}"
    "{%- endif -%}"
    "{%- set first.done = true -%}"
    "{%- endfor -%}"
)

Encode = Callable[[str], list[int]]  # plain text → ids, no BOS/EOS, no special parsing


@dataclass(frozen=True)
class EncodedConversation:
    input_ids: list[int]
    labels: list[int]


def encode_conversation(
    messages: Sequence[dict[str, str]], encode: Encode, bos_id: int, eos_id: int
) -> EncodedConversation:
    """Token ids and labels for one conversation ending with an assistant turn."""
    turns = fold_system_prompt([ChatMessage(m["role"], m["content"]) for m in messages])  # type: ignore[arg-type]
    ids = [bos_id]
    labels = [IGNORE_INDEX]
    position = 0
    while position < len(turns):
        user = turns[position]
        reply = turns[position + 1] if position + 1 < len(turns) else None
        if user.role != "user" or reply is None or reply.role != "assistant":
            raise ValueError("a conversation must alternate user/assistant and end with a reply")
        prompt = f"[INST] {user.content} [/INST]"
        prompt_ids = encode(prompt)
        full_ids = encode(f"{prompt} {reply.content}")
        # Whitespace splits pieces in these tokenizers, so the prompt's ids
        # are a prefix of the whole turn's; if a tokenizer ever merged
        # across " [/INST] ", the answer would still start where the prompt
        # ends (at most one token of the reply loses its loss).
        cut = len(prompt_ids)
        ids += full_ids + [eos_id]
        labels += [IGNORE_INDEX] * cut + full_ids[cut:] + [eos_id]
        position += 2
    return EncodedConversation(ids, labels)


def generation_prompt_ids(
    messages: Sequence[dict[str, str]], encode: Encode, bos_id: int, eos_id: int
) -> list[int]:
    """Ids of a prompt that ends with a user turn, ready for the reply
    (the same ids `LlamaCppBackend.encode` produces)."""
    history, last = list(messages[:-1]), messages[-1]
    if last["role"] != "user":
        raise ValueError("the last message of a prompt must be the user's")
    if any(m["role"] != "system" for m in history):
        ids = encode_conversation(history, encode, bos_id, eos_id).input_ids
        turns = fold_system_prompt([ChatMessage("user", last["content"])])
    else:
        ids = [bos_id]
        turns = fold_system_prompt(
            [ChatMessage(m["role"], m["content"]) for m in [*history, last]]  # type: ignore[arg-type]
        )
    return ids + encode(f"[INST] {turns[-1].content} [/INST]")
