"""Reading request bodies: media type, size and time limits, a JSON object."""

import asyncio
import json
import re
from decimal import Decimal

from starlette.requests import ClientDisconnect, Request

from app.core.problems import ProblemError, bad_request
from app.core.validation import DuplicateNames

# The deepest nesting of arrays and objects a body may have, the body
# object itself being level 1.
MAX_DEPTH = 64
# How long a body may take to arrive once the handler asks for it.
BODY_SECONDS = 30

# The JSON escape of a UTF-16 surrogate (\ud800 to \udfff); a valid pair of
# them decodes to one character, a lone one to a string no UTF-8 can hold.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object; one that names a member twice is marked as such."""
    value = dict(pairs)
    return value if len(value) == len(pairs) else DuplicateNames(value)


def _text_without_lone_surrogates(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _without_lone_surrogates(value: object) -> object:
    """Lone surrogates become U+FFFD, as every target's JSON decoder does."""
    if isinstance(value, str):
        return _text_without_lone_surrogates(value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return _object_without_lone_surrogates(value)
    return value


def _object_without_lone_surrogates(value: dict[str, object]) -> dict[str, object]:
    fixed = _object(
        [
            (_text_without_lone_surrogates(key), _without_lone_surrogates(item))
            for key, item in value.items()
        ]
    )
    return DuplicateNames(fixed) if isinstance(value, DuplicateNames) else fixed


def _too_deep(value: object) -> bool:
    """Whether arrays and objects nest deeper than MAX_DEPTH in value."""
    level: list[tuple[object, int]] = [(value, 1)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            return True
        level.extend((child, depth + 1) for child in children)
    return False


def decode_json_object(raw: bytes | str) -> dict[str, object]:
    """A JSON object, as every target reads one: a number with a fraction or
    an exponent as an exact Decimal (validation decides what it may be),
    lone surrogates as U+FFFD, members named twice marked (DuplicateNames);
    raises a 400 problem for anything that is not such an object."""
    text = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    try:
        data: object = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_object,
        )
    except (ValueError, RecursionError):
        raise bad_request("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise bad_request("The body must be a JSON object.")
    if _too_deep(data):
        raise bad_request(f"The body nests deeper than {MAX_DEPTH} levels.")
    if _SURROGATE.search(text) is not None:
        return _object_without_lone_surrogates(data)
    return data


async def _read(request: Request, max_bytes: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise ProblemError(413, f"The body is larger than {max_bytes} bytes.")
    return bytes(body)


async def read_json_object(request: Request, max_bytes: int) -> dict[str, object]:
    """Returns the body as a JSON object, or raises the matching problem.
    Handlers read it before they open a transaction, so that a client slow
    to send its body holds no lock."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_bytes:
        raise ProblemError(413, f"The body is larger than {max_bytes} bytes.")
    media_type = request.headers.get("content-type", "").split(";", 1)[0]
    if media_type.strip().lower() != "application/json":
        raise ProblemError(415, "The body must be application/json.")
    try:
        async with asyncio.timeout(BODY_SECONDS):
            body = await _read(request, max_bytes)
    except TimeoutError:
        raise ProblemError(
            408, f"The body did not arrive within {BODY_SECONDS} seconds."
        ) from None
    except ClientDisconnect:
        raise bad_request("The client closed the connection mid-body.") from None
    if not body:
        raise bad_request("The body is empty.")
    return decode_json_object(body)
