# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Category writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.category import Category


async def before_create(session: AsyncSession, row: Category) -> None:
    """Runs before a new Category is inserted."""


async def after_create(session: AsyncSession, row: Category) -> None:
    """Runs after a new Category is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Category) -> None:
    """Runs before a changed Category is written."""


async def after_update(session: AsyncSession, row: Category) -> None:
    """Runs after a changed Category is written, before the commit."""


async def before_delete(session: AsyncSession, row: Category) -> None:
    """Runs before a Category is deleted."""


async def after_delete(session: AsyncSession, row: Category) -> None:
    """Runs after a Category is deleted, before the commit."""
