"""Wire formats of the contract: datetimes in UTC with milliseconds, decimals as strings."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from app.core.validation import format_datetime, format_decimal

UtcDateTime = Annotated[
    datetime, PlainSerializer(format_datetime, return_type=str, when_used="json")
]
DecimalString = Annotated[
    Decimal, PlainSerializer(format_decimal, return_type=str, when_used="json")
]
