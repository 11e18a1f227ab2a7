"""Supervisor reports: service KPIs over a date range, the after-sale ledger API, CSV
exports, and the dashboard, ledger and monthly-report pages (see docs/kpis.md)."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings


def install(app: FastAPI, settings: Settings) -> None:
    """Check ``reports.yaml`` now (a bad file stops the start) and add the routes."""
    from app.reports import ledger_views, pages, views
    from app.reports.config import load_report_settings

    app.state.report_settings = load_report_settings(settings.shop_dir)
    app.include_router(views.router)
    app.include_router(ledger_views.router)
    app.include_router(pages.router)
