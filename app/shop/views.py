"""The storefront's read-only view of the shop."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(prefix="/api", tags=["shop"])


@router.get("/shop")
async def shop_summary(request: Request) -> dict[str, Any]:
    """The shop's name, slogan, service hours and catalog (prices in 元)."""
    return request.app.state.shop.to_public()  # type: ignore[no-any-return]
