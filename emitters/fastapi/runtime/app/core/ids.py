"""Path ids: a value that does not parse names no row, so it is a 404."""

import re
import uuid

from app.core.problems import not_found

# Canonical decimal, as ids are written: no sign, no leading zero.
_INT = re.compile(r"0|[1-9][0-9]{0,18}")
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
INT64_MAX = 2**63 - 1


def parse_int_id(text: str) -> int:
    if _INT.fullmatch(text) is None or int(text) > INT64_MAX:
        raise not_found()
    return int(text)


def parse_uuid_id(text: str) -> uuid.UUID:
    if _UUID.fullmatch(text) is None:
        raise not_found()
    return uuid.UUID(text)
