"""The agent console page (``/console``) and its script."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

APP = Path(__file__).resolve().parent.parent / "app"
router = APIRouter(include_in_schema=False)


@router.get("/console")
async def console_page() -> FileResponse:
    return FileResponse(APP / "pages" / "console.html", media_type="text/html; charset=utf-8")


@router.get("/console.js")
async def console_script() -> FileResponse:
    return FileResponse(APP / "static" / "console.js", media_type="text/javascript; charset=utf-8")
