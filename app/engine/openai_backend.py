"""A backend for any OpenAI-compatible chat server (llama.cpp's server,
`bimedix serve`, vLLM serving BiMediX for a whole event).

Speaks `POST {base}/chat/completions` with `stream: true` (server-sent
events) over the standard library's `http.client`, so it needs no extra
package. Stop works even while the server is silent: a watcher closes the
connection when the `CancelToken` is set. Every failure a user or network
can cause (server down, wrong key, unknown model, a server that stops
sending) becomes a `RemoteBackendError` with a clear message.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from bimedix.engine.backend import (
    CancelToken,
    ChatMessage,
    Finished,
    GenerationParams,
    GenerationStats,
    ModelInfo,
    StopReason,
    StreamEvent,
    TextDelta,
)
from bimedix.errors import UserFacingError

DEFAULT_TIMEOUT = 120.0  # seconds without a byte from the server
CONNECT_TIMEOUT = 10.0
_CANCEL_POLL = 0.05


class RemoteBackendError(UserFacingError):
    """The model server could not be reached or refused the request."""


def _api_root(base_url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path prefix) of an OpenAI-style API.

    "http://host:8000" and "http://host:8000/v1" both mean the `/v1` API;
    any other path is used as given.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteBackendError(
            template="“{url}” is not a server address; use e.g. http://127.0.0.1:8000/v1",
            url=base_url,
        )
    path = parts.path.rstrip("/") or "/v1"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RemoteBackendError(
            template="“{url}” is not a server address; use e.g. http://127.0.0.1:8000/v1",
            url=base_url,
        ) from exc
    return parts.scheme, parts.hostname, port, path


class OpenAIBackend:
    """Chat with a model on an OpenAI-compatible server.

    Unlike the local backend it may be used from any thread, one stream at a
    time per instance. Creating it asks the server for its models (a clear
    error now rather than at the first message) and, when `model` is not
    given, uses the first one the server lists.
    """

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        extended_sampling: bool = True,
    ) -> None:
        self._scheme, self._host, self._port, self._prefix = _api_root(base_url)
        self.base_url = f"{self._scheme}://{self._host}:{self._port}{self._prefix}"
        self._api_key = api_key or None
        self._timeout = timeout
        # top_k, min_p and repeat_penalty are understood by llama.cpp's and
        # vLLM's servers; OpenAI's own API rejects them.
        self._extended_sampling = extended_sampling
        listed = self._get_models()
        ids = [str(m.get("id")) for m in listed if isinstance(m, dict) and m.get("id")]
        if model is None:
            if not ids:
                raise RemoteBackendError(
                    template="The server at {url} lists no models; give a model name.",
                    url=self.base_url,
                )
            model = ids[0]
        self.model = model
        meta = next((m for m in listed if isinstance(m, dict) and m.get("id") == model), {})
        n_ctx = 0
        for key in ("max_model_len", "context_length", "n_ctx"):  # vLLM, others
            if isinstance(meta.get(key), int):
                n_ctx = meta[key]
        meta_block = meta.get("meta") if isinstance(meta.get("meta"), dict) else {}
        if not n_ctx and isinstance(meta_block.get("n_ctx_train"), int):
            n_ctx = meta_block["n_ctx_train"]
        self._info = ModelInfo(
            path=f"{self.base_url}#{model}",
            file_name=model,
            architecture="remote",
            n_ctx=n_ctx,
            prompt_format="server",
            display_name=f"{model} @ {self._host}:{self._port}",
            engine=f"OpenAI-compatible server {self.base_url}",
        )

    @property
    def info(self) -> ModelInfo:
        return self._info

    # --- HTTP -------------------------------------------------------------
    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self._scheme == "https":
            return http.client.HTTPSConnection(
                self._host, self._port, timeout=timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(self._host, self._port, timeout=timeout)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _open(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        timeout: float,
        watcher: _CancelWatcher | None = None,
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send a request; returns the connection and the response. With a
        `watcher`, Stop also works while the server has not answered yet
        (a busy server queueing requests)."""
        connection = self._connection(min(timeout, CONNECT_TIMEOUT))
        payload = json.dumps(body).encode("utf-8") if body is not None else None
        try:
            connection.connect()
            sock = connection.sock
            assert sock is not None
            sock.settimeout(timeout)
            if watcher is not None:
                watcher.watch(sock)
            connection.request(method, self._prefix + path, body=payload, headers=self._headers())
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            if watcher is not None and watcher.cancel.cancelled:
                raise _Stopped from exc
            if isinstance(exc, TimeoutError):
                raise RemoteBackendError(
                    template="The model server at {url} did not answer within {seconds} s.",
                    url=self.base_url,
                    seconds=round(timeout),
                ) from exc
            raise RemoteBackendError(
                template="Cannot reach the model server at {url}: {reason}",
                url=self.base_url,
                reason=getattr(exc, "strerror", None) or exc,
            ) from exc
        if response.status >= 400:
            detail = _error_detail(response.read(4096))
            connection.close()
            if response.status in (401, 403):
                raise RemoteBackendError(
                    template="The model server at {url} refused the API key ({detail}).",
                    url=self.base_url,
                    detail=detail or response.reason,
                )
            raise RemoteBackendError(
                template="The model server at {url} answered {status}: {detail}",
                url=self.base_url,
                status=response.status,
                detail=detail or response.reason,
            )
        return connection, response

    def _get_models(self) -> list[Any]:
        connection, response = self._open("GET", "/models", None, min(self._timeout, 30.0))
        try:
            data = json.loads(response.read())
        except ValueError as exc:
            raise RemoteBackendError(
                template="{url} is not an OpenAI-compatible server (its model list is not JSON).",
                url=self.base_url,
            ) from exc
        finally:
            connection.close()
        listed = data.get("data") if isinstance(data, dict) else None
        return listed if isinstance(listed, list) else []

    def _request_body(
        self, messages: Sequence[ChatMessage], params: GenerationParams, seed: int
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "seed": seed,
        }
        if self._extended_sampling:
            body.update(
                top_k=params.top_k, min_p=params.min_p, repeat_penalty=params.repeat_penalty
            )
        return body

    # --- Backend ----------------------------------------------------------
    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]:
        """Stream a reply; see `backend.Backend`."""
        cancel = cancel or CancelToken()
        seed = params.seed if params.seed is not None else random.getrandbits(31)
        started = time.perf_counter()
        watcher = _CancelWatcher(cancel)
        try:
            connection, response = self._open(
                "POST",
                "/chat/completions",
                self._request_body(messages, params, seed),
                self._timeout,
                watcher,
            )
        except _Stopped:
            watcher.stop()
            yield Finished(GenerationStats("stopped", 0, 0, 0, None, None, seed))
            return
        except BaseException:
            watcher.stop()
            raise
        reason: StopReason = "finished"
        first_token_at: float | None = None
        chunks = 0
        usage: dict[str, Any] = {}
        try:
            for data in _server_sent_events(response):
                if cancel.cancelled:
                    reason = "stopped"
                    break
                if data == "[DONE]":
                    break
                event = _parse_event(data, self.base_url)
                if isinstance(event.get("usage"), dict):
                    usage = event["usage"]
                for choice in event.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content") or ""
                    if text:
                        if first_token_at is None:
                            first_token_at = time.perf_counter()
                        chunks += 1
                        yield TextDelta(text)
                    if choice.get("finish_reason") == "length":
                        reason = "length"
            else:
                if cancel.cancelled:
                    reason = "stopped"
        except TimeoutError as exc:
            if not cancel.cancelled:
                raise RemoteBackendError(
                    template="The model server at {url} sent nothing for {seconds} s and was "
                    "given up on.",
                    url=self.base_url,
                    seconds=round(self._timeout),
                ) from exc
            reason = "stopped"
        except (OSError, http.client.HTTPException) as exc:
            if not cancel.cancelled:
                raise RemoteBackendError(
                    template="The connection to the model server at {url} broke: {reason}",
                    url=self.base_url,
                    reason=getattr(exc, "strerror", None) or exc,
                ) from exc
            reason = "stopped"
        finally:
            watcher.stop()
            response.close()
            connection.close()
        if cancel.cancelled:
            reason = "stopped"
        ended = time.perf_counter()
        completion = int(usage.get("completion_tokens") or chunks)
        rate = None
        if first_token_at is not None and completion > 1 and ended > first_token_at:
            rate = (completion - 1) / (ended - first_token_at)
        yield Finished(
            GenerationStats(
                stop_reason=reason,
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                prompt_tokens_evaluated=int(usage.get("prompt_tokens") or 0),
                completion_tokens=completion,
                time_to_first_token_s=(first_token_at - started) if first_token_at else None,
                tokens_per_s=rate,
                seed=seed,
            )
        )

    def close(self) -> None:
        """Nothing to release: each request has its own connection."""


class _Stopped(Exception):
    """The user pressed Stop before the server answered."""


class _CancelWatcher:
    """Shuts a socket down when a CancelToken is set.

    A blocked read only returns when bytes arrive; shutting the socket down
    ends it at once, so Stop works on a silent or busy server too.
    """

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel
        self._done = threading.Event()

    def watch(self, sock: socket.socket) -> None:
        def run() -> None:
            while not self._done.wait(_CANCEL_POLL):
                if self.cancel.cancelled:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass  # already closed
                    return

        threading.Thread(target=run, name="openai-cancel", daemon=True).start()

    def stop(self) -> None:
        self._done.set()


def _server_sent_events(response: http.client.HTTPResponse) -> Iterator[str]:
    """The `data:` payloads of a text/event-stream, one per event."""
    lines: list[str] = []
    while True:
        raw = response.readline()
        if not raw:
            if lines:
                yield "\n".join(lines)
            return
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if not line:
            if lines:
                yield "\n".join(lines)
                lines = []
        elif line.startswith("data:"):
            lines.append(line[5:].lstrip(" "))
        # Comments (": ping") and other fields are ignored, as the spec says.


def _parse_event(data: str, url: str) -> dict[str, Any]:
    try:
        event = json.loads(data)
    except ValueError as exc:
        raise RemoteBackendError(
            template="The model server at {url} sent something that is not JSON.", url=url
        ) from exc
    if not isinstance(event, dict):
        return {}
    if "error" in event:
        raise RemoteBackendError(
            template="The model server at {url} answered {status}: {detail}",
            url=url,
            status="an error",
            detail=_error_detail(json.dumps(event).encode()),
        )
    return event


def _error_detail(body: bytes) -> str:
    """The message inside an OpenAI-style error body, else its text."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(data, dict):
        error = data.get("error", data.get("detail"))
        if isinstance(error, dict):
            return str(error.get("message") or error)[:300]
        if error:
            return str(error)[:300]
    return text[:300]
