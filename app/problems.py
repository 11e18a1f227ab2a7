"""HTTP problems (RFC 9457): every domain's error family becomes one in exactly one place.

A domain's base exception subclasses ``ProblemError`` and sets ``status`` and ``title``;
routers built with ``route_class=ProblemRoute`` turn it, and malformed requests, into an
``application/problem+json`` response. Nothing else in a view catches errors.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute


class ProblemError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


def problem(status_code: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status_code == 401 else None
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status_code, "detail": detail, **extra},
        status_code=status_code,
        media_type="application/problem+json",
        headers=headers,
    )


def validation_problem(error: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]}
        for e in error.errors()
    ]
    detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
    return problem(422, "Invalid input", detail, errors=errors)


class ProblemRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except ProblemError as error:
                return problem(error.status, error.title, error.detail, **error.extra)
            except RequestValidationError as error:
                return validation_problem(error)

        return handle
