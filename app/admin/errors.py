"""The admin domain's one exception family; ``views`` turns each into a problem response."""

from __future__ import annotations

from app.problems import ProblemError


class AdminError(ProblemError):
    pass


class ItemNotFound(AdminError):
    status = 404
    title = "Not found"


class InvalidItem(AdminError):
    """An edit that would not load. ``errors`` lists ``{"field": path, "message": text}``."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: list[dict[str, str]]) -> None:
        detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        super().__init__(detail, errors=errors)
        self.errors = errors


class VersionConflict(AdminError):
    """Someone else changed the item first: the caller sees their version and content."""

    status = 409
    title = "Conflict"


class LibraryFilesError(AdminError):
    """The files on disk cannot be read (a hand edit broke them): fix them, then reload."""

    status = 409
    title = "Library files unreadable"


class ReloadFailed(AdminError):
    """The files do not load; the previous library keeps serving."""

    status = 422
    title = "Reload failed"


class ToolsUnavailable(AdminError):
    status = 503
    title = "Staff tools unavailable"
