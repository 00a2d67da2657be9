"""Shared fixtures: the real embedded GGUF loaded once per test session, and a
fresh chat database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimedix.core.catalog import embedded_model_path
from bimedix.core.store import ChatStore

# Tests use SmolLM2 wherever the app would pick its default model (Qwen2.5-Coder
# 1.5B, 1.1 GB): CI stays fast. Subprocesses inherit it; tests of the default
# model itself remove it with monkeypatch.
os.environ.setdefault("BIMEDIX_DEFAULT_MODEL", "smollm2")


@pytest.fixture(scope="session")
def backend() -> Iterator[object]:
    """SmolLM2-135M through llama.cpp, shared by every engine and chat test.

    Created on the main thread, which is the thread pytest runs tests on, so
    the backend's one-thread rule holds for every test that uses it.
    """
    from bimedix.engine.llama_backend import LlamaCppBackend

    llama_backend = LlamaCppBackend(embedded_model_path(), n_ctx=2048)
    yield llama_backend
    llama_backend.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "chats.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[ChatStore]:
    chat_store = ChatStore(db_path)
    yield chat_store
    chat_store.close()
