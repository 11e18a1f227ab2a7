from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

PAGES = Path(__file__).resolve().parent
STATIC = PAGES.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def storefront() -> FileResponse:
    return FileResponse(PAGES / "storefront.html", media_type="text/html; charset=utf-8")


@router.get("/widget.js")
async def widget() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")
