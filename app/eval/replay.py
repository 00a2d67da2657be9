"""Replaying a question set over several models (`bimedix replay`, the GUI's
Replay dialog): the plan, the run, and the correct/incorrect rule.

Models run one after another (one model in memory at a time), each over
every prompt it has not finished yet, through the same `ChatRunner` as a
chat, so every exchange is an ordinary session; `replay_records` ties the
sessions to the replay id. The id is a digest of the question file's bytes,
the models and the settings: the same command resumes, a changed one
starts afresh. A model that fails to load or to answer marks its cells
failed and the replay goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bimedix.core.chat import ChatRunner, ReplyFinished, title_from
from bimedix.core.direction import normalize_for_search
from bimedix.core.store import ChatStore
from bimedix.engine.backend import Backend, CancelToken, GenerationParams
from bimedix.errors import UserFacingError
from bimedix.eval.generation import parse_answer
from bimedix.eval.items import LETTERS
from bimedix.eval.replay_records import ReplayCell, cells, ensure_run, save_cell
from bimedix.eval.replay_source import ReplayItem, read_question_set, source_digest
from bimedix.models.library import list_models
from bimedix.models.opening import RemoteServer

# Names `resolve_model` accepts besides the rows of `bimedix models list`.
_ALIASES = ("default", "embedded")

_SEED_SUFFIX = re.compile(r"@seed=(-?\d+)$")


@dataclass(frozen=True)
class ReplayModel:
    """One column of the report: what to open, and with which seed."""

    label: str  # unique within the replay ("smollm2", "smollm2@seed=2")
    spec: str | RemoteServer
    seed: int | None = None

    def describe(self) -> dict[str, object]:
        spec = self.spec
        where = spec if isinstance(spec, str) else f"{spec.base_url} ({spec.model or 'default'})"
        return {"label": self.label, "spec": where, "seed": self.seed}


def parse_models(
    text: str, seed: int | None, remote: RemoteServer | None = None
) -> list[ReplayModel]:
    """`--models A,B@seed=7,…` as columns. A name may end in `@seed=N` (so
    one model can run with two seeds); with `remote`, names are the
    server's model names.

    Raises:
        UserFacingError: empty, or a column listed twice.
    """
    models: list[ReplayModel] = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        match = _SEED_SUFFIX.search(raw)
        name = raw[: match.start()] if match else raw
        own_seed = int(match.group(1)) if match else seed
        if any(m.label == raw for m in models):
            raise UserFacingError(
                template="{name} is listed twice in --models; give one a seed: {name}@seed=2.",
                name=raw,
            )
        spec: str | RemoteServer = name
        if remote is not None:
            spec = RemoteServer(remote.base_url, name, remote.api_key, remote.timeout)
        models.append(ReplayModel(raw, spec, own_seed))
    if not models:
        raise UserFacingError(template="--models names no model.")
    return models


def check_model_names(specs: list[str], data_dir: Path) -> None:
    """Refuse names that are neither a known model nor an existing file,
    listing the names that exist."""
    rows = list_models(data_dir)
    known = {row.name.lower() for row in rows} | set(_ALIASES)
    for spec in specs:
        if spec.lower() in known or Path(spec).expanduser().is_file():
            continue
        installed = [row.name for row in rows if row.installed]
        others = [row.name for row in rows if not row.installed]
        raise UserFacingError(
            template="Unknown model {name}. Installed: {installed}. "
            "In the catalog (get them first): {others}. Or give a path to a GGUF file.",
            name=spec,
            installed=", ".join(installed) or "none",
            others=", ".join(others) or "none",
        )


def replay_id_for(digest: str, models: list[ReplayModel], settings: dict[str, object]) -> str:
    """12 hex digits naming (question file, models, settings)."""
    key = json.dumps([digest, [m.describe() for m in models], settings], sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:12]


# --- correct / incorrect ------------------------------------------------------
_ARABIC_OPTION = {"أ": "A", "ا": "A", "ب": "B", "ج": "C", "د": "D", "ه": "E"}


def expected_letter(expected: str) -> str | None:
    """The option letter when `expected` is one ("B", "b", "ب"), else None."""
    text = expected.strip().strip(".)(").strip()
    text = _ARABIC_OPTION.get(text, text).upper()
    return text if len(text) == 1 and text in LETTERS else None


def is_correct(reply: str, expected: str | None) -> bool | None:
    """The rule the report applies (None: nothing expected).

    An expected option letter (A–J, or Arabic أ ب ج د ه) is matched against
    the letter the reply names, read as the eval does (`parse_answer`: an
    explicit "Answer: B" first, then a marked "B)" or "(B)", then a bare
    letter). Any other expected text must appear in the reply, compared
    after search normalisation (case, harakat and Arabic letter variants
    folded, spaces collapsed).
    """
    if expected is None:
        return None
    letter = expected_letter(expected)
    if letter is not None:
        n_options = max(5, LETTERS.index(letter) + 1)
        return parse_answer(reply, n_options) == LETTERS.index(letter)
    want = " ".join(normalize_for_search(expected).split())
    return bool(want) and want in " ".join(normalize_for_search(reply).split())


# --- the run -------------------------------------------------------------------
@dataclass(frozen=True)
class ReplayPlan:
    """Everything a run needs, and the id that resumes it."""

    replay_id: str
    source: str  # the question file's name
    items: list[ReplayItem]
    models: list[ReplayModel]
    params: GenerationParams
    mode: str
    settings: dict[str, object] = field(default_factory=dict)


def plan_replay(
    path: Path, models: list[ReplayModel], *, max_tokens: int, temperature: float,
    mode: str,
) -> ReplayPlan:  # fmt: skip
    """Read the question set and name the replay.

    Raises:
        ReplaySourceError: the file is unreadable or malformed.
    """
    items = read_question_set(path)
    settings: dict[str, object] = {
        "max_tokens": max_tokens, "temperature": temperature, "mode": mode,
    }  # fmt: skip
    replay_id = replay_id_for(source_digest(path), models, settings)
    params = GenerationParams(max_tokens=max_tokens, temperature=temperature)
    return ReplayPlan(replay_id, path.name, items, models, params, mode, settings)


@dataclass(frozen=True)
class ReplayProgress:
    """Reported after every cell (and once when a model is skipped)."""

    done: int  # cells with a result, including those of earlier runs
    total: int
    done_this_run: int
    elapsed_s: float  # since this run started
    model: str
    item: ReplayItem | None
    cell: ReplayCell | None

    @property
    def eta_s(self) -> float | None:
        """Seconds left at this run's pace; None before the first cell."""
        if not self.done_this_run:
            return None
        return self.elapsed_s / self.done_this_run * (self.total - self.done)


Opener = Callable[[ReplayModel], Backend]


def run_replay(
    store: ChatStore,
    plan: ReplayPlan,
    open_model: Opener,
    *,
    cancel: CancelToken | None = None,
    on_progress: Callable[[ReplayProgress], None] | None = None,
) -> bool:
    """Answer every unfinished cell; True when none is left unanswered
    (failed cells count as answered). A cancel stops after the current
    reply, which is not kept: the next run asks again."""
    cancel = cancel or CancelToken()
    ensure_run(
        store, plan.replay_id, plan.source, [m.describe() for m in plan.models], plan.settings
    )
    recorded = cells(store, plan.replay_id)
    total = len(plan.items) * len(plan.models)
    done = sum(1 for cell in recorded.values() if cell.status == "complete")
    started = time.monotonic()
    done_this_run = 0

    def report(model: ReplayModel, item: ReplayItem | None, cell: ReplayCell | None) -> None:
        if on_progress is not None:
            on_progress(
                ReplayProgress(
                    done, total, done_this_run, time.monotonic() - started, model.label, item, cell
                )
            )

    for model_index, model in enumerate(plan.models):
        pending = [
            item
            for item in plan.items
            if (c := recorded.get((model_index, item.index))) is None or c.status != "complete"
        ]
        if not pending:
            continue
        if cancel.cancelled:
            return False
        try:
            backend = open_model(model)
        except UserFacingError as exc:  # includes ModelLoadError
            for item in pending:
                cell = ReplayCell(model_index, item.index, "failed", None, None, "", str(exc), None)
                save_cell(store, plan.replay_id, cell)
                recorded[(model_index, item.index)] = cell
                done += 1
                done_this_run += 1
                report(model, item, cell)
            continue
        try:
            runner = ChatRunner(store, backend)
            params = GenerationParams(**{**plan.params.to_dict(), "seed": model.seed})
            for item in pending:
                cell = _answer(store, runner, plan, model_index, model, item, recorded, params,
                               cancel)  # fmt: skip
                if cell is None:
                    return False
                recorded[(model_index, item.index)] = cell
                done += 1
                done_this_run += 1
                report(model, item, cell)
        finally:
            backend.close()
    return True


def _session_for(
    store: ChatStore, plan: ReplayPlan, model_index: int, model: ReplayModel,
    item: ReplayItem, recorded: dict[tuple[int, int], ReplayCell],
) -> tuple[int, bool]:  # fmt: skip
    """(session id, whether it was created now) for the item's conversation."""
    if item.turn > 0:
        before = recorded.get((model_index, item.index - 1))
        if before is not None and before.session_id is not None:
            return before.session_id, False
    title = f"Replay {plan.replay_id} · {model.label} · {title_from(item.prompt)}"
    return store.create_session(title, plan.mode, item.language).id, True


def _answer(
    store: ChatStore, runner: ChatRunner, plan: ReplayPlan, model_index: int,
    model: ReplayModel, item: ReplayItem, recorded: dict[tuple[int, int], ReplayCell],
    params: GenerationParams, cancel: CancelToken,
) -> ReplayCell | None:  # fmt: skip
    """One cell, recorded; None when cancelled (nothing recorded)."""
    session_id, created = _session_for(store, plan, model_index, model, item, recorded)
    started = time.monotonic()
    finished: ReplyFinished | None = None
    error: str | None = None
    try:
        for event in runner.send(session_id, item.prompt, params, cancel):
            if isinstance(event, ReplyFinished):
                finished = event
    except UserFacingError as exc:
        error = str(exc)
    seconds = time.monotonic() - started
    if cancel.cancelled and error is None:
        if created:  # only the prompt and a cut-off reply: the resume asks again
            store.delete_session(session_id)
        return None
    if finished is None or error is not None:
        cell = ReplayCell(model_index, item.index, "failed", session_id, None, "",
                          error or "no reply", seconds)  # fmt: skip
    else:
        message = finished.message
        cell = ReplayCell(model_index, item.index, "complete", session_id, message.id,
                          message.content, None, seconds)  # fmt: skip
    save_cell(store, plan.replay_id, cell)
    return cell
