"""Export speed and memory: 1,000 sessions × 20 messages to every format.

Targets: JSON under 5 s; memory flat (peak Python allocations for 1,000
sessions about the same as for 100, because sessions are streamed one at a
time rather than built in RAM). Memory is traced with tracemalloc, which
counts Python allocations (Qt's C++ allocations for PDF are not included).
"""

from __future__ import annotations

import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.common import Measurement

SESSIONS = 1000
MESSAGES_PER_SESSION = 20
SMALL = 100
_ARABIC = "أعاني من صداع وحمى خفيفة منذ يومين، وضغط الدم عندي 120/80. هل أحتاج إلى طبيب؟ "
_ENGLISH = "I have had a headache and a mild fever for two days; should I take 500 mg paracetamol? "


def build_database(path: Path, sessions: int) -> None:
    """A realistic history, bulk-inserted (the store's one-row API is slower)."""
    from bimedix.core.direction import normalize_for_search
    from bimedix.core.store import ChatStore, utc_now

    store = ChatStore(path)
    now = utc_now()
    with store.db.conn as conn:
        conn.executemany(
            "INSERT INTO sessions (id, title, mode, language, created_at, updated_at)"
            " VALUES (?, ?, 'consult', ?, ?, ?)",
            [(i, f"Session {i} صداع", "ar" if i % 3 == 0 else "en", now, now)
             for i in range(1, sessions + 1)],
        )  # fmt: skip
        rows = []
        for session in range(1, sessions + 1):
            for position in range(MESSAGES_PER_SESSION):
                text = (_ARABIC if (session + position) % 3 == 0 else _ENGLISH) * 3
                role = "user" if position % 2 == 0 else "assistant"
                rows.append(
                    (session, position, role, text, now, now, normalize_for_search(text),
                     "BiMediX-Bi.Q4_K_M.gguf" if role == "assistant" else None, 42, 31.5)
                )  # fmt: skip
        conn.executemany(
            "INSERT INTO messages (session_id, position, role, content, created_at, updated_at,"
            " search_text, model_file, completion_tokens, tokens_per_s)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.close()


def _export(db: Path, fmt: str, out: Path) -> tuple[float, int]:
    """Seconds and peak traced bytes for one export of every session."""
    from bimedix.core.export import ExportFilter, export_sessions
    from bimedix.core.store import ChatStore

    pdf = None
    if fmt == "pdf":
        from bimedix.gui.pdf_export import ensure_gui_application, render_pdf

        ensure_gui_application()
        pdf = render_pdf
    store = ChatStore(db)
    tracemalloc.start()
    started = time.perf_counter()
    export_sessions(store, fmt, out, ExportFilter(), pdf=pdf)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    return seconds, peak


def run() -> list[Measurement]:
    from bimedix.core.export import COMBINED_FORMATS, EXTENSIONS, FORMATS

    work = Path(tempfile.mkdtemp(prefix="bimedix-bench-export-"))
    try:
        big, small = work / "big.db", work / "small.db"
        build_database(big, SESSIONS)
        build_database(small, SMALL)
        results = []
        for fmt in FORMATS:
            name = f"out-{fmt}" + (f".{EXTENSIONS[fmt]}" if fmt in COMBINED_FORMATS else "")
            seconds, peak = _export(big, fmt, work / name)
            _, small_peak = _export(small, fmt, work / f"small-{name}")
            shutil.rmtree(work / name, ignore_errors=True)
            (work / name).unlink(missing_ok=True)
            growth = peak / small_peak if small_peak else float("nan")
            target = "< 5 s" if fmt == "json" else ""
            results.append(
                Measurement(
                    "exports",
                    f"{fmt}",
                    round(seconds, 2),
                    "s",
                    target=target,
                    passed=(seconds < 5) if fmt == "json" else None,
                    display=f"{seconds:.2f} s, peak {peak / 2**20:.1f} MiB "
                    f"({growth:.1f}× the peak for {SMALL} sessions)",
                    details={"peak_bytes": peak, f"peak_bytes_{SMALL}_sessions": small_peak},
                )
            )
        json_growth = results[0].details
        ratio = json_growth["peak_bytes"] / max(1, json_growth[f"peak_bytes_{SMALL}_sessions"])
        results.append(
            Measurement(
                "exports",
                f"JSON peak memory, 1,000 vs {SMALL} sessions",
                round(ratio, 2),
                "×",
                target="< 2× (streamed)",
                passed=ratio < 2,
            )
        )
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)
