"""`bimedix serve`: one local GGUF as an OpenAI-compatible API.

Uses llama-cpp-python's server (FastAPI + uvicorn, the `[server]` extra)
with `SafeChatHandler`, so chats are rendered with the app's injection-safe
tokenisation. Listens on loopback unless told otherwise; with `--api-key`
(or `BIMEDIX_API_KEY`) every endpoint refuses requests without the key.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from bimedix.core.errors import UserFacingError

HANDLER_NAME = "bimedix-safe"
API_KEY_ENV = "BIMEDIX_API_KEY"


def register(commands: Any) -> None:
    """Add the `serve` command to `commands`."""
    from bimedix.engine.prompt_format import PROMPT_FORMATS

    serve = commands.add_parser("serve", help="serve a model as an OpenAI-compatible API")
    serve.add_argument(
        "--model",
        default="",
        metavar="PATH|NAME",
        help="GGUF file or model name (default: qwen-coder-1.5b, else smollm2)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="listen address (default: loopback)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--api-key", default=None, help=f"require this bearer key (or set {API_KEY_ENV})"
    )
    serve.add_argument("--alias", help="model name clients use (default: the model's name)")
    serve.add_argument("--ctx", type=int, metavar="N", help="context size in tokens")
    serve.add_argument("--threads", type=int, metavar="N")
    serve.add_argument("--gpu-layers", type=int, metavar="N", default=None)
    serve.add_argument("--prompt-format", choices=PROMPT_FORMATS, default=None)
    serve.set_defaults(handler=_cmd_serve)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UserFacingError(template="Cannot listen on {host}: {reason}", host=host,
                              reason=exc.strerror or exc) from exc  # fmt: skip
    family, _type, _proto, _name, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as uvicorn does, so a closing socket is no conflict
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UserFacingError(
                template="Cannot listen on {host} port {port}: {reason}",
                host=host,
                port=port,
                reason=exc.strerror or exc,
            ) from exc


def build_app(
    model_path: Path,
    *,
    alias: str,
    api_key: str | None,
    n_ctx: int,
    n_threads: int | None,
    n_gpu_layers: int,
    prompt_format: str,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> Any:
    """The FastAPI app serving `model_path` (loads the model now)."""
    try:
        from llama_cpp.llama_chat_format import LlamaChatCompletionHandlerRegistry
        from llama_cpp.server.app import create_app
        from llama_cpp.server.settings import ModelSettings, ServerSettings
    except ImportError as exc:
        raise UserFacingError(
            template="`bimedix serve` needs the server extra: pip install "
            "'bimedix-desktop[server]' ({detail}).",
            detail=exc,
        ) from exc
    from bimedix.engine.safe_chat_handler import SafeChatHandler

    LlamaChatCompletionHandlerRegistry().register_chat_completion_handler(
        HANDLER_NAME, SafeChatHandler(prompt_format, model_path.name), overwrite=True
    )
    model_settings = ModelSettings(
        model=str(model_path),
        model_alias=alias,
        chat_format=HANDLER_NAME,
        n_ctx=n_ctx,
        n_threads=n_threads or os.cpu_count() or 1,
        n_gpu_layers=n_gpu_layers,
        # The stock default keeps logits for every prompt token
        # (n_ctx x vocabulary floats: 800 MB for SmolLM2 at 4k).
        logits_all=False,
        verbose=False,
    )
    server_settings = ServerSettings(host=host, port=port, api_key=api_key)
    return create_app(server_settings=server_settings, model_settings=[model_settings])


def _cmd_serve(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.catalog import describe_model, resolve_model
    from bimedix.core.gguf_file import inspect_gguf
    from bimedix.core.model_library import ModelLibrary, models_dir
    from bimedix.core.settings import SETTINGS_FILE, Settings

    _check_port_free(args.host, args.port)  # before spending time loading the model
    notices: list[str] = []
    path = resolve_model(args.model, models_dir(data_dir), notices)
    for notice in notices:  # the default model fell back to SmolLM2
        print(f"bimedix: {notice}", file=sys.stderr)
    info = inspect_gguf(path)  # a clear message before llama.cpp sees a bad file
    settings = Settings.load(data_dir / SETTINGS_FILE)
    library = ModelLibrary(data_dir)
    entry = library.get(args.model) if args.model else None
    per_model = library.settings_for(library.settings_key(args.model or str(path)))
    api_key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if not is_loopback(args.host) and not api_key:
        print(
            f"bimedix: warning: serving on {args.host} without --api-key: anyone who can "
            "reach this address can use the model.",
            file=sys.stderr,
        )
    alias = args.alias or (entry.name if entry else path.stem)
    app = build_app(
        path,
        alias=alias,
        api_key=api_key,
        n_ctx=args.ctx or per_model.n_ctx or settings.n_ctx,
        n_threads=args.threads or per_model.n_threads,
        n_gpu_layers=per_model.n_gpu_layers if args.gpu_layers is None else args.gpu_layers,
        prompt_format=args.prompt_format or settings.prompt_formats.get(path.name, "auto"),
        host=args.host,
        port=args.port,
    )
    import uvicorn

    print(
        f"Serving {describe_model(path)} ({info.architecture}) as “{alias}” at "
        f"http://{args.host}:{args.port}/v1"
        + (" — API key required" if api_key else " — no API key"),
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
