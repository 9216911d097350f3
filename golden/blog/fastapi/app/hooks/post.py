# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Post writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.post import Post


async def before_create(session: AsyncSession, row: Post) -> None:
    """Runs before a new Post is inserted."""


async def after_create(session: AsyncSession, row: Post) -> None:
    """Runs after a new Post is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Post) -> None:
    """Runs before a changed Post is written."""


async def after_update(session: AsyncSession, row: Post) -> None:
    """Runs after a changed Post is written, before the commit."""


async def before_delete(session: AsyncSession, row: Post) -> None:
    """Runs before a Post is deleted."""


async def after_delete(session: AsyncSession, row: Post) -> None:
    """Runs after a Post is deleted, before the commit."""
