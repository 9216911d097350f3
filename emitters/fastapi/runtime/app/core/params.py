"""Path and query parameters of custom endpoints."""

from collections import Counter
from collections.abc import Mapping, Sequence

from starlette.datastructures import QueryParams

from app.core.problems import FieldError, bad_request, invalid
from app.core.validation import FieldSpec, Invalid, check_text


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
