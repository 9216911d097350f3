"""One JSON line per request: never a body, a token or a password."""

import time

from loguru import logger
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middlewares.request_id import request_id


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            # Keyword arguments land in the record's extra (loguru's capture),
            # and cost nothing more when the level filters the line out.
            logger.info(
                "request",
                requestId=request_id(scope),
                method=scope["method"],
                path=scope["path"],
                status=status,
                durationMs=round((time.perf_counter() - started) * 1000, 3),
            )
