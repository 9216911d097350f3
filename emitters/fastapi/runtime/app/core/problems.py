"""Problem details (RFC 9457): the one shape of every error response."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from starlette.responses import Response

from app.core.responses import render_json

PROBLEM_MEDIA_TYPE = "application/problem+json"
# A problem lists at most this many failing fields; its detail counts them all.
MAX_FIELD_ERRORS = 100

TITLES: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class FieldError:
    """One failing field of a 409 or 422."""

    field: str
    code: str
    message: str


class ProblemError(Exception):
    """An error that becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers) if headers is not None else {}


def problem_response(
    status: int,
    detail: str,
    errors: Sequence[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [
            {"field": e.field, "code": e.code, "message": e.message} for e in errors
        ]
    return Response(
        content=render_json(body),
        status_code=status,
        headers=dict(headers) if headers is not None else None,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def invalid(errors: Sequence[FieldError]) -> ProblemError:
    count = len(errors)
    detail = "1 field is invalid" if count == 1 else f"{count} fields are invalid"
    return ProblemError(422, detail, errors[:MAX_FIELD_ERRORS])


def bad_request(detail: str) -> ProblemError:
    return ProblemError(400, detail)


def not_found() -> ProblemError:
    return ProblemError(404, "The resource does not exist.")


def unauthorized() -> ProblemError:
    return ProblemError(
        401,
        "A valid bearer token is required.",
        headers={"WWW-Authenticate": "Bearer"},
    )


def forbidden() -> ProblemError:
    return ProblemError(403, "You may not do this.")


def conflict(errors: Sequence[FieldError]) -> ProblemError:
    return ProblemError(409, "The request conflicts with existing data.", errors)
