# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around User writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.user import User


async def before_create(session: AsyncSession, row: User) -> None:
    """Runs before a new User is inserted."""


async def after_create(session: AsyncSession, row: User) -> None:
    """Runs after a new User is inserted, before the commit."""


async def before_update(session: AsyncSession, row: User) -> None:
    """Runs before a changed User is written."""


async def after_update(session: AsyncSession, row: User) -> None:
    """Runs after a changed User is written, before the commit."""


async def before_delete(session: AsyncSession, row: User) -> None:
    """Runs before a User is deleted."""


async def after_delete(session: AsyncSession, row: User) -> None:
    """Runs after a User is deleted, before the commit."""
