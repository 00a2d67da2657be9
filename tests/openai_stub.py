"""A minimal OpenAI-compatible chat server on 127.0.0.1 for tests of code
that talks to one (the kiosk's remote option, translation drafts): it lists
one model, streams a fixed reply word by word, and records every chat
request and its Authorization header. The real server (`bimedix serve` on
the embedded model) is tested in tests/engine/test_serve.py."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class OpenAIStub(ThreadingHTTPServer):
    def __init__(self, reply: str, model: str = "bimedix") -> None:
        self.reply = reply
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.keys: list[str | None] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> OpenAIStub:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: OpenAIStub

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # /v1/models
        self._send("application/json", json.dumps({"data": [{"id": self.server.model}]}).encode())

    def do_POST(self) -> None:  # /v1/chat/completions, streamed
        length = int(self.headers["Content-Length"])
        self.server.requests.append(json.loads(self.rfile.read(length)))
        self.server.keys.append(self.headers.get("Authorization"))
        words = self.server.reply.split(" ")
        pieces = [words[0], *(" " + word for word in words[1:])]
        events: list[dict[str, Any]] = [
            {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            for piece in pieces
        ]
        events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        self._send("text/event-stream", body.encode())
