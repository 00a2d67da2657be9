"""`bimedix serve`: one local GGUF as an OpenAI-compatible API.

Uses llama-cpp-python's server (FastAPI + uvicorn, the `[server]` extra)
with `SafeChatHandler`, so chats are rendered with the app's injection-safe
tokenisation. Listens on loopback unless told otherwise; with `--api-key`
(or `BIMEDIX_API_KEY`) every endpoint refuses requests without the key.
Responses name the model by its alias only, never by its file path
(`serve_privacy`).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bimedix.core.triage import TriageConfig, normalise_country
from bimedix.errors import UserFacingError

HANDLER_NAME = "bimedix-safe"
API_KEY_ENV = "BIMEDIX_API_KEY"
log = logging.getLogger("bimedix.serve")


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
    serve.add_argument(
        "--red-flags",
        action="store_true",
        help="check each request's last user message for red flags and prepend the "
        "emergency notice to the reply (off by default)",
    )
    serve.add_argument(
        "--country",
        default=None,
        metavar="CC",
        help="country for the notice's emergency number (default: the settings' country)",
    )
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
    triage: TriageConfig | None = None,
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
    from bimedix.cli.serve_privacy import AliasOnlyMiddleware
    from bimedix.engine.safe_chat_handler import SafeChatHandler

    LlamaChatCompletionHandlerRegistry().register_chat_completion_handler(
        HANDLER_NAME,
        SafeChatHandler(prompt_format, model_path.name, red_flag_notice(triage)),
        overwrite=True,
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
    app = create_app(server_settings=server_settings, model_settings=[model_settings])
    log.info("serving %s as %r on %s:%d (API key %s)", model_path.name, alias, host, port,
             "required" if api_key else "not required")  # fmt: skip
    app.add_middleware(AliasOnlyMiddleware, model_path=model_path, alias=alias)
    app.middleware("http")(_log_request)
    return app


async def _log_request(request: Any, call_next: Any) -> Any:
    """One log line per request: method, path, status, time (never the body)."""
    started = time.perf_counter()
    response = await call_next(request)
    log.info("%s %s -> %d in %.0f ms", request.method, request.url.path,
             response.status_code, (time.perf_counter() - started) * 1000)  # fmt: skip
    return response


def _cmd_serve(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.settings import SETTINGS_FILE, Settings
    from bimedix.models.library import ModelLibrary
    from bimedix.models.opening import resolve_local_model

    _check_port_free(args.host, args.port)  # before spending time loading the model
    model = resolve_local_model(args.model, data_dir)  # checked before llama.cpp sees it
    path, info = model.path, model.header
    if model.notice:  # the default model fell back to SmolLM2
        print(f"bimedix: {model.notice}", file=sys.stderr)
    settings = Settings.load(data_dir / SETTINGS_FILE)  # warnings: logged, on stderr
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
    triage = None
    if args.red_flags:
        country = normalise_country(args.country or settings.country)
        if country is None:
            raise UserFacingError(template="Unknown country {code}.", code=args.country)
        triage = TriageConfig(country=country)
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
        triage=triage,
    )
    import uvicorn

    print(
        f"Serving {model.display_name} ({info.architecture}) as “{alias}” at "
        f"http://{args.host}:{args.port}/v1"
        + (" — API key required" if api_key else " — no API key"),
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def red_flag_notice(triage: TriageConfig | None) -> Callable[[str], str] | None:
    """The handler's notice function: the red-flag check's notice for a
    message, or '' when nothing fired; None when the check is off."""
    if triage is None:
        return None

    def notice(text: str) -> str:
        result = triage.run(text)
        return result.notice if result.triggered else ""

    return notice
