"""The reports domain's one exception family; ``views`` turns them into HTTP problems."""

from __future__ import annotations


class ReportError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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
