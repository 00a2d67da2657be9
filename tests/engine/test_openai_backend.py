"""OpenAIBackend against servers that misbehave: down, silent, stalling
mid-reply, answering errors. A small scripted HTTP server on 127.0.0.1
plays each part; the happy path against a real model is in test_serve.py."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bimedix.engine.backend import CancelToken, ChatMessage, Finished, GenerationParams, TextDelta
from bimedix.engine.openai_backend import OpenAIBackend, RemoteBackendError, _api_root

Script = Callable[[BaseHTTPRequestHandler], None]
MESSAGES = [ChatMessage("user", "hi")]
PARAMS = GenerationParams(max_tokens=8, seed=1)


def models_ok(handler: BaseHTTPRequestHandler) -> None:
    body = json.dumps({"data": [{"id": "m1", "max_model_len": 8192}]}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def sse_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()


def sse(handler: BaseHTTPRequestHandler, data: object) -> None:
    payload = data if isinstance(data, str) else json.dumps(data)
    handler.wfile.write(f"data: {payload}\n\n".encode())
    handler.wfile.flush()


def delta(text: str, finish: str | None = None) -> dict[str, object]:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


@pytest.fixture
def scripted() -> Iterator[Callable[[Script], str]]:
    """Start a server whose /v1/models works and whose chat endpoint runs
    the given script; returns its base URL."""
    servers: list[ThreadingHTTPServer] = []
    release = threading.Event()

    def start(chat: Script) -> str:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                models_ok(self)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                self.server.last_body = json.loads(self.rfile.read(length))  # type: ignore[attr-defined]
                try:
                    chat(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.release = release  # type: ignore[attr-defined]
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    release.set()
    for server in servers:
        server.shutdown()
        server.server_close()


def test_base_url_forms() -> None:
    assert _api_root("http://host:8000") == ("http", "host", 8000, "/v1")
    assert _api_root("http://host:8000/v1/") == ("http", "host", 8000, "/v1")
    assert _api_root("https://example.org/openai/v1") == ("https", "example.org", 443, "/openai/v1")
    with pytest.raises(RemoteBackendError, match="not a server address"):
        _api_root("localhost:8000")


def test_server_down_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RemoteBackendError, match="Cannot reach the model server"):
        OpenAIBackend(f"http://127.0.0.1:{port}/v1")


def test_streams_deltas_and_reads_usage_and_context(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        sse_headers(handler)
        handler.wfile.write(b": keep-alive comment\n\n")
        for piece in ("Hel", "lo", " there"):
            sse(handler, delta(piece))
        sse(handler, delta("", "length"))
        sse(handler, {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 3}})
        sse(handler, "[DONE]")

    url = scripted(chat)
    backend = OpenAIBackend(url, api_key="k")
    assert backend.model == "m1" and backend.info.n_ctx == 8192
    events = list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=3, top_k=7, seed=5)))
    assert [e.text for e in events if isinstance(e, TextDelta)] == ["Hel", "lo", " there"]
    stats = events[-1].stats  # type: ignore[union-attr]
    assert (stats.stop_reason, stats.prompt_tokens, stats.completion_tokens, stats.seed) == (
        "length", 9, 3, 5,
    )  # fmt: skip


def test_request_carries_the_sampling_settings(scripted: Callable[[Script], str]) -> None:
    seen: dict[str, object] = {}

    def chat(handler: BaseHTTPRequestHandler) -> None:
        seen.update(handler.server.last_body)  # type: ignore[attr-defined]
        sse_headers(handler)
        sse(handler, "[DONE]")

    backend = OpenAIBackend(scripted(chat), "m1")
    list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=5, temperature=0.2, seed=9)))
    assert seen["stream"] is True and seen["model"] == "m1"
    assert (seen["max_tokens"], seen["temperature"], seen["seed"]) == (5, 0.2, 9)
    assert seen["messages"] == [{"role": "user", "content": "hi"}]


def test_http_error_shows_the_servers_message(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"error": {"message": "model 'x' does not exist"}}).encode()
        handler.send_response(404)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    backend = OpenAIBackend(scripted(chat), "x")
    with pytest.raises(RemoteBackendError, match="answered 404: model 'x' does not exist"):
        list(backend.stream_chat(MESSAGES, PARAMS))


def test_a_silent_server_times_out(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        sse_headers(handler)
        sse(handler, delta("one"))
        handler.server.release.wait(10)  # type: ignore[attr-defined]

    backend = OpenAIBackend(scripted(chat), "m1", timeout=1.5)
    received: list[object] = []
    with pytest.raises(RemoteBackendError, match="sent nothing for"):
        for event in backend.stream_chat(MESSAGES, PARAMS):
            received.append(event)
    assert received == [TextDelta("one")]


def test_stop_works_while_the_server_is_silent(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        sse_headers(handler)
        sse(handler, delta("thinking"))
        handler.server.release.wait(10)  # type: ignore[attr-defined]

    backend = OpenAIBackend(scripted(chat), "m1", timeout=30)
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    events = list(backend.stream_chat(MESSAGES, PARAMS, cancel))
    assert time.monotonic() - started < 5, "Stop must not wait for the 30 s timeout"
    assert events[0] == TextDelta("thinking")
    assert isinstance(events[-1], Finished) and events[-1].stats.stop_reason == "stopped"


def test_a_connection_cut_mid_reply_is_an_error(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        sse_headers(handler)
        sse(handler, delta("half"))
        handler.wfile.write(b'data: {"choices": [')  # then the connection closes
        handler.wfile.flush()
        handler.close_connection = True

    backend = OpenAIBackend(scripted(chat), "m1")
    with pytest.raises(RemoteBackendError, match="not JSON"):
        list(backend.stream_chat(MESSAGES, PARAMS))


def test_stop_works_before_a_busy_server_answers(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        handler.server.release.wait(10)  # type: ignore[attr-defined]  # queued, no headers yet

    backend = OpenAIBackend(scripted(chat), "m1", timeout=30)
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    events = list(backend.stream_chat(MESSAGES, PARAMS, cancel))
    assert time.monotonic() - started < 5
    assert len(events) == 1 and events[0].stats.stop_reason == "stopped"  # type: ignore[union-attr]


def test_no_cancel_watcher_is_left_running(scripted: Callable[[Script], str]) -> None:
    def chat(handler: BaseHTTPRequestHandler) -> None:
        body = b'{"error": {"message": "bad"}}'
        handler.send_response(400)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    backend = OpenAIBackend(scripted(chat), "m1")
    for _ in range(3):
        with pytest.raises(RemoteBackendError, match="answered 400: bad"):
            list(backend.stream_chat(MESSAGES, PARAMS))
    time.sleep(3 * 0.05)
    assert not [t for t in threading.enumerate() if t.name == "openai-cancel"]
