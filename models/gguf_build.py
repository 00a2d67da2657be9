""" "Build GGUF": BiMediX is published in Hugging Face format only, so the
catalog's BiMediX entries are made here: download the snapshot (each file
resumable and SHA-256 verified like any download), convert it to an f16
GGUF and quantise it with the training package's steps
(`bimedix.models.gguf_convert`, the `[train]` extra), then register the result.
Cancel works in every phase; a stopped or failed build leaves no half GGUF
and no library entry, only the snapshot to resume from.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path
from typing import Any

from bimedix.engine.backend import CancelToken
from bimedix.errors import UserFacingError
from bimedix.models.downloads import (
    DownloadCancelled,
    DownloadProgress,
    ProgressCallback,
    RemoteFile,
    check_free_space,
    endpoint_url,
    fetch_file,
    load_token,
)

# What the converter needs from a Hugging Face model folder.
WEIGHT_PATTERNS = ("*.safetensors", "*.safetensors.index.json")
FALLBACK_WEIGHT_PATTERNS = ("*.bin", "*.bin.index.json")
SIDE_PATTERNS = ("config.json", "generation_config.json", "tokenizer*", "special_tokens_map.json",
                 "*.model", "added_tokens.json")  # fmt: skip


class BuildError(UserFacingError):
    """A GGUF could not be built."""


class BuildCancelled(DownloadCancelled):
    """The build was stopped after its download, while converting or
    quantising (a DownloadCancelled, so callers treat both stops alike)."""


def training_steps() -> tuple[Any, Any]:
    """`convert_hf_to_gguf` and `quantize_gguf` from the training extra.

    Raises:
        BuildError: the `[train]` extra is not installed.
    """
    try:
        from bimedix.models.gguf_convert import convert_hf_to_gguf, quantize_gguf
    except ImportError as exc:
        raise BuildError(
            template="Building a GGUF needs the training tools: pip install "
            "'bimedix-desktop[train]' ({detail}).",
            detail=exc,
        ) from exc
    return convert_hf_to_gguf, quantize_gguf


def _wanted(paths: list[str]) -> list[str]:
    def matching(patterns: tuple[str, ...]) -> list[str]:
        return [p for p in paths if any(fnmatch.fnmatch(Path(p).name, pat) for pat in patterns)]

    weights = matching(WEIGHT_PATTERNS) or matching(FALLBACK_WEIGHT_PATTERNS)
    return sorted(set(weights + matching(SIDE_PATTERNS)))


def build_gguf(
    data_dir: Path,
    key: str,
    *,
    qtype: str | None = None,
    revision: str | None = None,
    name: str | None = None,
    token: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    endpoint: str | None = None,
) -> Any:
    """Download, convert, quantise and register a catalog model (or any
    Hugging Face repo id). Returns the new `LibraryEntry`.

    Raises:
        BuildError: no training extra, unknown model, conversion failure.
        DownloadError, DownloadCancelled: see `downloads.fetch_file`.
    """
    from bimedix.models.catalog import find_catalog_entry
    from bimedix.models.library import LibraryError, ModelLibrary, add_local_model, models_dir

    convert, quantize = training_steps()  # fail before downloading 93 GB
    from bimedix.models.gguf_convert import QUANT_TYPES, ConversionCancelled
    known = find_catalog_entry(key)
    if known is not None and not known.needs_build:
        raise BuildError(template="{key} is a ready GGUF: download it instead.", key=key)
    repo_id = known.repo_id if known else key
    revision = revision or (known.revision if known else "main")
    qtype = qtype or (known.quantization if known else "Q4_K_M")
    token = token or load_token(data_dir)
    report = progress or (lambda _p: None)
    cancel = cancel or CancelToken()
    if qtype.upper() not in QUANT_TYPES:
        raise BuildError(
            template="Building {name} failed: {detail}",
            name=repo_id,
            detail=f"unknown quantisation type {qtype!r}; choose one of {', '.join(QUANT_TYPES)}",
        )
    qtype = qtype.upper()
    library_name = name or (known.key if known else None)
    taken = ModelLibrary(data_dir).get(library_name) if library_name else None
    if taken is not None:
        # Checked now, not after hours of downloading and converting.
        raise LibraryError(
            template="The library already has a model named {name} ({path}). Choose another name.",
            name=taken.name,
            path=taken.path,
        )

    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint_url(endpoint), token=token or False)
    try:
        tree = list(api.list_repo_tree(repo_id, revision=revision, recursive=True))
    except Exception as exc:  # huggingface_hub and httpx errors have no common base
        from bimedix.models.downloads import _explain

        raise _explain(exc, repo_id, "") from exc
    files = {f.path: f for f in tree if getattr(f, "size", None) is not None}
    wanted = _wanted(list(files))
    if not any(p.endswith((".safetensors", ".bin")) for p in wanted):
        raise BuildError(template="{repo} has no model weights to convert.", repo=repo_id)
    total = sum(files[p].size for p in wanted)
    slug = repo_id.replace("/", "--")
    snapshot = models_dir(data_dir) / "hf" / slug
    out_name = f"{(known.key if known else slug)}.{qtype}.gguf"
    final = models_dir(data_dir) / out_name
    f16 = models_dir(data_dir) / f".{slug}.f16.gguf.building"
    # The snapshot, the f16 file (about as big) and the quantised result.
    check_free_space(models_dir(data_dir), total * 2 + total // 3)

    done = 0
    for path in wanted:
        entry = files[path]
        target = snapshot / path
        lfs = getattr(entry, "lfs", None)
        remote = RemoteFile(
            repo_id=repo_id,
            filename=path,
            url=f"{endpoint_url(endpoint)}/{repo_id}/resolve/{revision}/{path}",
            commit=None,
            size=int(entry.size),
            sha256=getattr(lfs, "sha256", None) if lfs else None,
        )
        if target.is_file() and target.stat().st_size == remote.size:
            done += remote.size
            continue
        if remote.sha256 is None:
            # Small git (non-LFS) files such as config.json: the blob id is
            # not a SHA-256, so their size is what can be checked.
            _fetch_small(api, repo_id, path, revision, snapshot, remote.size)
        else:
            offset = done

            def overall(p: DownloadProgress, offset: int = offset, label: str = path) -> None:
                report(
                    DownloadProgress(
                        f"{repo_id} ({label})", offset + p.done_bytes, total, p.speed_bps, p.phase
                    )
                )

            fetch_file(remote, target, token=token, progress=overall, cancel=cancel,
                       endpoint=endpoint)  # fmt: skip
        done += remote.size

    def stop_if_cancelled() -> None:
        if cancel.cancelled:
            raise BuildCancelled(
                template="The build of {name} was stopped; start it again to continue.",
                name=out_name,
            )

    building = final.with_name(f".{final.name}.building")
    report(DownloadProgress(out_name, 0, 0, phase="converting to GGUF (f16)"))
    try:
        stop_if_cancelled()
        convert(snapshot, f16, outtype="f16", metadata={"general.name": known.display_name}
                if known else None, cancel=cancel)  # fmt: skip
        stop_if_cancelled()
        report(DownloadProgress(out_name, 0, 0, phase=f"quantising to {qtype}"))
        # llama.cpp's quantiser runs in-process and cannot be interrupted;
        # a cancel during it takes effect when it returns.
        quantize(f16, building, qtype)
        stop_if_cancelled()
        building.replace(final)
    except ConversionCancelled as exc:
        raise BuildCancelled(
            template="The build of {name} was stopped; start it again to continue.",
            name=out_name,
        ) from exc
    except (BuildError, BuildCancelled):
        raise
    except Exception as exc:  # the training package's ConversionError, OSError
        raise BuildError(
            template="Building {name} failed: {detail}", name=out_name, detail=exc
        ) from exc
    finally:
        f16.unlink(missing_ok=True)
        building.unlink(missing_ok=True)
    entry = add_local_model(
        data_dir,
        final,
        library_name,
        source="built",
        repo_id=repo_id,
        revision=revision,
        catalog_key=known.key if known else None,
    )
    # The snapshot is as big as the model in f16 (93 GB for BiMediX) and the
    # GGUF now holds everything the app needs; an interrupted or failed build
    # keeps it above, so that starting again does not download it again.
    shutil.rmtree(snapshot, ignore_errors=True)
    report(DownloadProgress(out_name, 1, 1, phase="done", done=True))
    return entry


def _fetch_small(
    api: Any, repo_id: str, path: str, revision: str, snapshot: Path, size: int
) -> None:
    from huggingface_hub import hf_hub_download

    downloaded = Path(
        hf_hub_download(
            repo_id, path, revision=revision, endpoint=api.endpoint, token=api.token,
            local_dir=snapshot,
        )
    )  # fmt: skip
    if downloaded.stat().st_size != size:
        downloaded.unlink(missing_ok=True)
        raise BuildError(template="{file} arrived with the wrong size; try again.", file=path)
