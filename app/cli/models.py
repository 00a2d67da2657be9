"""`bimedix models …`: list, inspect, add, remove, download and build models.

Registered into the main parser by `bimedix.cli.build_parser`. Everything
here works offline except `pull` and `build`, which are the only commands
that contact the Hugging Face hub (or `HF_ENDPOINT`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bimedix.cli.json_output import add_json_arguments, print_records, wants_json
from bimedix.core.settings import SETTINGS_FILE, Settings
from bimedix.engine.gguf_file import GGUFInfo, RamEstimate, estimate_ram, format_bytes, inspect_gguf
from bimedix.errors import UserFacingError
from bimedix.models.library import ModelLibrary, add_local_model, list_models, models_dir


def register(commands: Any) -> None:
    """Add the `models` command and its subcommands to `commands`."""
    models = commands.add_parser("models", help="list, inspect, add, download and build models")
    sub = models.add_subparsers(dest="models_command", required=True)

    listing = sub.add_parser("list", help="the catalog and your library")
    add_json_arguments(listing, "models")
    listing.set_defaults(handler=_cmd_list)

    info = sub.add_parser("info", help="validate a GGUF and describe it")
    info.add_argument("model", metavar="PATH|NAME")
    info.add_argument("--ctx", type=int, metavar="N", help="context size for the RAM estimate")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(handler=_cmd_info)

    add = sub.add_parser("add", help="register a local GGUF file (it stays where it is)")
    add.add_argument("path", metavar="PATH")
    add.add_argument("--name", help="library name (default: the file name)")
    add.set_defaults(handler=_cmd_add)

    remove = sub.add_parser("remove", help="remove a model from the library")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--delete-file",
        action="store_true",
        help="also delete the file, if it was downloaded or built by BiMediX",
    )
    remove.set_defaults(handler=_cmd_remove)

    pull = sub.add_parser("pull", help="download a GGUF from the Hugging Face hub")
    pull.add_argument("repo_id", metavar="REPO_ID|CATALOG_KEY")
    pull.add_argument("filename", nargs="?", metavar="FILENAME")
    pull.add_argument("--revision", default=None, help="branch, tag or commit (default: main)")
    pull.add_argument("--name", help="library name (default: the file name)")
    pull.set_defaults(handler=_cmd_pull)

    build = sub.add_parser(
        "build", help="download a Hugging Face model and build a GGUF (needs the [train] extra)"
    )
    build.add_argument("key", metavar="CATALOG_KEY|REPO_ID")
    build.add_argument("--qtype", default=None, help="quantisation (default: the catalog's)")
    build.add_argument("--revision", default=None)
    build.add_argument("--name", help="library name (default: the catalog key)")
    build.set_defaults(handler=_cmd_build)


# --- list ------------------------------------------------------------------
def _cards(rows: list[Any], data_dir: Path) -> dict[str, Any]:
    """Quality cards of the installed models, by row name."""
    from bimedix.eval.quality import quality_cards

    files = {
        Path(row.path).name: int(row.ram_gb * 1e9) if row.ram_gb else None
        for row in rows
        if row.installed and row.path
    }
    cards = quality_cards(data_dir, files)
    return {row.name: cards[Path(row.path).name] for row in rows if row.installed and row.path}


def _cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    rows = list_models(data_dir)
    cards = _cards(rows, data_dir)
    if wants_json(args):

        def record(row: Any) -> dict[str, Any]:
            card = cards.get(row.name)
            return {
                **row.__dict__,
                "languages": list(row.languages),
                "quality": card.as_dict() if card else None,
            }

        print_records(args, (record(row) for row in rows))
        return 0
    status_names = {
        ("bundled", True): "bundled",
        ("bundled", False): "not installed",
        ("download", True): "downloaded",
        ("download", False): "download",
        ("build", True): "built",
        ("build", False): "build GGUF",
    }
    print(f"{'NAME':<30} {'STATUS':<14} {'SIZE':>9}  {'QUANT':<7} DESCRIPTION")
    for row in rows:
        if row.in_library:
            status = row.kind if row.installed else "file missing"
        else:
            status = status_names.get((row.kind, row.installed), row.kind)
        size = format_bytes(row.size_bytes) if row.size_bytes else ""
        description = row.display_name if not row.in_library else row.note
        print(f"{row.name:<30} {status:<14} {size:>9}  {row.quantization:<7} {description}")
        if row.name in cards:
            print(f"{'':<30} quality: {cards[row.name].summary()}")
    return 0


# --- info ------------------------------------------------------------------
def _model_path(spec: str, data_dir: Path) -> Path:
    from bimedix.models.resolve import resolve_model

    return resolve_model(spec, models_dir(data_dir))


def _default_ctx(spec: str, data_dir: Path) -> int:
    library = ModelLibrary(data_dir)
    own = library.settings_for(library.settings_key(spec))
    return own.n_ctx or Settings.load(data_dir / SETTINGS_FILE).n_ctx


def info_record(info: GGUFInfo, ram: RamEstimate) -> dict[str, Any]:
    """What `models info --json` prints."""
    return {
        "path": str(info.path),
        "name": info.name,
        "gguf_version": info.version,
        "architecture": info.architecture,
        "parameters": info.parameter_count,
        "quantization": info.quantization,
        "tensor_types": info.tensor_types,
        "tensor_count": len(info.tensors),
        "context_length": info.context_length,
        "expert_count": info.expert_count,
        "expert_used_count": info.expert_used_count,
        "chat_template": info.has_chat_template,
        "vocab_size": info.vocab_size,
        "file_size": info.file_size,
        "ram": {
            "n_ctx": ram.n_ctx,
            "weights": ram.weights_bytes,
            "kv_cache": ram.kv_cache_bytes,
            "buffers": ram.overhead_bytes,
            "total": ram.total_bytes,
            "available": ram.available_bytes,
            "fits": ram.fits,
        },
    }


def _parameters(count: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit} ({count:,})"
    return str(count)


def info_lines(info: GGUFInfo, ram: RamEstimate) -> list[str]:
    """What `models info` prints, one line per fact."""
    types = ", ".join(f"{n} {t}" for t, n in sorted(info.tensor_types.items(), key=lambda i: -i[1]))
    if info.expert_count:
        experts = f"{info.expert_count} ({info.expert_used_count or '?'} used per token)"
    else:
        experts = "none (dense model)"
    available = format_bytes(ram.available_bytes) if ram.available_bytes is not None else "unknown"
    lines = [
        f"File:            {info.path}",
        f"Name:            {info.name}",
        f"Format:          GGUF v{info.version}, {len(info.tensors)} tensors, "
        f"{len(info.metadata)} metadata keys",
        f"Architecture:    {info.architecture}",
        f"Parameters:      {_parameters(info.parameter_count)}",
        f"Quantisation:    {info.quantization} (tensors: {types})",
        f"Context length:  {info.context_length or 'unknown'} tokens (trained)",
        f"Experts:         {experts}",
        f"Chat template:   {'yes' if info.has_chat_template else 'no'}",
        f"File size:       {format_bytes(info.file_size)}",
        f"RAM estimate:    {format_bytes(ram.total_bytes)} at {ram.n_ctx} tokens of context "
        f"(weights {format_bytes(ram.weights_bytes)} + KV cache "
        f"{format_bytes(ram.kv_cache_bytes)} + buffers {format_bytes(ram.overhead_bytes)})",
        f"RAM available:   {available}",
    ]
    if ram.fits is False:
        lines.append(
            f"WARNING: this model needs about {format_bytes(ram.total_bytes)} but only "
            f"{available} is available: it will swap or fail to load. Choose a smaller "
            "quantisation or context, or close other programs."
        )
    return lines


def _cmd_info(args: argparse.Namespace, data_dir: Path) -> int:
    path = _model_path(args.model, data_dir)
    info = inspect_gguf(path)
    ram = estimate_ram(info, args.ctx or _default_ctx(args.model, data_dir))
    if args.json:
        print(json.dumps(info_record(info, ram), ensure_ascii=False, indent=2))
    else:
        print("\n".join(info_lines(info, ram)))
    return 0


# --- add / remove ----------------------------------------------------------
def _cmd_add(args: argparse.Namespace, data_dir: Path) -> int:
    entry = add_local_model(data_dir, Path(args.path), args.name)
    print(f"added {entry.name}: {entry.path} ({format_bytes(entry.size_bytes)})")
    return 0


def _cmd_remove(args: argparse.Namespace, data_dir: Path) -> int:
    entry = ModelLibrary(data_dir).remove(args.name, delete_file=args.delete_file)
    kept = "" if args.delete_file and entry.source != "local" else f" (file kept: {entry.path})"
    print(f"removed {entry.name}{kept}")
    return 0


# --- pull / build ----------------------------------------------------------
class _TerminalProgress:
    """One status line on stderr, rewritten at most 4 times a second."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, progress: Any) -> None:
        now = time.monotonic()
        if now - self._last < 0.25 and not progress.done:
            return
        self._last = now
        line = progress.describe()
        end = "\n" if progress.done else ""
        if sys.stderr.isatty():
            sys.stderr.write(f"\r\033[K{line}{end}")
        elif progress.done:
            sys.stderr.write(f"{line}\n")
        sys.stderr.flush()


def _cmd_pull(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.models.catalog import find_catalog_entry
    from bimedix.models.downloads import download_model

    repo_id, filename, revision, catalog_key = args.repo_id, args.filename, args.revision, None
    expected_sha256 = None
    if filename is None:
        known = find_catalog_entry(args.repo_id)
        if known is None or known.kind != "hf-gguf":
            raise UserFacingError(
                template="Give a repository and a file name (bimedix models pull REPO_ID "
                "FILENAME), or the key of a downloadable catalog model."
            )
        repo_id, filename, catalog_key = known.repo_id, known.filename, known.key
        revision = revision or known.revision
        expected_sha256 = known.sha256  # a pinned catalog hash wins over the hub's record
    entry = download_model(
        data_dir,
        repo_id,
        filename,
        revision=revision or "main",
        name=args.name,
        catalog_key=catalog_key,
        expected_sha256=expected_sha256,
        progress=_TerminalProgress(),
    )
    print(f"downloaded {entry.name}: {entry.path} (sha256 {entry.sha256})")
    return 0


def _cmd_build(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.models.gguf_build import build_gguf

    entry = build_gguf(
        data_dir,
        args.key,
        qtype=args.qtype,
        revision=args.revision,
        name=args.name,
        progress=_TerminalProgress(),
    )
    print(f"built {entry.name}: {entry.path}")
    return 0
