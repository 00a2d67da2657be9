"""`bimedix-train`: the training pipeline's command line.

    bimedix-train data build CONFIG [--out DIR]
    bimedix-train data translate CONFIG --out REVIEW.csv [--model GGUF | --base-url URL ...]
    bimedix-train data review-import REVIEW.csv --out arabic.jsonl
    bimedix-train train CONFIG --out DIR
    bimedix-train merge CONFIG --out DIR
    bimedix-train convert CONFIG --out DIR
    bimedix-train quantize IN.gguf OUT.gguf --type Q4_K_M
    bimedix-train pipeline CONFIG --out DIR
    bimedix-train axolotl-config CONFIG --out FILE
    bimedix-train fetch-converter

Every step that takes a CONFIG works in a run folder (`--out`, default
`runs/<config name>`). Errors a user can cause print one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bimedix import __version__
from bimedix.errors import UserFacingError


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from bimedix.training.config import load_config

    return load_config(args.config)


def _run_dir(args: argparse.Namespace, config) -> Path:  # type: ignore[no-untyped-def]
    return Path(args.out) if args.out else Path("runs") / config.name


def _cmd_data_build(args: argparse.Namespace) -> int:
    from bimedix.training.base_model import TrainingTokenizer, load_tokenizer, prepare_base
    from bimedix.training.data import build_dataset, check_sources, write_dataset

    config = _config(args)
    check_sources(config)  # a bad data file fails now, not after the base model
    out = _run_dir(args, config)
    base = prepare_base(config, out)
    tokenizer = TrainingTokenizer(load_tokenizer(base))
    built = build_dataset(config, tokenizer.count_tokens)
    print(built.stats.summary())
    paths = write_dataset(built, out / "data")
    print(f"wrote {paths['train']}, {paths['validation']}, {paths['stats']}")
    return 0


def _cmd_data_translate(args: argparse.Namespace) -> int:
    from bimedix.training.translate import make_backend, translate_config

    config = _config(args)
    backend = make_backend(args.model, args.base_url, args.backend_model, args.api_key)
    try:
        written = translate_config(config, backend, Path(args.out), limit=args.limit)
    finally:
        backend.close()
    print(f"wrote {written} drafts to {args.out}; review them, then `data review-import`")
    return 0


def _cmd_data_review_import(args: argparse.Namespace) -> int:
    from bimedix.training.translate import import_review

    accepted, skipped = import_review(Path(args.file), Path(args.out))
    print(f"{accepted} accepted rows written to {args.out}; {skipped} not accepted")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from bimedix.training.base_model import prepare_base
    from bimedix.training.train import train

    config = _config(args)
    out = _run_dir(args, config)
    base = prepare_base(config, out)
    train(config, base, out / "data", out, resume=not args.restart)
    return 0


def _cmd_merge(args: argparse.Namespace) -> int:
    from bimedix.training.base_model import prepare_base
    from bimedix.training.merge import merge

    config = _config(args)
    out = _run_dir(args, config)
    report = merge(config, prepare_base(config, out), out / "data", out)
    print(f"merged model ({report.expert_layout} experts) in {report.merged_dir}")
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from bimedix.models.gguf_convert import convert_hf_to_gguf
    from bimedix.training.base_model import base_model_path
    from bimedix.training.merge import MERGED_DIR
    from bimedix.training.pipeline import Pipeline, gguf_metadata

    config = _config(args)
    out = _run_dir(args, config)
    stats_file = out / "data" / "stats.json"
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    target = Path(args.gguf) if args.gguf else Pipeline(config, out, progress=False).f16_path
    convert_hf_to_gguf(
        out / MERGED_DIR,
        target,
        outtype=args.outtype or config.export.outtype,
        metadata=gguf_metadata(config, base_model_path(config, out), stats),
    )
    print(f"{target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


def _cmd_quantize(args: argparse.Namespace) -> int:
    from bimedix.models.gguf_convert import quantize_gguf

    print(quantize_gguf(Path(args.src), Path(args.dst), args.type).describe())
    return 0


def _cmd_pipeline(args: argparse.Namespace) -> int:
    from bimedix.training.pipeline import Pipeline

    config = _config(args)
    pipeline = Pipeline(
        config,
        _run_dir(args, config),
        data_dir_for_app=Path(args.data_dir) if args.data_dir else None,
    )
    result = pipeline.run(register=not args.no_register)
    for name, size in result.sizes.items():
        print(f"{result.out_dir / name}  {size / 1e6:.2f} MB")
    if result.registered is not None:
        name = result.registered.name
        print(f"registered in the app's model library as {name} (bimedix chat --model {name})")
    return 0


def _cmd_axolotl(args: argparse.Namespace) -> int:
    from bimedix.training.axolotl import write_axolotl_config

    command = write_axolotl_config(_config(args), Path(args.out))
    print(f"wrote {args.out}\nlaunch on the training machine with:\n  {command}")
    return 0


def _cmd_fetch_converter(args: argparse.Namespace) -> int:
    from bimedix.models.gguf_convert import ensure_converter

    print(ensure_converter())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bimedix-train", description="Build BiMediX-style models and GGUFs for the app"
    )
    parser.add_argument("--version", action="version", version=f"bimedix-train {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_config(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("config", metavar="CONFIG", help="training YAML (training/configs/)")
        sub.add_argument("--out", metavar="DIR", help="run folder (default runs/<name>)")
        return sub

    data = commands.add_parser("data", help="build, translate and review the instruction set")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    build = with_config(data_commands.add_parser("build", help="build train/validation JSONL"))
    build.set_defaults(handler=_cmd_data_build)

    translate = data_commands.add_parser(
        "translate", help="draft Arabic translations of English records for human review"
    )
    translate.add_argument("config", metavar="CONFIG")
    translate.add_argument("--out", required=True, metavar="FILE", help="review file (.csv/.jsonl)")
    source = translate.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", metavar="GGUF", help="translate with a local GGUF")
    source.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible server")
    translate.add_argument(
        "--backend-model", default="", metavar="NAME", help="model name on the server"
    )
    translate.add_argument("--api-key", default="", metavar="KEY")
    translate.add_argument("--limit", type=int, default=0, metavar="N", help="at most N records")
    translate.set_defaults(handler=_cmd_data_translate)

    review = data_commands.add_parser(
        "review-import", help="keep the reviewer's accepted rows as Arabic records"
    )
    review.add_argument("file", metavar="FILE")
    review.add_argument("--out", required=True, metavar="FILE", help="Arabic records (.jsonl)")
    review.set_defaults(handler=_cmd_data_review_import)

    training = with_config(commands.add_parser("train", help="LoRA/QLoRA of experts and router"))
    training.add_argument("--restart", action="store_true", help="ignore existing checkpoints")
    training.set_defaults(handler=_cmd_train)
    with_config(commands.add_parser("merge", help="merge the adapter, check logits")).set_defaults(
        handler=_cmd_merge
    )
    convert = with_config(commands.add_parser("convert", help="merged model → GGUF"))
    convert.add_argument("--outtype", choices=("f32", "f16", "bf16", "q8_0"))
    convert.add_argument("--gguf", metavar="FILE", help="output file (default in the run folder)")
    convert.set_defaults(handler=_cmd_convert)

    quantize = commands.add_parser("quantize", help="quantise a GGUF with llama.cpp")
    quantize.add_argument("src", metavar="IN")
    quantize.add_argument("dst", metavar="OUT")
    quantize.add_argument(
        "--type", default="Q4_K_M", metavar="TYPE", help="Q4_K_M (default), Q5_K_M, Q8_0, Q3_K_M, …"
    )
    quantize.set_defaults(handler=_cmd_quantize)

    pipeline = with_config(commands.add_parser("pipeline", help="every step, resumable"))
    pipeline.add_argument("--data-dir", metavar="DIR", help="the app's data folder to register in")
    pipeline.add_argument(
        "--no-register", action="store_true", help="do not add the GGUF to the app's model library"
    )
    pipeline.set_defaults(handler=_cmd_pipeline)

    axolotl = commands.add_parser("axolotl-config", help="axolotl YAML for the real 8x7B run")
    axolotl.add_argument("config", metavar="CONFIG")
    axolotl.add_argument("--out", required=True, metavar="FILE")
    axolotl.set_defaults(handler=_cmd_axolotl)

    fetch = commands.add_parser("fetch-converter", help="download llama.cpp's converter once")
    fetch.set_defaults(handler=_cmd_fetch_converter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # OpenMP threads that spin while waiting starve each other on a busy
    # machine (several times slower on a shared 2-core VM); torch reads this
    # when it is first imported, which happens after this point.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UserFacingError as exc:
        print(f"bimedix-train: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        print(
            f"bimedix-train: {exc.name} is not installed; install the training extra: "
            "pip install 'bimedix-desktop[train]'",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(f"bimedix-train: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
