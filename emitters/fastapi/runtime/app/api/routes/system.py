"""Operations endpoints: health, readiness and the OpenAPI document."""

from pathlib import Path

from fastapi import APIRouter
from sqlalchemy import text
from starlette.responses import Response

from app.core.problems import ProblemError
from app.core.responses import JSONResponse
from app.dependencies import SessionDep

OPENAPI_PATH = Path(__file__).resolve().parents[3] / "openapi.json"

router = APIRouter(tags=["system"])


@router.api_route("/health", methods=["GET", "HEAD"])
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.api_route("/ready", methods=["GET", "HEAD"])
async def ready(session: SessionDep) -> JSONResponse:
    try:
        await session.execute(text("SELECT 1"))
    except Exception:
        raise ProblemError(503, "The database does not answer.") from None
    return JSONResponse({"status": "ok"})


@router.api_route("/openapi.json", methods=["GET", "HEAD"])
async def openapi() -> Response:
    return Response(
        OPENAPI_PATH.read_bytes(), media_type="application/json; charset=utf-8"
    )
