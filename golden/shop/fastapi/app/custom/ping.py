# This file is yours: bgen wrote it once and never overwrites it.
"""ping: POST /api/ping. Accepts a ping and answers nothing.

Write the body of the endpoint here. bgen has already routed the request,
checked access and validated `args`. The request's session commits after
this function returns. Until written, the endpoint answers 501.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import Caller
from app.schemas.custom import PingInput


async def ping(
    args: PingInput,
    caller: Caller | None,
    session: AsyncSession,
) -> None:
    raise NotImplementedError("ping is not written yet")
