# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Tag writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.tag import Tag


async def before_create(session: AsyncSession, row: Tag) -> None:
    """Runs before a new Tag is inserted."""


async def after_create(session: AsyncSession, row: Tag) -> None:
    """Runs after a new Tag is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Tag) -> None:
    """Runs before a changed Tag is written."""


async def after_update(session: AsyncSession, row: Tag) -> None:
    """Runs after a changed Tag is written, before the commit."""


async def before_delete(session: AsyncSession, row: Tag) -> None:
    """Runs before a Tag is deleted."""


async def after_delete(session: AsyncSession, row: Tag) -> None:
    """Runs after a Tag is deleted, before the commit."""
