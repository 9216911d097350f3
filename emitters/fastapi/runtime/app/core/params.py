"""The query string of every route; path and query parameters of custom
endpoints."""

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from fastapi import Depends
from starlette.datastructures import QueryParams
from starlette.requests import Request

from app.core.problems import FieldError, bad_request, invalid
from app.core.validation import FieldSpec, Invalid, check_text

# A raw ";" (which some parsers take for "&") or a "%" that does not start
# an escape: the query string has no one meaning, so it is refused.
_MALFORMED_QUERY = re.compile(rb";|%(?![0-9A-Fa-f]{2})")


async def check_query_string(request: Request) -> None:
    """A malformed query string is a 400 on every route, whether the route
    reads its query or not."""
    if _MALFORMED_QUERY.search(request.scope.get("query_string", b"")) is not None:
        raise bad_request("The query string is malformed.")


# The dependencies of every router.
ROUTE_CHECKS = (Depends(check_query_string),)


def validate_params(
    path: Mapping[str, str],
    query: QueryParams,
    params: Sequence[FieldSpec],
    query_fields: Sequence[FieldSpec],
) -> dict[str, object]:
    """Parses path and query parameters; 400 for unknown or repeated query
    names, 422 naming every parameter that fails validation."""
    known = {spec.name for spec in query_fields}
    for name, count in Counter(n for n, _ in query.multi_items()).items():
        if name not in known:
            raise bad_request(f"Unknown query parameter '{name}'.")
        if count > 1:
            raise bad_request(f"Query parameter '{name}' is given more than once.")
    errors: list[FieldError] = []
    values: dict[str, object] = {}
    for spec, source in [(s, path) for s in params] + [
        (s, query) for s in query_fields
    ]:
        text = source.get(spec.name)
        if text is None:
            if spec.required:
                errors.append(FieldError(spec.name, "required", "is required"))
            else:
                values[spec.attr] = None
            continue
        try:
            values[spec.attr] = check_text(spec, text)
        except Invalid as problem:
            errors.append(FieldError(spec.name, problem.code, problem.message))
    if errors:
        raise invalid(errors)
    return values
