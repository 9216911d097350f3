"""Column types that read and write bgen's storage formats.

PostgreSQL keeps native types; SQLite keeps text (see docs: datetime
`YYYY-MM-DDTHH:MM:SS.sssZ`, date `YYYY-MM-DD`, canonical decimals, lower-case
UUIDs, compact JSON).
"""

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import JsonValue
from sqlalchemy import Date, DateTime, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from app.core.validation import DECIMALS, format_datetime, parse_datetime


def _postgres(dialect: Dialect) -> bool:
    return dialect.name == "postgresql"


class UTCDateTime(TypeDecorator[datetime]):
    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _postgres(dialect):
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> object:
        if value is None or _postgres(dialect):
            return value
        return format_datetime(value)

    def process_result_value(self, value: object, dialect: Dialect) -> datetime | None:
        if isinstance(value, str):
            if len(value) == len("2000-01-01T00:00:00.000Z") and value[-1] == "Z":
                # The storage form (format_datetime's), read without the
                # general RFC 3339 parser.
                try:
                    return datetime.fromisoformat(value)
                except ValueError:
                    pass
            return parse_datetime(value)
        if isinstance(value, datetime):
            return value
        return None


class DateText(TypeDecorator[date]):
    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _postgres(dialect):
            return dialect.type_descriptor(Date())
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: date | None, dialect: Dialect) -> object:
        if value is None or _postgres(dialect):
            return value
        return value.isoformat()

    def process_result_value(self, value: object, dialect: Dialect) -> date | None:
        if isinstance(value, str):
            return date.fromisoformat(value)
        if isinstance(value, date):
            return value
        return None


class DecimalText(TypeDecorator[Decimal]):
    impl = String
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__()
        self.precision = precision
        self.scale = scale
        self.quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _postgres(dialect):
            return dialect.type_descriptor(Numeric(self.precision, self.scale))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        if value is None:
            return None
        value = value.quantize(self.quantum, context=DECIMALS)
        if _postgres(dialect):
            return value
        return format(value, "f")

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(self.quantum, context=DECIMALS)


class UUIDText(TypeDecorator[uuid.UUID]):
    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _postgres(dialect):
            return dialect.type_descriptor(PG_UUID(as_uuid=True))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: uuid.UUID | None, dialect: Dialect) -> object:
        if value is None or _postgres(dialect):
            return value
        return str(value)

    def process_result_value(self, value: object, dialect: Dialect) -> uuid.UUID | None:
        if isinstance(value, uuid.UUID):
            return value
        if isinstance(value, str):
            return uuid.UUID(value)
        return None


class JSONText(TypeDecorator[JsonValue]):
    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _postgres(dialect):
            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: JsonValue | None, dialect: Dialect) -> object:
        if value is None or _postgres(dialect):
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: object, dialect: Dialect) -> JsonValue | None:
        if isinstance(value, str) and not _postgres(dialect):
            loaded: JsonValue = json.loads(value)
            return loaded
        return value  # type: ignore[return-value]
