"""A local stand-in for the Hugging Face hub's download protocol, on
127.0.0.1: HEAD/GET /{repo}/resolve/{revision}/{file} with X-Repo-Commit,
X-Linked-Etag, X-Linked-Size, ETag and Range, plus the failures tests need
(a cut connection, a corrupted body, a gated repo)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPO = "tester/tiny-GGUF"
FILE = "tiny.Q4_1.gguf"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class FakeHub:
    """What the fake hub serves, and what it saw."""

    content: bytes
    sha256: str
    corrupt: bool = False  # serve one flipped byte under the true hash
    cut_after: int | None = None  # close the connection after this many bytes, once
    token: str | None = None  # required bearer token (a gated repo)
    bytes_per_s: int | None = None  # throttle, to watch progress (screenshots)
    ranges: list[str] = field(default_factory=list)
    url: str = ""


def start_fake_hub(content: bytes) -> tuple[FakeHub, ThreadingHTTPServer]:
    """Serve `content` as REPO/FILE; stop it with server.shutdown()."""
    state = FakeHub(content, hashlib.sha256(content).hexdigest())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _route(self) -> bool:
            expected = f"/{REPO}/resolve/main/{FILE}"
            if state.token and self.headers.get("Authorization") != f"Bearer {state.token}":
                self.send_response(401)
                self.send_header("X-Error-Code", "GatedRepo")
                self.send_header("X-Error-Message", "Access to this model is restricted.")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            if self.path != expected:
                self.send_response(404)
                self.send_header("X-Error-Code", "EntryNotFound")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            return True

        def _common_headers(self) -> None:
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("X-Linked-Etag", f'"{state.sha256}"')
            self.send_header("X-Linked-Size", str(len(state.content)))
            self.send_header("ETag", f'"{state.sha256}"')
            self.send_header("Accept-Ranges", "bytes")

        def do_HEAD(self) -> None:  # noqa: N802
            if self._route():
                self.send_response(200)
                self._common_headers()
                self.send_header("Content-Length", str(len(state.content)))
                self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            if not self._route():
                return
            body = bytearray(state.content)
            if state.corrupt:
                body[len(body) // 2] ^= 0xFF
            start = 0
            if "Range" in self.headers:
                state.ranges.append(self.headers["Range"])
                start = int(self.headers["Range"].removeprefix("bytes=").rstrip("-"))
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            self._common_headers()
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            payload = bytes(body[start:])
            if state.cut_after is not None:
                payload, state.cut_after = payload[: state.cut_after], None
                self.wfile.write(payload)
                self.wfile.flush()
                self.close_connection = True
                return
            if state.bytes_per_s:
                step = max(1, state.bytes_per_s // 10)
                try:
                    for start_at in range(0, len(payload), step):
                        self.wfile.write(payload[start_at : start_at + step])
                        time.sleep(0.1)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client cancelled
                return
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    return state, server
