"""Keeps `bimedix serve` from revealing where the model file lives.

llama-cpp-python names the model in a response by the `model` of the
request, or by the GGUF's full path when the request names none; errors may
quote paths too. `AliasOnlyMiddleware` (plain ASGI, so it also sees streamed
replies) sets `model` of every JSON request to the served alias, and scrubs
the model's path, folder and file name from every response body.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Message, Receive, Send], Awaitable[None]]


def secrets_of(model_path: Path) -> list[tuple[bytes, bytes]]:
    """(text to hide, replacement) pairs, longest first so that the full path
    goes before its parts. Each in plain and JSON-escaped form (Windows
    back-slashes and non-ASCII names come out escaped in JSON)."""
    path = str(model_path)
    folder = str(model_path.parent)
    # The folder only followed by a separator, or as a whole JSON string:
    # a bare "/models" would also match "/v1/models" in the API's own text.
    pairs: dict[str, str] = {
        path: "{alias}",
        model_path.name: "{alias}",
        folder.rstrip(os.sep) + os.sep: "<models>" + os.sep,
        f'"{folder}"': '"<models>"',
    }
    out: list[tuple[bytes, bytes]] = []
    for secret, replacement in pairs.items():
        if len(secret.strip('"' + os.sep)) < 2:
            continue
        escaped = json.dumps(secret)[1:-1].replace('\\"', '"')
        forms = {secret, escaped, json.dumps(secret, ensure_ascii=False)[1:-1].replace('\\"', '"')}
        out += [(form.encode(), replacement.encode()) for form in forms]
    return sorted(set(out), key=lambda pair: -len(pair[0]))


class AliasOnlyMiddleware:
    """ASGI middleware: the model is only ever named `alias`."""

    def __init__(self, app: App, model_path: Path, alias: str) -> None:
        self.app = app
        self.alias = alias
        self.secrets = [
            (secret, replacement.replace(b"{alias}", alias.encode()))
            for secret, replacement in secrets_of(model_path)
        ]

    def scrub(self, body: bytes) -> bytes:
        for secret, replacement in self.secrets:
            body = body.replace(secret, replacement)
        return body

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        receive = await self._rewritten_request(scope, receive)
        start: Message | None = None
        streaming = False
        buffered: list[bytes] = []

        async def scrubbing_send(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                # Held back until the body is known: its length may change.
                start = message
                headers = dict(message.get("headers") or [])
                streaming = b"content-length" not in headers
                if streaming:
                    await send(start)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body = message.get("body", b"")
            if streaming:
                # Server-sent events arrive one whole event per message.
                await send({**message, "body": self.scrub(body)})
                return
            buffered.append(body)
            if message.get("more_body"):
                return
            data = self.scrub(b"".join(buffered))
            assert start is not None
            headers = [
                (k, str(len(data)).encode() if k.lower() == b"content-length" else v)
                for k, v in start.get("headers") or []
            ]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": data})

        await self.app(scope, receive, scrubbing_send)

    async def _rewritten_request(self, scope: Message, receive: Receive) -> Receive:
        """`receive` for the app, with `model` of a JSON body set to the alias,
        so replies name the alias whatever (or nothing) the client sent."""
        if scope.get("method") != "POST":
            return receive
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([message])
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            payload = None
        if isinstance(payload, dict) and scope.get("path", "").startswith("/v1/"):
            payload["model"] = self.alias
            body = json.dumps(payload, ensure_ascii=False).encode()
            scope["headers"] = [
                (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                for k, v in scope.get("headers") or []
            ]
        return _replay([{"type": "http.request", "body": body, "more_body": False}], receive)


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A `receive` that gives `messages` first, then defers to `then`."""
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive
