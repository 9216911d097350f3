# This file is yours: bgen wrote it once and never overwrites it.
"""Hooks around Product writes.

The generated service calls each hook inside the request's transaction: raise
an app.core.problems.ProblemError to refuse the write, or change `row`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.product import Product


async def before_create(session: AsyncSession, row: Product) -> None:
    """Runs before a new Product is inserted."""


async def after_create(session: AsyncSession, row: Product) -> None:
    """Runs after a new Product is inserted, before the commit."""


async def before_update(session: AsyncSession, row: Product) -> None:
    """Runs before a changed Product is written."""


async def after_update(session: AsyncSession, row: Product) -> None:
    """Runs after a changed Product is written, before the commit."""


async def before_delete(session: AsyncSession, row: Product) -> None:
    """Runs before a Product is deleted."""


async def after_delete(session: AsyncSession, row: Product) -> None:
    """Runs after a Product is deleted, before the commit."""
