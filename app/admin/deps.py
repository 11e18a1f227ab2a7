"""What every admin route shares: problem responses, the services, the caller."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from app.admin.errors import AdminError, ToolsUnavailable
from app.admin.matching import Matching
from app.admin.service import LibraryAdmin
from app.admin.tuning import Tuning
from handoff.errors import HandoffError
from handoff.views import problem


class AdminRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except AdminError as error:
                return problem(error.status, error.title, error.detail, **error.extra)
            except HandoffError as error:
                return problem(error.status, error.title, error.detail)
            except RequestValidationError as error:
                errors = [
                    {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]}
                    for e in error.errors()
                ]
                detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
                return problem(422, "Invalid input", detail, errors=errors)

        return handle


def get_admin(request: Request) -> LibraryAdmin:
    admin = getattr(request.app.state, "library_admin", None)
    if admin is None:
        raise ToolsUnavailable("the matching library did not load at start; see the server log")
    return admin  # type: ignore[no-any-return]


def get_matching(request: Request, admin: Annotated[LibraryAdmin, Depends(get_admin)]) -> Matching:
    return request.app.state.admin_matching  # type: ignore[no-any-return]


AdminDep = Annotated[LibraryAdmin, Depends(get_admin)]
MatchingDep = Annotated[Matching, Depends(get_matching)]


def get_tuning(request: Request) -> Tuning:
    return request.app.state.admin_tuning  # type: ignore[no-any-return]


TuningDep = Annotated[Tuning, Depends(get_tuning)]
