"""The handoff domain's one exception family.

Each error carries the HTTP status it becomes; ``app.problems.ProblemRoute`` turns them into
``application/problem+json`` responses in exactly one place.
"""

from __future__ import annotations

from app.problems import ProblemError


class HandoffError(ProblemError):
    pass


class PolicyError(HandoffError):
    """The escalation policy file is missing or invalid; the message names the field."""

    title = "Invalid escalation policy"


class NotAuthenticated(HandoffError):
    """Wrong credentials, or a missing, unknown or expired session token."""

    status = 401
    title = "Not authenticated"


class PermissionDenied(HandoffError):
    status = 403
    title = "Forbidden"


class NotFound(HandoffError):
    status = 404
    title = "Not found"


class Conflict(HandoffError):
    """The request clashes with the current state (a taken username, a full agent ...)."""

    status = 409
    title = "Conflict"


class InvalidInput(HandoffError):
    status = 422
    title = "Invalid input"


class HoursError(HandoffError):
    """Business-hours data that cannot be understood; the message names the key."""

    title = "Invalid business hours"


class DeskError(HandoffError):
    """Refused on the agent socket or the shopper side; ``code`` is the protocol's error code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def desk_error(error: HandoffError) -> DeskError:
    """Any handoff error as the agent protocol's error code."""
    if isinstance(error, DeskError):
        return error
    if isinstance(error, PermissionDenied):
        return DeskError("forbidden", error.detail)
    if isinstance(error, NotFound):
        return DeskError("not_found", error.detail)
    if isinstance(error, Conflict):
        return DeskError("agent_unavailable", error.detail)
    if isinstance(error, NotAuthenticated):
        return DeskError("unauthorized", error.detail)
    return DeskError("missing_field", error.detail)
