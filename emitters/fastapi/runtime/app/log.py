"""Loguru, configured for JSON lines on stdout; the standard library's logging
(uvicorn, SQLAlchemy, Alembic) is routed through it, so that every line on
stdout is one JSON object with `time`, `level` and `msg`."""

import json
import logging
import sys
import traceback
from datetime import UTC
from typing import TYPE_CHECKING

from loguru import logger

from app.config import Settings

if TYPE_CHECKING:
    from loguru import Record

LEVELS = {"debug": "DEBUG", "info": "INFO", "warn": "WARNING", "error": "ERROR"}
LEVEL_NAMES = {
    "WARNING": "warn",
    "CRITICAL": "error",
    "SUCCESS": "info",
    "TRACE": "debug",
}


def _line(record: "Record") -> str:
    """The record as one JSON object: time, level, msg, then its keyword fields."""
    level = record["level"].name
    line: dict[str, object] = {
        "time": record["time"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        + "Z",
        "level": LEVEL_NAMES.get(level, level.lower()),
        "msg": record["message"],
    }
    line.update(record["extra"])
    line.pop("json", None)
    record["extra"]["json"] = json.dumps(line, ensure_ascii=False, default=str)
    return "{extra[json]}\n"


class _InterceptHandler(logging.Handler):
    """Hands the standard library's records to loguru."""

    def emit(self, record: logging.LogRecord) -> None:
        level = LEVEL_NAMES.get(record.levelname, record.levelname.lower())
        bound = logger.bind(logger=record.name)
        if record.exc_info is not None and record.exc_info[1] is not None:
            bound = bound.bind(**error_fields(record.exc_info[1]))
        # bind, not keyword arguments: the message is not a format string.
        bound.log(LEVELS.get(level, "INFO"), record.getMessage())


def error_fields(error: BaseException) -> dict[str, str]:
    """The fields of an error line: its type, its message and its traceback."""
    return {
        "errorType": type(error).__name__,
        "error": str(error),
        "stack": "".join(traceback.format_exception(error)),
    }


def configure_logging(settings: Settings) -> None:
    logger.remove()
    logger.add(sys.stdout, level=LEVELS[settings.log_level], format=_line)
    handler = _InterceptHandler()
    logging.basicConfig(
        handlers=[handler], level=LEVELS[settings.log_level], force=True
    )
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        named = logging.getLogger(name)
        named.handlers = [handler]
        named.propagate = False
    # Each request has its own access line (app.middlewares.access_log).
    logging.getLogger("uvicorn.access").disabled = True
