# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Customer writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.customer import Customer


async def before_create(session: AsyncSession, row: Customer) -> None:
    """Runs before a new Customer is inserted."""


async def after_create(session: AsyncSession, row: Customer) -> None:
    """Runs after a new Customer is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Customer) -> None:
    """Runs before a changed Customer is written."""


async def after_update(session: AsyncSession, row: Customer) -> None:
    """Runs after a changed Customer is written, before the commit."""


async def before_delete(session: AsyncSession, row: Customer) -> None:
    """Runs before a Customer is deleted."""


async def after_delete(session: AsyncSession, row: Customer) -> None:
    """Runs after a Customer is deleted, before the commit."""
