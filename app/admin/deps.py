"""What every admin route shares: the services and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.admin.errors import ToolsUnavailable
from app.admin.matching import Matching
from app.admin.service import LibraryAdmin
from app.admin.tuning import Tuning


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
