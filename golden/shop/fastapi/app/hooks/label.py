# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Label writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.label import Label


async def before_create(session: AsyncSession, row: Label) -> None:
    """Runs before a new Label is inserted."""


async def after_create(session: AsyncSession, row: Label) -> None:
    """Runs after a new Label is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Label) -> None:
    """Runs before a changed Label is written."""


async def after_update(session: AsyncSession, row: Label) -> None:
    """Runs after a changed Label is written, before the commit."""


async def before_delete(session: AsyncSession, row: Label) -> None:
    """Runs before a Label is deleted."""


async def after_delete(session: AsyncSession, row: Label) -> None:
    """Runs after a Label is deleted, before the commit."""
