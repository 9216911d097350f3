"""problem+json for every error: raised problems, 404, 405 and the unexpected."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from loguru import logger
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.allow import allowed_methods
from app.core.problems import ProblemError, problem_response
from app.log import error_fields
from app.middlewares.request_id import request_id


async def _problem(_: Request, error: Exception) -> Response:
    assert isinstance(error, ProblemError)
    return problem_response(error.status, error.detail, error.errors, error.headers)


async def _http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        return problem_response(404, "No route matches this path.")
    if error.status_code == 405:
        return problem_response(
            405,
            f"{request.method} is not allowed on this path.",
            headers={"Allow": allowed_methods(request.url.path)},
        )
    return problem_response(error.status_code, str(error.detail))


async def _request_validation(_: Request, error: Exception) -> Response:
    return problem_response(400, "The request is malformed.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _request_validation)


RETRY_AFTER = {"Retry-After": "1"}


def unavailable(error: Exception) -> bool:
    """Whether error says the database cannot be reached or is busy: down,
    restarting, its connection lost, or no pooled connection free in time."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(
            error, (OperationalError, InterfaceError)
        )
    return isinstance(error, (PoolTimeoutError, OSError))


class UnexpectedErrorMiddleware:
    """Turns any uncaught exception into a bare 500 problem, and logs it; a
    database that cannot be reached is a 503 with Retry-After instead."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as error:
            if unavailable(error) and not started:
                logger.bind(
                    requestId=request_id(scope),
                    method=scope["method"],
                    path=scope["path"],
                    status=503,
                    errorType=type(error).__name__,
                    error=str(error),
                ).warning("database unavailable")
                detail = "The database is unavailable; retry later."
                response = problem_response(503, detail, headers=RETRY_AFTER)
                await response(scope, receive, send)
                return
            logger.bind(
                requestId=request_id(scope),
                method=scope["method"],
                path=scope["path"],
                status=500,
                **error_fields(error),
            ).error("unexpected error")
            if started:
                raise
            response = problem_response(500, "An unexpected error occurred.")
            await response(scope, receive, send)
