"""The reports domain's one exception family; ``views`` turns them into HTTP problems."""

from __future__ import annotations

from app.problems import ProblemError


class ReportError(ProblemError):
    pass


class ReportSettingsError(ReportError):
    """``reports.yaml`` is invalid; the message names the file and the field."""

    status = 500
    title = "Invalid report settings"


class InvalidRange(ReportError):
    status = 422
    title = "Invalid date range"


class InvalidInput(ReportError):
    status = 422
    title = "Invalid input"


class NotFound(ReportError):
    status = 404
    title = "Not found"
