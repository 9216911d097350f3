"""Field validation without coercion, in the order the contract fixes.

Every check reports the first code a field fails, in this order: unknown,
readOnly, immutable, required, type, enum, format, min, max, minLength,
maxLength, pattern.
"""

import math
import re
import string
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Context, Decimal
from urllib.parse import urlsplit

from app.core.problems import FieldError, invalid

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Arithmetic on decimals keeps every digit a column may hold (numeric takes
# up to 1000), where the default context keeps 28.
DECIMALS = Context(prec=1000)
STRING_KINDS = frozenset({"string", "text", "email", "url", "password"})
# PostgreSQL's text and jsonb cannot hold U+0000, so no target takes it.
NUL_MESSAGE = "must not contain the NUL character"
# bcrypt reads at most 72 bytes of a password.
MAX_PASSWORD_BYTES = 72

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_INT_TEXT = re.compile(r"-?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class DuplicateNames(dict[str, object]):
    """A JSON object that names a member more than once (holding the last
    value, as json.loads does): app.core.body makes them, json fields refuse
    them (I-JSON)."""


@dataclass(frozen=True)
class FieldSpec:
    """What one field accepts. `attr` is its Python name."""

    name: str
    attr: str
    kind: str
    optional: bool = False
    required: bool = False
    writable: bool = False
    immutable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None
    values: tuple[str, ...] = ()
    precision: int = 0
    scale: int = 0
    default: Callable[[], object] | None = None


class Invalid(Exception):
    """A value failed one check."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def utc_now() -> datetime:
    """The current time in UTC, at millisecond precision."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def int64_from_text(text: str) -> int | None:
    """A query or path integer, `-?[0-9]+` within 64 bits; else None."""
    if _INT_TEXT.fullmatch(text) is None:
        return None
    digits = text.removeprefix("-").lstrip("0") or "0"
    if len(digits) > len(str(INT64_MAX)):
        return None
    value = -int(digits) if text.startswith("-") else int(digits)
    return value if INT64_MIN <= value <= INT64_MAX else None


def fold_email(text: str) -> str:
    """An email address with its ASCII letters lower-cased, so that one
    address has one spelling; other characters are kept."""
    return text.translate(_ASCII_LOWER)


def format_datetime(value: datetime) -> str:
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def format_decimal(value: Decimal) -> str:
    return format(value, "f")


def _parse_date(text: str) -> date:
    if _DATE.fullmatch(text) is None:
        raise Invalid("format", "must be a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid("format", "must be a real calendar day") from None


def parse_datetime(text: str) -> datetime:
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise Invalid("format", "must be an RFC 3339 date-time")
    day, clock, fraction, zone = match.groups()
    micros = (fraction or ".0")[1:7].ljust(6, "0")
    offset = "+00:00" if zone in ("Z", "z") else zone
    try:
        value = datetime.fromisoformat(f"{day}T{clock}.{micros}{offset}")
    except ValueError:
        raise Invalid("format", "must be an RFC 3339 date-time") from None
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise Invalid("format", "must lie in 0001-01-01 to 9999-12-31 in UTC") from None
    # Digits past the millisecond are cut off, never rounded.
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _parse_uuid(text: str) -> uuid.UUID:
    if _UUID.fullmatch(text) is None:
        raise Invalid("format", "must be a UUID")
    return uuid.UUID(text)


def _parse_decimal(spec: FieldSpec, text: str) -> Decimal:
    if _DECIMAL.fullmatch(text) is None:
        raise Invalid("format", "must be a decimal number written as a string")
    whole, _, fraction = text.removeprefix("-").partition(".")
    if len(fraction) > spec.scale:
        raise Invalid("format", f"must have at most {spec.scale} decimals")
    digits = spec.precision - spec.scale
    if len(whole.lstrip("0")) > digits:
        raise Invalid("format", f"must have at most {digits} digits before the point")
    return Decimal(text).quantize(Decimal(1).scaleb(-spec.scale), context=DECIMALS)


def _blank_or_control(text: str) -> bool:
    """Whether text has a white-space or a control character (Unicode Cc)."""
    return any(c.isspace() or unicodedata.category(c) == "Cc" for c in text)


def _check_email(text: str) -> None:
    local, at, domain = text.partition("@")
    if (
        not at
        or not local
        or "@" in domain
        or "." not in domain
        or domain.startswith(".")
        or domain.endswith(".")
        or _blank_or_control(text)
        or len(text) > 254
    ):
        raise Invalid("format", "must be an email address")


def _check_url(text: str) -> None:
    if _blank_or_control(text):
        raise Invalid("format", "must be an http or https URL")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise Invalid("format", "must be an http or https URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("format", "must be an http or https URL")


def _i_json(value: object) -> object:
    """A json field's value as I-JSON (RFC 7493) holds it: a number with a
    fraction or an exponent becomes the nearest double, an integer keeps every
    digit; a NUL, a member named twice or a number past the double range is
    refused."""
    if isinstance(value, str):
        if "\x00" in value:
            raise Invalid("format", NUL_MESSAGE)
        return value
    if isinstance(value, Decimal | float):
        number = float(value)
        if not math.isfinite(number):
            raise Invalid("format", "must hold numbers within the double range")
        return number
    if isinstance(value, list):
        return [_i_json(item) for item in value]
    if isinstance(value, dict):
        if isinstance(value, DuplicateNames):
            raise Invalid("format", "must not name an object member twice")
        return {_i_json(k): _i_json(v) for k, v in value.items()}
    return value


def _int64(value: object) -> int:
    """A JSON number whose exact value is a whole number in 64 bits (`5`,
    `5.0`, `5e0`); app.core.body reads fractions and exponents as Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise Invalid("type", "must be an integer")
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise Invalid("type", "must be a 64-bit integer")
        return value
    # The range first: the exact ratio of 1e999999 would take its time.
    exact = Decimal(value)
    if not exact.is_finite() or not INT64_MIN <= exact <= INT64_MAX:
        raise Invalid("type", "must be a 64-bit integer")
    whole, denominator = exact.as_integer_ratio()
    if denominator != 1:
        raise Invalid("type", "must be an integer")
    return whole


def _double(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise Invalid("type", "must be a number")
    try:
        number = float(value)
    except OverflowError:
        raise Invalid("type", "must be a finite number") from None
    if not math.isfinite(number):
        raise Invalid("type", "must be a finite number")
    return number


def _from_json(spec: FieldSpec, value: object) -> object:
    """Checks a JSON value's type and format; returns the Python value."""
    kind = spec.kind
    if kind == "json":
        return _i_json(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise Invalid("type", "must be a boolean")
        return value
    if kind == "int":
        return _int64(value)
    if kind == "float":
        return _double(value)
    if not isinstance(value, str):
        raise Invalid("type", "must be a string")
    return _from_text(spec, value)


def _from_text(spec: FieldSpec, text: str) -> object:
    """Parses a string by the field's type (format and enum checks)."""
    kind = spec.kind
    if kind == "enum":
        if text not in spec.values:
            raise Invalid("enum", "must be one of " + ", ".join(spec.values))
        return text
    if kind == "date":
        return _parse_date(text)
    if kind == "datetime":
        return parse_datetime(text)
    if kind == "uuid":
        return _parse_uuid(text)
    if kind == "decimal":
        return _parse_decimal(spec, text)
    if "\x00" in text:
        raise Invalid("format", NUL_MESSAGE)
    if kind == "email":
        _check_email(text)
        return fold_email(text)
    if kind == "url":
        _check_url(text)
    return text


def parse_text(spec: FieldSpec, text: str) -> object:
    """Parses a query or path string by the field's type."""
    kind = spec.kind
    if kind == "int":
        whole = int64_from_text(text)
        if whole is None:
            raise Invalid("type", "must be a 64-bit integer")
        return whole
    if kind == "float":
        if _FLOAT_TEXT.fullmatch(text) is None:
            raise Invalid("type", "must be a number")
        number = float(text)
        if not math.isfinite(number):
            raise Invalid("type", "must be a finite number")
        return number
    if kind == "bool":
        if text not in ("true", "false"):
            raise Invalid("type", "must be true or false")
        return text == "true"
    return _from_text(spec, text)


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _check_bounds(spec: FieldSpec, value: object) -> None:
    if isinstance(value, Decimal):
        low = None if spec.minimum is None else Decimal(repr(spec.minimum))
        high = None if spec.maximum is None else Decimal(repr(spec.maximum))
        if low is not None and value < low:
            raise Invalid("min", f"must be at least {spec.minimum:g}")
        if high is not None and value > high:
            raise Invalid("max", f"must be at most {spec.maximum:g}")
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        if spec.minimum is not None and value < spec.minimum:
            raise Invalid("min", f"must be at least {spec.minimum:g}")
        if spec.maximum is not None and value > spec.maximum:
            raise Invalid("max", f"must be at most {spec.maximum:g}")
        return
    if isinstance(value, str) and spec.kind in STRING_KINDS:
        if spec.min_length is not None and len(value) < spec.min_length:
            raise Invalid("minLength", f"must be at least {spec.min_length} characters")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise Invalid("maxLength", f"must be at most {spec.max_length} characters")
        if spec.kind == "password" and _utf8_length(value) > MAX_PASSWORD_BYTES:
            raise Invalid("maxLength", f"must be at most {MAX_PASSWORD_BYTES} bytes")
        if spec.pattern is not None and spec.pattern.search(value) is None:
            raise Invalid("pattern", f"must match {spec.pattern.pattern}")


def check_json(spec: FieldSpec, value: object) -> object:
    """Validates one JSON value; returns the Python value."""
    if value is None:
        if not spec.optional:
            raise Invalid("type", "must not be null")
        return None
    converted = _from_json(spec, value)
    _check_bounds(spec, converted)
    return converted


def check_text(spec: FieldSpec, text: str) -> object:
    """Validates one query or path string; returns the Python value."""
    converted = parse_text(spec, text)
    _check_bounds(spec, converted)
    return converted


def validate_body(
    data: Mapping[str, object],
    fields: Sequence[FieldSpec],
    allowed: Iterable[str],
    *,
    creating: bool,
) -> dict[str, object]:
    """Validates a request body against a field set.

    Returns the given fields' Python values keyed by attribute; raises a
    422 problem naming every failing field.
    """
    accepted = frozenset(allowed)
    known = {spec.name for spec in fields}
    errors: list[FieldError] = []
    values: dict[str, object] = {}
    for spec in fields:
        given = spec.name in data
        if spec.name not in accepted:
            if not given:
                continue
            if spec.immutable and spec.writable and not creating:
                errors.append(FieldError(spec.name, "immutable", "cannot be changed"))
            else:
                errors.append(FieldError(spec.name, "readOnly", "is read-only"))
            continue
        if not given:
            if creating and spec.required:
                errors.append(FieldError(spec.name, "required", "is required"))
            continue
        try:
            values[spec.attr] = check_json(spec, data[spec.name])
        except Invalid as problem:
            errors.append(FieldError(spec.name, problem.code, problem.message))
    for name in sorted(set(data) - known):
        errors.append(FieldError(name, "unknown", "is not a known field"))
    if errors:
        raise invalid(errors)
    return values


def with_defaults(
    fields: Sequence[FieldSpec], values: Mapping[str, object]
) -> dict[str, object]:
    """Fills every field missing from values with its default (or null)."""
    filled = dict(values)
    for spec in fields:
        if spec.attr in filled or spec.kind == "password":
            continue
        if spec.default is not None:
            filled[spec.attr] = spec.default()
        elif spec.optional:
            filled[spec.attr] = None
    return filled
