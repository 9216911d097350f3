# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Order writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.order import Order


async def before_create(session: AsyncSession, row: Order) -> None:
    """Runs before a new Order is inserted."""


async def after_create(session: AsyncSession, row: Order) -> None:
    """Runs after a new Order is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Order) -> None:
    """Runs before a changed Order is written."""


async def after_update(session: AsyncSession, row: Order) -> None:
    """Runs after a changed Order is written, before the commit."""


async def before_delete(session: AsyncSession, row: Order) -> None:
    """Runs before a Order is deleted."""


async def after_delete(session: AsyncSession, row: Order) -> None:
    """Runs after a Order is deleted, before the commit."""
