"""The `--backend openai` options shared by `bimedix chat` and `bimedix eval`:
how a command names an OpenAI-compatible server (opened by `open_backend`)."""

from __future__ import annotations

import argparse

from bimedix.errors import UserFacingError
from bimedix.models.opening import RemoteServer


def add_remote_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend", choices=("llama", "openai"), default="llama", help="default: llama (local)"
    )
    parser.add_argument("--base-url", metavar="URL", help="server address (--backend openai)")
    parser.add_argument("--api-model", metavar="NAME", help="model name on the server")
    parser.add_argument("--api-key", metavar="KEY", help="bearer key for the server")


def remote_server(args: argparse.Namespace) -> RemoteServer:
    """The server named by `--base-url` (and `--api-model`, `--api-key`)."""
    if not args.base_url:
        raise UserFacingError(template="--backend openai needs --base-url URL.")
    return RemoteServer(args.base_url, args.api_model, args.api_key)
