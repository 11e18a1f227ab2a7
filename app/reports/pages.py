"""The supervisor's pages (dashboard, ledger, monthly report, one conversation) and the
scripts they load, Chart.js included: everything is served by the app, nothing by a CDN.
The pages hold no data; they fetch it from the API with the supervisor's session token."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

APP = Path(__file__).resolve().parent.parent
PAGES = APP / "pages"
STATIC = APP / "static"
JS = "text/javascript; charset=utf-8"
ASSETS = {
    "reports-common.js": (STATIC / "reports-common.js", JS),
    "reports-charts.js": (STATIC / "reports-charts.js", JS),
    "dashboard.js": (STATIC / "dashboard.js", JS),
    "ledger.js": (STATIC / "ledger.js", JS),
    "report.js": (STATIC / "report.js", JS),
    "conversation.js": (STATIC / "conversation.js", JS),
    "reports.css": (STATIC / "reports.css", "text/css; charset=utf-8"),
}
CHART_JS = STATIC / "vendor" / "chart.js" / "chart.umd.min.js"
CHART_LICENSE = STATIC / "vendor" / "chart.js" / "LICENSE.md"

router = APIRouter(include_in_schema=False)


def _page(name: str) -> FileResponse:
    return FileResponse(PAGES / name, media_type="text/html; charset=utf-8")


@router.get("/dashboard")
async def dashboard() -> FileResponse:
    return _page("dashboard.html")


@router.get("/ledger")
async def ledger() -> FileResponse:
    return _page("ledger.html")


@router.get("/report")
async def monthly_report() -> FileResponse:
    return _page("report.html")


@router.get("/conversation")
async def conversation() -> FileResponse:
    return _page("conversation.html")


@router.get("/static/reports/{name}")
async def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"no asset {name!r}")
    path, media_type = ASSETS[name]
    return FileResponse(path, media_type=media_type)


@router.get("/static/vendor/chart.js/chart.umd.min.js")
async def chart_js() -> FileResponse:
    return FileResponse(CHART_JS, media_type=JS)


@router.get("/static/vendor/chart.js/LICENSE.md")
async def chart_license() -> FileResponse:
    return FileResponse(CHART_LICENSE, media_type="text/plain; charset=utf-8")
