"""X-Request-ID: the request's own when it is safe, else a new UUID."""

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SAFE = re.compile(r"[A-Za-z0-9._~-]{1,128}")


def request_id(scope: Scope) -> str:
    """The id this request answers with."""
    value: str = scope.get("state", {}).get("request_id", "")
    return value


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given = value.decode("latin-1")
        rid = given if _SAFE.fullmatch(given) else str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = rid

        header = (b"x-request-id", rid.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = message.get("headers", ())
                kept = [h for h in given if h[0].lower() != header[0]]
                message["headers"] = [*kept, header]
            await send(message)

        await self.app(scope, receive, send_with_id)
