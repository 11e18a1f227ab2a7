"""What the report routes need, as FastAPI dependencies. Their errors (``ReportError``,
the agent session checks' 401/403) become problem responses in ``app.problems``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from app.orders.embedded import EmbeddedOrderSystem
from app.orders.system import OrderSystem
from app.reports.config import ReportSettings, load_report_settings
from app.reports.grouping import Grouper, clustering_grouper, simple_grouper
from app.reports.periods import DateRange, parse_zone, resolve_range, today_in
from handoff.views import EngineDep


def get_report_settings(request: Request) -> ReportSettings:
    settings = getattr(request.app.state, "report_settings", None)
    if settings is None:  # not installed through app.reports.install: read it now
        settings = load_report_settings(request.app.state.settings.shop_dir)
        request.app.state.report_settings = settings
    return settings  # type: ignore[no-any-return]


def get_orders(request: Request, engine: EngineDep) -> OrderSystem:
    """The order system the flows use (``app.state.flows.deps.orders``); else the embedded
    demo one over the app's database."""
    flows = getattr(request.app.state, "flows", None)
    orders = getattr(getattr(flows, "deps", None), "orders", None)
    return orders if orders is not None else EmbeddedOrderSystem(engine)


def get_grouper(request: Request) -> Grouper:
    """The staff tools' clustering when the app has it (``app.admin``), else plain grouping."""
    matching = getattr(request.app.state, "admin_matching", None)
    tuning = getattr(request.app.state, "admin_tuning", None)
    if matching is None or tuning is None:
        return simple_grouper
    return clustering_grouper(matching.tokens, tuning.unanswered.similarity)


ReportSettingsDep = Annotated[ReportSettings, Depends(get_report_settings)]
OrdersDep = Annotated[OrderSystem, Depends(get_orders)]


def get_range(
    settings: ReportSettingsDep,
    period: Annotated[str | None, Query(description="day, week or month")] = None,
    on: Annotated[str | None, Query(alias="date", description="a day in the period")] = None,
    start: Annotated[str | None, Query(description="first day, YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(description="last day (inclusive)")] = None,
    tz: Annotated[str | None, Query(description="IANA zone; default from reports.yaml")] = None,
) -> DateRange:
    zone = parse_zone(tz, settings.tz)
    today = today_in(zone)
    return resolve_range(period=period, on=on, start=start, end=end, tz=zone, today=today)


RangeDep = Annotated[DateRange, Depends(get_range)]
GrouperDep = Annotated[Grouper, Depends(get_grouper)]
