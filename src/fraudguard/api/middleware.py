"""ASGI middleware: request body limits per path, and request metrics.

Plain ASGI (not BaseHTTPMiddleware) so the body is counted as it arrives and a too-large
request is refused with 413 before any route reads it.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fraudguard.api import metrics

_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Too large — fraudguard</title><h1>Too large / बहुत बड़ा</h1><p>{}</p>"
    "<p>The file or text is larger than fraudguard accepts. "
    'फ़ाइल या संदेश बहुत बड़ा है।</p><p><a href="/">Back / वापस</a></p></html>'
)


async def _send_error(send: Send, status: int, code: str, message: str, path: str = "") -> None:
    if path.startswith("/v1/"):
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        ctype = b"application/json"
    else:  # the doctors' page: a readable page, not JSON
        body = _PAGE.format(html.escape(message)).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse bodies above the limit for their path (413); pass the rest on unchanged."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _send_error(
                send, 413, "input_too_large", f"the body is {int(declared)} bytes; the limit "
                f"for {scope['path']} is {limit} bytes", scope["path"],
            )  # fmt: skip
            return
        # read the whole body up to the limit, then replay it to the app
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _send_error(
                    send, 413, "input_too_large",
                    f"the body is larger than the limit for {scope['path']} of {limit} bytes",
                    scope["path"],
                )  # fmt: skip
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class RequestMetrics:
    """Count every request by route template and status, and time it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            # the template ("/v1/cases/{reference}"), never the raw path with its values
            name = getattr(route, "path", "unmatched")
            metrics.REQUESTS.labels(name, scope["method"], str(status)).inc()
            metrics.LATENCY.labels(name).observe(time.perf_counter() - start)
