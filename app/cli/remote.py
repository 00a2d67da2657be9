"""The `--backend openai` options shared by `bimedix chat` and `bimedix eval`:
how a command names an OpenAI-compatible server, and the backend it opens."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bimedix.errors import UserFacingError

if TYPE_CHECKING:
    from bimedix.engine.openai_backend import OpenAIBackend


def add_remote_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend", choices=("llama", "openai"), default="llama", help="default: llama (local)"
    )
    parser.add_argument("--base-url", metavar="URL", help="server address (--backend openai)")
    parser.add_argument("--api-model", metavar="NAME", help="model name on the server")
    parser.add_argument("--api-key", metavar="KEY", help="bearer key for the server")


def open_remote_backend(args: argparse.Namespace) -> OpenAIBackend:
    """The server named by `--base-url` (and `--api-model`, `--api-key`)."""
    from bimedix.engine.openai_backend import OpenAIBackend

    if not args.base_url:
        raise UserFacingError(template="--backend openai needs --base-url URL.")
    return OpenAIBackend(args.base_url, args.api_model, args.api_key)
