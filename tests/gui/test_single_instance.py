"""Two app instances on one data folder: the second hands over to the first."""

from __future__ import annotations

import os
import subprocess
import sys

from bimedix.core.instance_lock import InstanceLock
from bimedix.gui.single_instance import RaiseServer


def test_lock_is_exclusive_and_released_when_dropped(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire() and second.held_elsewhere()
    first.release()
    assert not second.held_elsewhere() and second.acquire()
    second.release()


def test_second_start_raises_the_running_window_and_exits(qtbot, tmp_path):
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    server = RaiseServer(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(server.raise_requested, timeout=20000):
        process = subprocess.Popen(
            [sys.executable, "-m", "bimedix", "--data-dir", str(tmp_path),
             "--screenshot", str(tmp_path / "x.png")],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
    _out, err = process.communicate()
    assert process.returncode == 0 and "already running" in err
    assert not (tmp_path / "chats.db").exists()  # it never opened the database
    lock.release()


def test_cli_leaves_replies_of_a_running_app_alone(tmp_path):
    from bimedix.core.store import ChatStore

    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("t", "consult", "en")
    store.add_message(session.id, "user", "hi")
    streaming = store.add_message(session.id, "assistant", "partial", status="streaming")
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "chat",
             "--once", "hello", "--max-tokens", "4"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert store.get_message(streaming.id).status == "streaming"
    finally:
        lock.release()
