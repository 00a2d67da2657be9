"""Validating and inspecting GGUF files before llama.cpp ever sees them.

`inspect_gguf` walks the whole header (metadata and tensor table) and checks
that it is well formed and that every tensor's data lies inside the file, so
truncated, wrong-format or hostile files get a clear `ModelLoadError`
instead of a crash inside llama.cpp. It reads the header straight from a
memory map and skips the large arrays (the vocabulary) without building
them: `gguf.GGUFReader` turns each of a model's 50,000-260,000 token strings
into numpy arrays and needs about 2 s for SmolLM2; this needs a few hundred
milliseconds. The tensor types and their block sizes come from the `gguf`
package (llama.cpp's own tables); tests check the results against
`GGUFReader`.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bimedix.errors import ModelLoadError

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 4  # GGML_MAX_DIMS
# Arrays up to this length keep their values (per-layer head counts);
# longer ones (vocabularies, merges, scores) are only counted.
SMALL_ARRAY = 1024

# GGUF value types: struct format of the fixed-size ones (little-endian).
_SCALAR_FORMATS = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
    10: "<Q", 11: "<q", 12: "<d",
}  # fmt: skip
_STRING, _ARRAY = 8, 9

# llama.cpp's `enum llama_ftype`, as stored in GGUF `general.file_type`.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
}  # fmt: skip


@dataclass(frozen=True)
class ArraySummary:
    """A long metadata array, counted but not loaded (e.g. the vocabulary)."""

    item_type: int
    length: int


@dataclass(frozen=True)
class TensorEntry:
    """One row of the tensor table."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # from the start of the tensor data section
    n_bytes: int

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


@dataclass(frozen=True)
class GGUFInfo:
    """What a valid GGUF file says about itself."""

    path: Path
    file_size: int
    version: int
    metadata: dict[str, Any]
    tensors: tuple[TensorEntry, ...]
    data_offset: int
    tensor_types: dict[str, int] = field(default_factory=dict)  # type name -> tensor count

    def _arch_value(self, key: str) -> Any:
        return self.metadata.get(f"{self.architecture}.{key}")

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name", "") or self.path.name)

    @property
    def parameter_count(self) -> int:
        return sum(t.n_elements for t in self.tensors)

    @property
    def tensor_data_bytes(self) -> int:
        return sum(t.n_bytes for t in self.tensors)

    @property
    def quantization(self) -> str:
        """The file type llama.cpp wrote, else the most common tensor type."""
        file_type = self.metadata.get("general.file_type")
        if isinstance(file_type, int):
            return FILE_TYPES.get(file_type, f"type {file_type}")
        if self.tensor_types:
            return max(self.tensor_types.items(), key=lambda item: item[1])[0]
        return "unknown"

    @property
    def context_length(self) -> int | None:
        return _int_or_none(self._arch_value("context_length"))

    @property
    def block_count(self) -> int | None:
        return _int_or_none(self._arch_value("block_count"))

    @property
    def expert_count(self) -> int | None:
        return _int_or_none(self._arch_value("expert_count"))

    @property
    def expert_used_count(self) -> int | None:
        return _int_or_none(self._arch_value("expert_used_count"))

    @property
    def has_chat_template(self) -> bool:
        return bool(self.metadata.get("tokenizer.chat_template"))

    @property
    def vocab_size(self) -> int | None:
        tokens = self.metadata.get("tokenizer.ggml.tokens")
        if isinstance(tokens, ArraySummary):
            return tokens.length
        if isinstance(tokens, list):
            return len(tokens)
        return None

    def kv_cache_bytes_per_token(self) -> int:
        """f16 K and V for one token across all layers (0 when unknown)."""
        layers = self.block_count or 0
        heads = _per_layer(self._arch_value("attention.head_count"), layers)
        kv_heads = _per_layer(self._arch_value("attention.head_count_kv"), layers) or heads
        embedding = _int_or_none(self._arch_value("embedding_length")) or 0
        if not layers or not heads or not embedding:
            return 0
        head_dim = embedding // max(1, max(heads))
        key_dim = _int_or_none(self._arch_value("attention.key_length")) or head_dim
        value_dim = _int_or_none(self._arch_value("attention.value_length")) or head_dim
        return sum(2 * n * (key_dim + value_dim) for n in kv_heads)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _per_layer(value: Any, layers: int) -> list[int]:
    """A head count that is one number or one number per layer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value] * layers
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int)]
    return []


class _Damaged(Exception):
    """Raised inside the parser; turned into a ModelLoadError with the file name."""


class _Cursor:
    """Bounds-checked little-endian reads from a memory map."""

    def __init__(self, buffer: mmap.mmap, size: int) -> None:
        self.buffer = buffer
        self.size = size
        self.position = 0

    def need(self, count: int) -> None:
        if count < 0 or self.position + count > self.size:
            raise _Damaged(f"the header ends unexpectedly at byte {self.size}")

    def scalar(self, fmt: str) -> Any:
        width = struct.calcsize(fmt)
        self.need(width)
        value = struct.unpack_from(fmt, self.buffer, self.position)[0]
        self.position += width
        return value

    def u32(self) -> int:
        return int(self.scalar("<I"))

    def u64(self) -> int:
        return int(self.scalar("<Q"))

    def string(self) -> str:
        length = self.u64()
        self.need(length)
        raw = self.buffer[self.position : self.position + length]
        self.position += length
        return raw.decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        length = self.u64()
        self.need(length)
        self.position += length

    def value(self, value_type: int, depth: int = 0) -> Any:
        if value_type in _SCALAR_FORMATS:
            return self.scalar(_SCALAR_FORMATS[value_type])
        if value_type == _STRING:
            return self.string()
        if value_type == _ARRAY:
            if depth > 2:
                raise _Damaged("metadata arrays are nested too deeply")
            item_type = self.u32()
            length = self.u64()
            if item_type in _SCALAR_FORMATS:
                width = struct.calcsize(_SCALAR_FORMATS[item_type])
                self.need(length * width)
                if length <= SMALL_ARRAY:
                    fmt = f"<{length}{_SCALAR_FORMATS[item_type][1]}"
                    values = list(struct.unpack_from(fmt, self.buffer, self.position))
                    self.position += length * width
                    return values
                self.position += length * width
                return ArraySummary(item_type, length)
            if item_type == _STRING:
                # Each string needs at least its 8-byte length.
                self.need(length * 8)
                if length <= SMALL_ARRAY:
                    return [self.string() for _ in range(length)]
                for _ in range(length):
                    self.skip_string()
                return ArraySummary(item_type, length)
            if item_type == _ARRAY:
                self.need(length * 12)
                items = [self.value(_ARRAY, depth + 1) for _ in range(length)]
                return items if length <= SMALL_ARRAY else ArraySummary(item_type, length)
            raise _Damaged(f"unknown metadata array type {item_type}")
        raise _Damaged(f"unknown metadata value type {value_type}")


def _type_tables() -> tuple[dict[int, tuple[int, int]], dict[int, str]]:
    """Block size and bytes per block of every ggml tensor type, by id."""
    import gguf

    sizes = {int(t): size for t, size in gguf.GGML_QUANT_SIZES.items()}
    names = {int(t): t.name for t in gguf.GGMLQuantizationType}
    return sizes, names


def inspect_gguf(path: os.PathLike[str] | str) -> GGUFInfo:
    """Validate a GGUF file and describe it.

    Raises:
        ModelLoadError: missing, unreadable, empty, not GGUF, unsupported
            version, truncated, or with a header that points outside the file.
    """
    path = Path(path)
    if not path.exists():
        raise ModelLoadError(template="Model file not found: {path}", path=path)
    if not path.is_file():
        raise ModelLoadError(template="Not a model file: {path}", path=path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                raise ModelLoadError(
                    template="{name} is empty (0 bytes), not a GGUF model file.", name=path.name
                )
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
                try:
                    return _parse(path, buffer, size)
                except _Damaged as exc:
                    raise ModelLoadError(
                        template="{name} is truncated or damaged: {detail}.",
                        name=path.name,
                        detail=exc,
                    ) from None
    except OSError as exc:
        raise ModelLoadError(
            template="Cannot read {name}: {reason}", name=path.name, reason=exc.strerror or exc
        ) from exc


def _parse(path: Path, buffer: mmap.mmap, size: int) -> GGUFInfo:
    cursor = _Cursor(buffer, size)
    if size < 8 or buffer[:4] != GGUF_MAGIC:
        raise ModelLoadError(
            template="{name} is not a GGUF model file (wrong or missing header).", name=path.name
        )
    cursor.position = 4
    version = cursor.u32()
    if version not in SUPPORTED_VERSIONS:
        raise ModelLoadError(
            template="{name} uses GGUF version {version}, which is not supported.",
            name=path.name,
            version=version,
        )
    tensor_count = cursor.u64()
    kv_count = cursor.u64()
    # Each metadata entry needs at least 12 bytes and each tensor row 28:
    # a count the file cannot hold is a lie, refused before any allocation.
    if kv_count * 12 + tensor_count * 28 > size:
        raise _Damaged(
            f"the header claims {tensor_count} tensors and {kv_count} metadata entries, "
            f"more than {size} bytes can hold"
        )
    metadata: dict[str, Any] = {}
    for _ in range(kv_count):
        key = cursor.string()
        metadata[key] = cursor.value(cursor.u32())
    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise _Damaged(f"general.alignment {alignment!r} is not a power of two")

    sizes, type_names = _type_tables()
    tensors: list[TensorEntry] = []
    tensor_types: dict[str, int] = {}
    for _ in range(tensor_count):
        name = cursor.string()
        n_dims = cursor.u32()
        if not 1 <= n_dims <= MAX_DIMS:
            raise _Damaged(f"tensor {name} has {n_dims} dimensions")
        shape = tuple(cursor.u64() for _ in range(n_dims))
        ggml_type = cursor.u32()
        offset = cursor.u64()
        if ggml_type not in sizes:
            raise _Damaged(f"tensor {name} has unknown type {ggml_type}")
        block, block_bytes = sizes[ggml_type]
        count = 1
        for dim in shape:
            count *= dim
        if shape[0] % block:
            raise _Damaged(f"tensor {name}'s rows do not fill whole {type_names[ggml_type]} blocks")
        if offset % alignment:
            raise _Damaged(f"tensor {name} is not aligned to {alignment} bytes")
        tensors.append(TensorEntry(name, shape, ggml_type, offset, count // block * block_bytes))
        type_name = type_names[ggml_type]
        tensor_types[type_name] = tensor_types.get(type_name, 0) + 1
    data_offset = -(-cursor.position // alignment) * alignment
    needed = max((data_offset + t.offset + t.n_bytes for t in tensors), default=data_offset)
    if needed > size:
        raise _Damaged(f"its tensors need {needed:,} bytes, but the file has {size:,}")
    return GGUFInfo(
        path=path,
        file_size=size,
        version=version,
        metadata=metadata,
        tensors=tuple(tensors),
        data_offset=data_offset,
        tensor_types=tensor_types,
    )


# --- memory ---------------------------------------------------------------
@dataclass(frozen=True)
class RamEstimate:
    """Rough memory needed to run a model at a given context size."""

    n_ctx: int
    weights_bytes: int
    kv_cache_bytes: int
    overhead_bytes: int
    available_bytes: int | None  # None where the platform does not say

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_cache_bytes + self.overhead_bytes

    @property
    def fits(self) -> bool | None:
        return None if self.available_bytes is None else self.total_bytes <= self.available_bytes


def estimate_ram(info: GGUFInfo, n_ctx: int | None = None) -> RamEstimate:
    """Weights (mapped from the file) + f16 KV cache at `n_ctx` + compute
    buffers, against the RAM available now.

    The compute-buffer term (scratch space for a batch, the output logits)
    is an approximation: 2 % of the weights plus 128 MiB.
    """
    context = n_ctx or info.context_length or 4096
    overhead = info.tensor_data_bytes // 50 + (128 << 20)
    return RamEstimate(
        n_ctx=context,
        weights_bytes=info.tensor_data_bytes,
        kv_cache_bytes=info.kv_cache_bytes_per_token() * context,
        overhead_bytes=overhead,
        available_bytes=available_ram(),
    )


def available_ram() -> int | None:
    """Bytes of RAM available to a new process now (None if unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if os.name == "nt":
        return _windows_available_ram()
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _windows_available_ram() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return int(status.ullAvailPhys)
    return None


def format_bytes(count: int) -> str:
    """'97.9 MB', '26.4 GB' (decimal units, as file managers show sizes)."""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{count} B"
