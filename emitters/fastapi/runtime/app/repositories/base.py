"""Database access shared by every entity's repository."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Float,
    SQLColumnExpression,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.core.listing import Condition, ListQuery, SortTerm
from app.core.problems import FieldError, ProblemError, conflict, invalid
from app.core.validation import FieldSpec
from app.models.base import Base

ModelT = TypeVar("ModelT", bound=Base)

_PG_CONSTRAINT = re.compile(r'constraint "([^"]+)"')
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([^\n]+)")


@dataclass(frozen=True)
class UniqueSpec:
    """A unique constraint: its name, table, columns and JSON field names."""

    name: str
    table: str
    columns: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceSpec:
    """A foreign key of a belongsTo: its name and the key's JSON name."""

    name: str
    field: str


def _escape_like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Repository(Generic[ModelT]):
    """Reads and writes one entity's table."""

    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def column(self, field: FieldSpec) -> InstrumentedAttribute[object]:
        attribute: InstrumentedAttribute[object] = getattr(self.model, field.attr)
        return attribute

    def _operand(self, field: FieldSpec) -> SQLColumnExpression[object]:
        column = self.column(field)
        if field.kind == "decimal" and self._sqlite:
            return cast(column, Float)
        return column

    def _value(self, field: FieldSpec, value: object) -> object:
        if isinstance(value, Decimal) and self._sqlite:
            return float(value)
        return value

    def _condition(self, condition: Condition) -> ColumnElement[bool]:
        field = condition.field
        column = self._operand(field)
        value = self._value(field, condition.value)
        match condition.op:
            case "eq":
                return column == value
            case "ne":
                return column != value
            case "gt":
                return column > value
            case "gte":
                return column >= value
            case "lt":
                return column < value
            case "lte":
                return column <= value
            case "in":
                values = condition.value if isinstance(condition.value, tuple) else ()
                return column.in_([self._value(field, v) for v in values])
            case "contains":
                return func.lower(column).like(_escape_like(str(value)), escape="\\")
            case _:
                return column.is_(None) if value else column.is_not(None)

    def _search(self, fields: Sequence[FieldSpec], text: str) -> ColumnElement[bool]:
        pattern = _escape_like(text)
        return or_(
            *(func.lower(self.column(f)).like(pattern, escape="\\") for f in fields)
        )

    def _order(self, terms: Sequence[SortTerm]) -> list[ColumnElement[object]]:
        order: list[ColumnElement[object]] = []
        for term in terms:
            operand = self._operand(term.field)
            if not term.field.optional:
                # A column without nulls sorts the same either way.
                order.append(operand.desc() if term.descending else operand.asc())
            elif term.descending:
                order.append(operand.desc().nulls_last())
            else:
                order.append(operand.asc().nulls_first())
        if not any(term.field.name == "id" for term in terms):
            order.append(self.model.__table__.c.id.asc())
        return order

    async def get(self, row_id: object, *, for_update: bool = False) -> ModelT | None:
        """The row, or None; for_update locks it until the transaction ends
        (SELECT ... FOR UPDATE on PostgreSQL; SQLite's write transactions
        hold the whole database already)."""
        return await self.session.get(self.model, row_id, with_for_update=for_update)

    async def exists(self, row_id: object) -> bool:
        return await self.get(row_id) is not None

    async def page(
        self,
        query: ListQuery,
        search: Sequence[FieldSpec],
        *where: ColumnElement[bool],
    ) -> tuple[list[ModelT], int]:
        """One page of rows matching the query, and the total count."""
        conditions = [*where, *(self._condition(c) for c in query.conditions)]
        if query.search is not None:
            conditions.append(self._search(search, query.search))
        order = self._order(query.sort)
        # The page's keys first, then its rows: the sort then moves keys
        # instead of whole rows (SQLite sorts every matching row).
        ids = self.model.__table__.c.id
        keys = (
            select(ids)
            .where(*conditions)
            .order_by(*order)
            .limit(query.limit)
            .offset(query.offset)
        )
        statement = select(self.model).where(ids.in_(keys)).order_by(*order)
        rows = list(await self.session.scalars(statement))
        if 0 < len(rows) < query.limit or (not rows and query.offset == 0):
            # A page that ends early is the last one: it tells the total.
            return rows, query.offset + len(rows)
        count = select(func.count()).select_from(self.model).where(*conditions)
        total = (await self.session.execute(count)).scalar_one()
        return rows, total

    async def add(self, row: ModelT) -> ModelT:
        self.session.add(row)
        await self.session.flush()
        await self.session.refresh(row)
        return row

    async def delete(self, row: ModelT) -> None:
        await self.session.delete(row)
        await self.session.flush()


def _message(error: IntegrityError) -> str:
    return str(error.orig)


def unique_conflict(
    error: IntegrityError, uniques: Sequence[UniqueSpec]
) -> ProblemError | None:
    """The 409 for a unique violation, when the error is one."""
    text = _message(error)
    found: UniqueSpec | None = None
    named = _PG_CONSTRAINT.search(text)
    if named is not None:
        found = next((u for u in uniques if u.name == named.group(1)), None)
    listed = _SQLITE_UNIQUE.search(text)
    if listed is not None:
        columns = tuple(
            part.strip().split(".")[-1] for part in listed.group(1).split(",")
        )
        found = next((u for u in uniques if u.columns == columns), None)
    if found is None:
        return None
    return conflict([FieldError(f, "unique", "is already taken") for f in found.fields])


def reference_invalid(
    error: IntegrityError, references: Sequence[ReferenceSpec], given: Sequence[str]
) -> ProblemError | None:
    """The 422 for a foreign key violation on insert or update."""
    text = _message(error)
    if "FOREIGN KEY" not in text.upper():
        return None
    named = _PG_CONSTRAINT.search(text)
    fields = [
        r.field for r in references if named is not None and r.name == named.group(1)
    ]
    if not fields:
        fields = [r.field for r in references if r.field in given][:1]
    return invalid([FieldError(f, "reference", "does not exist") for f in fields])


def referenced_conflict(error: IntegrityError) -> ProblemError | None:
    """The 409 for a delete blocked by a restrict foreign key."""
    if "FOREIGN KEY" not in _message(error).upper():
        return None
    return conflict([FieldError("id", "referenced", "is still referenced")])
