"""The staff page: ``/admin`` and its script (no build step, no dependencies)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

APP = Path(__file__).resolve().parent.parent
router = APIRouter(include_in_schema=False)


@router.get("/admin")
async def admin_page() -> FileResponse:
    return FileResponse(APP / "pages" / "admin.html", media_type="text/html; charset=utf-8")


@router.get("/admin.js")
async def admin_script() -> FileResponse:
    return FileResponse(APP / "static" / "admin.js", media_type="text/javascript; charset=utf-8")
