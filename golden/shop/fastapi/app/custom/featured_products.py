# This file is yours: bgen wrote it once and never overwrites it.
"""featuredProducts: GET /api/products/featured. Products picked for the front page.

Write the body of the endpoint here. bgen has already routed the request,
checked access and validated `args`. The request's session commits after
this function returns. Until written, the endpoint answers 501.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import Caller
from app.models.product import Product
from app.schemas.custom import FeaturedProductsInput


async def featured_products(
    args: FeaturedProductsInput,
    caller: Caller | None,
    session: AsyncSession,
) -> Sequence[Product]:
    raise NotImplementedError("featuredProducts is not written yet")
