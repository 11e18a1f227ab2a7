"""Staff tools: edit the matching library through an API, its history, try-it, conflict
check and unanswered-question mining (see docs/staff.md)."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings
from app.shop import Shop


def install(app: FastAPI, settings: Settings, shop: Shop) -> None:
    """Add the admin routes and pages, and keep this process's library fresh while it runs.

    Wraps the app's lifespan: once the app has made its database engine (and, when it
    serves the matching bot, its ``app.state.library`` holder), the staff tools connect to
    them and start the reload watcher; it stops before the app's own shutdown.
    """
    from app.admin.pages import router as pages_router
    from app.admin.tools_views import router as tools_router
    from app.admin.views import router as items_router
    from app.admin.wiring import lifespan_with_admin

    app.router.lifespan_context = lifespan_with_admin(app.router.lifespan_context, settings, shop)
    app.include_router(tools_router)
    app.include_router(items_router)
    app.include_router(pages_router)
