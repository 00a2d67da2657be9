"""The compare view with scripted backends: every model answers the same
prompt through its own controller, in parallel or one at a time by the
memory rule; blind mode hides the names until the vote, which is stored
and then reveals them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bimedix.core.compare_votes import votes
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.engine.backend import ModelInfo
from bimedix.errors import ModelLoadError
from bimedix.gui.compare.memory import fits_in_parallel, model_bytes
from bimedix.gui.compare.view import CompareWindow
from tests.gui.fake_backend import ScriptedBackend

WAIT_MS = 15000


class Models:
    """A factory handing each spec its own scripted backend ("broken" fails)."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.opened: list[str] = []
        self.backends: dict[str, ScriptedBackend] = {}

    def __call__(self, spec: str, n_ctx: int, formats: dict[str, str]) -> ScriptedBackend:
        if spec == "broken":
            raise ModelLoadError(f"Model file not found: {spec}")
        self.opened.append(spec)
        backend = ScriptedBackend(f"Reply from {spec}.", delay_s=self.delay_s)
        backend._info = ModelInfo(f"/m/{spec}.gguf", f"{spec}.gguf", "llama", 2048, "chatml",
                                  f"Model {spec.upper()}")  # fmt: skip
        self.backends[spec] = backend
        return backend


@pytest.fixture
def make_view(qtbot, tmp_path: Path):
    views: list[CompareWindow] = []

    def make(models: Models, *, available: int, seed: int = 3) -> CompareWindow:
        view = CompareWindow(ChatStore(tmp_path / "chats.db"), Settings(), backend_factory=models,
                             rng=random.Random(seed), available=available,
                             measure=lambda spec: 1000)  # fmt: skip
        qtbot.addWidget(view)
        views.append(view)
        return view

    yield make
    for view in views:
        view.close()


def ask(qtbot, view: CompareWindow, models: str, prompt: str, blind: bool) -> None:
    view.models_edit.setText(models)
    view.blind_box.setChecked(blind)
    view.prompt_edit.setPlainText(prompt)
    with qtbot.waitSignal(view.round_finished, timeout=WAIT_MS):
        assert view.ask()


def test_blind_round_hides_names_until_the_vote_then_stores_and_reveals(qtbot, make_view) -> None:
    models = Models()
    view = make_view(models, available=1 << 40)
    ask(qtbot, view, "alpha, beta", "ما هي أعراض الحمى؟", blind=True)
    assert view.parallel
    titles = [pane.title.text() for pane in view.panes]
    assert titles == ["Model A", "Model B"]  # no name, no file, only letters
    assert all("alpha" not in p.status.text() + p.title.text() for p in view.panes)
    replies = {pane.spec: pane.reply for pane in view.panes}
    assert replies == {"alpha": "Reply from alpha.", "beta": "Reply from beta."}
    # Each contender answered through its own controller, in its own session.
    assert len({id(p.controller) for p in view.panes}) == 2
    assert len({p.session_id for p in view.panes}) == 2
    winner = view.panes[1]
    with qtbot.waitSignal(view.voted, timeout=WAIT_MS):
        winner.vote_button.click()
    assert [p.title.text() for p in view.panes] == [
        f"{p.letter} — Model {p.spec.upper()}" for p in view.panes
    ]
    (vote,) = votes(view.store)
    assert vote["blind"] and vote["winner"] == "B" and vote["prompt"] == "ما هي أعراض الحمى؟"
    assert [(c["label"], c["model"], c["reply"]) for c in vote["contenders"]] == [
        (p.letter, p.spec, p.reply) for p in view.panes
    ]
    assert not winner.vote_button.isEnabled()  # one vote per round


def test_blind_mode_shuffles_which_column_is_which(qtbot, make_view) -> None:
    orders = set()
    for seed in range(6):
        view = make_view(Models(), available=1 << 40, seed=seed)
        ask(qtbot, view, "alpha, beta, gamma", "Hello", blind=True)
        orders.add(tuple(p.spec for p in view.panes))
        view.close()
    assert len(orders) > 1


def test_without_memory_they_answer_one_after_another(qtbot, make_view) -> None:
    models = Models(delay_s=0.01)
    view = make_view(models, available=0)
    ask(qtbot, view, "alpha, broken, beta", "Hello", blind=False)
    assert not view.parallel and "One after another" in view.mode_label.text()
    by_spec = {pane.spec: pane for pane in view.panes}
    assert by_spec["broken"].failed and "not found" in by_spec["broken"].status.text()
    assert by_spec["alpha"].reply == "Reply from alpha." and by_spec["beta"].reply
    # Released after its turn: never two models open at once.
    assert all(b.closed for b in models.backends.values())
    assert by_spec["alpha"].title.text() == "A — Model ALPHA"  # not blind: named at once
    assert not by_spec["broken"].vote_button.isEnabled() and view.tie_button.isEnabled()
    view.tie_button.click()
    assert votes(view.store)[0]["winner"] == "tie" and not votes(view.store)[0]["blind"]


def test_memory_rule(tmp_path: Path) -> None:
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"\0" * 1000)
    assert model_bytes(str(gguf), tmp_path) == 1200 + (256 << 20)
    assert model_bytes("openai:http://farm:8000/v1#qwen", tmp_path) == 0
    assert model_bytes("no-such-model", tmp_path) is None
    assert fits_in_parallel([100, 200], 1000) and not fits_in_parallel([400, 400], 1000)
    assert not fits_in_parallel([1, None], 1 << 40)  # unknown: one at a time
