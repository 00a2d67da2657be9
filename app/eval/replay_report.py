"""The replay report: the same data as JSON (`--json`) and as one HTML file
with, per prompt, every model's reply side by side (each cell `dir="auto"`,
so Arabic reads right to left), its timing, tokens and provenance, and
correct/incorrect where the prompt has an `expected` answer.
"""

from __future__ import annotations

import html
from typing import Any

from bimedix import __version__
from bimedix.core.store import ChatStore
from bimedix.eval.replay import ReplayPlan, is_correct
from bimedix.eval.replay_records import cells, run_row


def _message_facts(store: ChatStore, message_id: int | None) -> dict[str, Any]:
    if message_id is None:
        return {}
    try:
        message = store.get_message(message_id)
    except KeyError:  # the session was deleted since
        return {}
    return {
        "prompt_tokens": message.prompt_tokens,
        "completion_tokens": message.completion_tokens,
        "time_to_first_token_s": message.time_to_first_token_s,
        "tokens_per_s": message.tokens_per_s,
        "stop_reason": message.stop_reason,
        "provenance": {
            "model_file": message.model_file,
            "model_sha256": message.model_sha256,
            "model_quantization": message.model_quantization,
            "prompt_format": message.prompt_format,
            "seed": message.seed,
            "context_size": message.context_size,
            "engine_version": message.engine_version,
            "app_version": message.app_version,
        },
    }


def build_report(store: ChatStore, plan: ReplayPlan) -> dict[str, Any]:
    """The replay as plain data: run, models, per-model totals, and per
    prompt one cell per model (status "pending" where not run yet)."""
    run = run_row(store, plan.replay_id)
    recorded = cells(store, plan.replay_id)
    models = [m.describe() for m in plan.models]
    totals = [{"label": m.label, "complete": 0, "failed": 0, "pending": 0, "scored": 0,
               "correct": 0, "seconds": 0.0, "completion_tokens": 0}
              for m in plan.models]  # fmt: skip
    items: list[dict[str, Any]] = []
    for item in plan.items:
        row_cells = []
        for model_index, model in enumerate(plan.models):
            cell = recorded.get((model_index, item.index))
            total = totals[model_index]
            if cell is None:
                total["pending"] += 1
                row_cells.append({"model": model.label, "status": "pending"})
                continue
            total[cell.status] += 1
            entry: dict[str, Any] = {
                "model": model.label, "status": cell.status, "reply": cell.reply,
                "error": cell.error, "seconds": cell.seconds, "session_id": cell.session_id,
                "message_id": cell.message_id,
            }  # fmt: skip
            entry.update(_message_facts(store, cell.message_id))
            if cell.status == "complete":
                total["seconds"] += cell.seconds or 0.0
                total["completion_tokens"] += entry.get("completion_tokens") or 0
                entry["correct"] = is_correct(cell.reply, item.expected)
                if entry["correct"] is not None:
                    total["scored"] += 1
                    total["correct"] += int(entry["correct"])
            row_cells.append(entry)
        items.append({
            "index": item.index, "id": item.id, "prompt": item.prompt,
            "language": item.language, "expected": item.expected,
            "conversation": item.conversation, "turn": item.turn, "cells": row_cells,
        })  # fmt: skip
    return {
        "format": "bimedix-replay-report",
        "app_version": __version__,
        **run,
        "models": models,
        "totals": totals,
        "items": items,
    }


_CSS = """
body{font-family:"Noto Sans","Noto Naskh Arabic",sans-serif;margin:1.5em;color:#1d2733}
h1{font-size:1.4em}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #c9d3dd;padding:.5em;vertical-align:top;text-align:start}
th{background:#eef3f7}
.prompt{background:#f7f9fb}
.meta{color:#5b6b7b;font-size:.8em;margin-top:.4em}
.ok{color:#176b2c;font-weight:bold}.bad{color:#a4161a;font-weight:bold}
.failed{color:#a4161a}.pending{color:#7a8794}
.reply{white-space:pre-wrap}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _cell_html(cell: dict[str, Any]) -> str:
    if cell["status"] == "pending":
        return '<td class="pending">not run yet</td>'
    if cell["status"] == "failed":
        return f'<td class="failed">failed: <span dir="auto">{_e(cell["error"])}</span></td>'
    verdict = ""
    if cell.get("correct") is True:
        verdict = '<div class="ok">✔ correct</div>'
    elif cell.get("correct") is False:
        verdict = '<div class="bad">✘ incorrect</div>'
    provenance = cell.get("provenance") or {}
    sha = (provenance.get("model_sha256") or "")[:12]
    speed = cell.get("tokens_per_s")
    meta = (
        f"{cell['seconds'] or 0:.1f} s · {_e(cell.get('completion_tokens'))} tokens"
        f"{f' · {speed:.1f} tok/s' if speed else ''}<br>"
        f"{_e(provenance.get('model_file'))} {_e(provenance.get('model_quantization'))}"
        f" · sha256 {_e(sha) or '—'} · seed {_e(provenance.get('seed'))}"
        f" · {_e(provenance.get('engine_version'))} · message {_e(cell.get('message_id'))}"
    )
    return (
        f'<td>{verdict}<div class="reply" dir="auto">{_e(cell["reply"])}</div>'
        f'<div class="meta" dir="ltr">{meta}</div></td>'
    )


def render_html(report: dict[str, Any]) -> str:
    """The report as a standalone HTML page (no script, no remote asset)."""
    head = "".join(f"<th>{_e(m['label'])}</th>" for m in report["models"])
    summary = "".join(
        f"<td>{t['complete']} answered · {t['failed']} failed · {t['pending']} pending"
        + (f"<br>{t['correct']}/{t['scored']} correct" if t["scored"] else "")
        + f"<br>{t['completion_tokens']} tokens in {t['seconds']:.1f} s</td>"
        for t in report["totals"]
    )
    rows = []
    for item in report["items"]:
        expected = (
            f'<div class="meta">expected: <span dir="auto">{_e(item["expected"])}</span></div>'
            if item["expected"]
            else ""
        )
        rows.append(
            f'<tr><td class="prompt"><div class="meta">{_e(item["id"])}</div>'
            f'<div class="reply" dir="auto">{_e(item["prompt"])}</div>{expected}</td>'
            + "".join(_cell_html(cell) for cell in item["cells"])
            + "</tr>"
        )
    width = max(10, 100 // (len(report["models"]) + 1))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Replay {_e(report['replay_id'])}</title><style>{_CSS}"
        f"th:first-child{{width:{width}%}}</style></head><body>"
        f"<h1>Replay {_e(report['replay_id'])} — {_e(report['source'])}</h1>"
        f'<p class="meta">{len(report["items"])} prompts · started {_e(report["created_at"])}'
        f" · max tokens {_e(report['settings'].get('max_tokens'))}"
        f" · temperature {_e(report['settings'].get('temperature'))}"
        f" · BiMediX {_e(report['app_version'])} · research tool, not for clinical use</p>"
        f"<table><tr><th>Prompt</th>{head}</tr><tr><th>Totals</th>{summary}</tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
