# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Profile writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.profile import Profile


async def before_create(session: AsyncSession, row: Profile) -> None:
    """Runs before a new Profile is inserted."""


async def after_create(session: AsyncSession, row: Profile) -> None:
    """Runs after a new Profile is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Profile) -> None:
    """Runs before a changed Profile is written."""


async def after_update(session: AsyncSession, row: Profile) -> None:
    """Runs after a changed Profile is written, before the commit."""


async def before_delete(session: AsyncSession, row: Profile) -> None:
    """Runs before a Profile is deleted."""


async def after_delete(session: AsyncSession, row: Profile) -> None:
    """Runs after a Profile is deleted, before the commit."""
