"""The request target and header checks of the contract, before routing, in
the go target's order: the target's length, the header fields' size, an
encoded slash, a malformed query string.

uvicorn's own parser is given a far larger limit (see app.__main__), so that a
client meets these, answered as problems, first.
"""

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.problems import problem_response

MAX_TARGET_BYTES = 8192
MAX_HEADER_BYTES = 16384
_ENCODED_SLASH = re.compile(rb"%2[fF]")
# A raw ";" (which some parsers take for "&") or a "%" that does not start
# an escape: the query string has no one meaning, so it is refused.
_MALFORMED_QUERY = re.compile(rb";|%(?![0-9A-Fa-f]{2})")


def target_length(scope: Scope) -> int:
    """The length of the request target as sent: path, then `?query` if any."""
    query: bytes = scope.get("query_string", b"")
    raw_path: bytes | None = scope.get("raw_path")
    path = raw_path if raw_path is not None else scope["path"].encode()
    return len(path) + (len(query) + 1 if query else 0)


def has_encoded_slash(scope: Scope) -> bool:
    """Whether the path as sent holds an encoded slash. No route has a slash
    inside a segment, and uvicorn hands routing the decoded path, where %2F
    would pass for a separator: such a request is a 404."""
    raw_path: bytes | None = scope.get("raw_path")
    return raw_path is not None and _ENCODED_SLASH.search(raw_path) is not None


def malformed_query(scope: Scope) -> bool:
    """Whether the query string is malformed: a 400 on every route, whether
    the route reads its query or not, and on paths no route matches."""
    query: bytes = scope.get("query_string", b"")
    return _MALFORMED_QUERY.search(query) is not None


def header_bytes(scope: Scope) -> int:
    """The sum over every header field of its name's and its value's length."""
    return sum(len(name) + len(value) for name, value in scope["headers"])


class LimitsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if target_length(scope) > MAX_TARGET_BYTES:
            detail = f"The request target is longer than {MAX_TARGET_BYTES} bytes."
            await problem_response(414, detail)(scope, receive, send)
            return
        if header_bytes(scope) > MAX_HEADER_BYTES:
            detail = f"The header fields are larger than {MAX_HEADER_BYTES} bytes."
            await problem_response(431, detail)(scope, receive, send)
            return
        if has_encoded_slash(scope):
            await problem_response(404, "No route matches this path.")(
                scope, receive, send
            )
            return
        if malformed_query(scope):
            detail = "The query string is malformed."
            await problem_response(400, detail)(scope, receive, send)
            return
        await self.app(scope, receive, send)
