"""A local stand-in for the Hugging Face hub's download protocol, on
127.0.0.1: HEAD/GET /{repo}/resolve/{revision}/{file} with X-Repo-Commit,
X-Linked-Etag, X-Linked-Size, ETag and Range, the file listing
GET /api/models/{repo}/tree/{revision} (LFS files with their SHA-256 as the
hub gives them), plus the failures tests need (a cut connection, a
corrupted body, a gated repo)."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

REPO = "tester/tiny-GGUF"
FILE = "tiny.Q4_1.gguf"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
# Stored with git LFS, as a model repository's .gitattributes says; the rest
# (config.json, tokenizer_config.json, ...) are plain git blobs.
LFS_PATTERNS = ("*.gguf", "*.safetensors", "*.bin", "*.model")


def is_lfs(path: str) -> bool:
    return any(fnmatch.fnmatch(path.rsplit("/", 1)[-1], p) for p in LFS_PATTERNS)


def git_blob_id(content: bytes) -> str:
    """The git object id the hub uses as the ETag of a non-LFS file."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


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
    # Further repositories: repo id -> {path in repo: bytes}.
    repos: dict[str, dict[str, bytes]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)  # "repo/path" of each GET

    def add_repo(self, repo_id: str, files: dict[str, bytes]) -> None:
        self.repos[repo_id] = dict(files)

    def file(self, repo_id: str, path: str) -> bytes | None:
        if repo_id == REPO and path == FILE:
            return self.content
        return self.repos.get(repo_id, {}).get(path)

    def tree(self, repo_id: str) -> list[dict[str, object]] | None:
        """The JSON of /api/models/{repo}/tree/{revision}?recursive=true."""
        files = {FILE: self.content} if repo_id == REPO else self.repos.get(repo_id)
        if files is None:
            return None
        listing: list[dict[str, object]] = []
        for path, content in sorted(files.items()):
            item: dict[str, object] = {"type": "file", "path": path, "size": len(content)}
            if is_lfs(path):
                pointer = (
                    "version https://git-lfs.github.com/spec/v1\n"
                    f"oid sha256:{hashlib.sha256(content).hexdigest()}\nsize {len(content)}\n"
                ).encode()
                item["oid"] = git_blob_id(pointer)
                item["lfs"] = {
                    "oid": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                    "pointerSize": len(pointer),
                }
            else:
                item["oid"] = git_blob_id(content)
            listing.append(item)
        return listing


def start_fake_hub(content: bytes) -> tuple[FakeHub, ThreadingHTTPServer]:
    """Serve `content` as REPO/FILE (and any repo added with
    `FakeHub.add_repo`); stop it with server.shutdown()."""
    state = FakeHub(content, hashlib.sha256(content).hexdigest())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _refuse(self, status: int, code: str, message: str = "") -> None:
            self.send_response(status)
            self.send_header("X-Error-Code", code)
            if message:
                self.send_header("X-Error-Message", message)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _authorised(self) -> bool:
            if state.token and self.headers.get("Authorization") != f"Bearer {state.token}":
                self._refuse(401, "GatedRepo", "Access to this model is restricted.")
                return False
            return True

        def _route(self) -> tuple[str, bytes] | None:
            """The requested file's name and bytes, or None (answered)."""
            if not self._authorised():
                return None
            path = urlsplit(self.path).path
            for repo_id in (REPO, *state.repos):
                for revision in ("main", COMMIT):
                    prefix = f"/{repo_id}/resolve/{revision}/"
                    if path.startswith(prefix):
                        name = unquote(path[len(prefix) :])
                        content = state.file(repo_id, name)
                        if content is not None:
                            return f"{repo_id}/{name}", content
            self._refuse(404, "EntryNotFound")
            return None

        def _common_headers(self, name: str, content: bytes) -> None:
            self.send_header("X-Repo-Commit", COMMIT)
            if is_lfs(name):
                sha256 = hashlib.sha256(content).hexdigest()
                self.send_header("X-Linked-Etag", f'"{sha256}"')
                self.send_header("X-Linked-Size", str(len(content)))
                self.send_header("ETag", f'"{sha256}"')
            else:
                self.send_header("ETag", f'"{git_blob_id(content)}"')
            self.send_header("Accept-Ranges", "bytes")

        def _send_tree(self) -> None:
            repo_and_rest = urlsplit(self.path).path.removeprefix("/api/models/")
            repo_id, _, revision = repo_and_rest.partition("/tree/")
            listing = state.tree(repo_id) if revision in ("main", COMMIT) else None
            if listing is None:
                self._refuse(404, "RepoNotFound", "Repository not found")
                return
            body = json.dumps(listing).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802
            if found := self._route():
                self.send_response(200)
                self._common_headers(*found)
                self.send_header("Content-Length", str(len(found[1])))
                self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/api/models/"):
                if self._authorised():
                    self._send_tree()
                return
            found = self._route()
            if found is None:
                return
            name, content = found
            state.fetched.append(name)
            body = bytearray(content)
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
            self._common_headers(name, content)
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
