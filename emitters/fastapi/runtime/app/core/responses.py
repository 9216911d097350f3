"""JSON rendering shared by success and error responses."""

import json
from typing import Any

from pydantic import BaseModel
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.responses import Response

MEDIA_TYPE = "application/json; charset=utf-8"


def render_json(content: object) -> bytes:
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")


class JSONResponse(StarletteJSONResponse):
    """application/json; charset=utf-8, compact."""

    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return render_json(content)


class ModelResponse(Response):
    """A response model as compact UTF-8 JSON, written by pydantic in one pass
    (the same document JSONResponse writes for model_dump(mode="json"))."""

    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        if not isinstance(content, BaseModel):
            raise TypeError(f"ModelResponse needs a pydantic model, not {content!r}")
        return content.model_dump_json(by_alias=True).encode("utf-8")
