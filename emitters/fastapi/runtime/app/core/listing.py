"""List query parameters: paging, sorting, filters and search."""

from collections import Counter
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from app.core.problems import bad_request
from app.core.validation import FieldSpec, Invalid, int64_from_text, parse_text

# The most characters a q or contains value may have, and the most values
# an in filter may list.
MAX_SEARCH_LENGTH = 256
MAX_IN_VALUES = 100


@dataclass(frozen=True)
class FilterSpec:
    """A filterable query name and the operators it allows besides equality."""

    param: str
    field: FieldSpec
    ops: frozenset[str]


@dataclass(frozen=True)
class SortTerm:
    field: FieldSpec
    descending: bool


@dataclass(frozen=True)
class ListSpec:
    """What an entity's list accepts."""

    filters: tuple[FilterSpec, ...]
    sort: tuple[FieldSpec, ...]
    search: tuple[FieldSpec, ...]
    default_sort: tuple[SortTerm, ...]
    default_limit: int
    max_limit: int


@dataclass(frozen=True)
class Condition:
    field: FieldSpec
    op: str
    value: object


@dataclass(frozen=True)
class ListQuery:
    limit: int
    offset: int
    sort: tuple[SortTerm, ...]
    conditions: tuple[Condition, ...]
    search: str | None


def _integer(name: str, text: str, low: int, high: int | None) -> int:
    value = int64_from_text(text)
    if value is None or value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f"at least {low}"
        raise bad_request(f"Query parameter '{name}' must be an integer {bound}.")
    return value


def _sort(text: str, spec: ListSpec) -> tuple[SortTerm, ...]:
    fields = {field.name: field for field in spec.sort}
    terms: list[SortTerm] = []
    for part in text.split(","):
        name = part[1:] if part.startswith("-") else part
        if name not in fields:
            raise bad_request(
                f"Query parameter 'sort' names '{name}', which is not sortable."
            )
        terms.append(SortTerm(fields[name], part.startswith("-")))
    return tuple(terms)


def _value(name: str, field: FieldSpec, text: str) -> object:
    try:
        return parse_text(field, text)
    except Invalid as problem:
        raise bad_request(f"Query parameter '{name}' {problem.message}.") from None


def _free_text(name: str, text: str) -> str:
    """A search or contains value: any text PostgreSQL's text can hold, up
    to MAX_SEARCH_LENGTH characters."""
    if "\x00" in text:
        raise bad_request(f"Query parameter '{name}' must not contain NUL.")
    if len(text) > MAX_SEARCH_LENGTH:
        raise bad_request(
            f"Query parameter '{name}' is longer than {MAX_SEARCH_LENGTH} characters."
        )
    return text


def _condition(name: str, text: str, spec: ListSpec) -> Condition:
    param, _, rest = name.partition("[")
    op = rest[:-1] if rest.endswith("]") else ""
    found = next((f for f in spec.filters if f.param == param), None)
    if found is None or (rest and (not op or op not in found.ops)):
        raise bad_request(f"Unknown query parameter '{name}'.")
    if not rest:
        return Condition(found.field, "eq", _value(name, found.field, text))
    if op == "in":
        parts = text.split(",")
        if len(parts) > MAX_IN_VALUES:
            raise bad_request(
                f"Query parameter '{name}' lists more than {MAX_IN_VALUES} values."
            )
        values = tuple(_value(name, found.field, part) for part in parts)
        return Condition(found.field, "in", values)
    if op == "isNull":
        if text not in ("true", "false"):
            raise bad_request(f"Query parameter '{name}' must be true or false.")
        return Condition(found.field, "isNull", text == "true")
    if op == "contains":
        return Condition(found.field, "contains", _free_text(name, text))
    return Condition(found.field, op, _value(name, found.field, text))


def parse_list_query(params: QueryParams, spec: ListSpec) -> ListQuery:
    """Parses a list's query string; raises a 400 naming the bad parameter."""
    counts = Counter(name for name, _ in params.multi_items())
    for name, count in counts.items():
        if count > 1:
            raise bad_request(f"Query parameter '{name}' is given more than once.")
    limit = spec.default_limit
    offset = 0
    sort: tuple[SortTerm, ...] | None = None
    search: str | None = None
    conditions: list[Condition] = []
    for name, text in params.items():
        if name == "limit":
            limit = _integer(name, text, 1, spec.max_limit)
        elif name == "offset":
            offset = _integer(name, text, 0, None)
        elif name == "sort":
            sort = _sort(text, spec)
        elif name == "q" and spec.search:
            search = _free_text(name, text)
        else:
            conditions.append(_condition(name, text, spec))
    return ListQuery(
        limit, offset, sort or spec.default_sort, tuple(conditions), search
    )
