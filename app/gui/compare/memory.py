"""Whether the models of a comparison fit in memory together.

The rule: a local model needs its file size plus a fifth (KV cache, scratch
buffers at the default 4096-token context) plus 256 MB for llama.cpp itself;
a server needs nothing here. They stream in parallel when the sum is at most
70 % of the RAM available now, otherwise one after another (each model is
released before the next loads). A model whose size is unknown counts as
not fitting, so the answer errs towards one at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from bimedix.models.library import list_models, parse_remote_spec

OVERHEAD_BYTES = 256 << 20
SHARE_OF_AVAILABLE = 0.7


def model_bytes(spec: str, data_dir: Path) -> int | None:
    """What `spec` needs in RAM by the rule above; 0 for a server, None
    when unknown. Reads file sizes only (cheap enough for the GUI thread)."""
    if parse_remote_spec(spec) is not None:
        return 0
    size: int | None = None
    path = Path(spec).expanduser()
    if path.is_file():
        size = path.stat().st_size
    else:
        row = next((r for r in list_models(data_dir) if r.name.lower() == spec.lower()), None)
        size = row.size_bytes if row is not None and row.installed else None
    return None if not size else int(size * 1.2) + OVERHEAD_BYTES


def available_bytes() -> int:
    """RAM available now: psutil where installed, else /proc/meminfo's
    MemAvailable, else free pages; 0 (so: one at a time) when unknown."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


def fits_in_parallel(needs: Sequence[int | None], available: int) -> bool:
    """True when every need is known and their sum fits the share of `available`."""
    if any(need is None for need in needs):
        return False
    return sum(n or 0 for n in needs) <= SHARE_OF_AVAILABLE * available
