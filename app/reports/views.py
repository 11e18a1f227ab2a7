"""Supervisor REST: KPIs under ``/api/reports``, the after-sale ledger under ``/api/ledger``,
and a CSV export of every table. Supervisors and admins only (401 without a session, 403
for agents). Routes only; the work is in ``service``, ``kpis``, ``tables`` and ``ledger``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app.problems import ProblemRoute
from app.reports import tables, transcript
from app.reports.csv_export import to_csv
from app.reports.deps import GrouperDep, OrdersDep, RangeDep, ReportSettingsDep
from app.reports.errors import NotFound
from app.reports.periods import DateRange
from app.reports.service import build_report
from handoff import agents as agent_accounts
from handoff.views import EngineDep, Supervisor

router = APIRouter(prefix="/api", route_class=ProblemRoute, tags=["reports"])
CSV_TYPE = "text/csv; charset=utf-8"


def csv_response(name: str, rng: DateRange | None, content: bytes) -> Response:
    span = f"-{rng.first.isoformat()}-{rng.last.isoformat()}" if rng else ""
    disposition = f'attachment; filename="{name}{span}.csv"'
    return Response(content, media_type=CSV_TYPE, headers={"Content-Disposition": disposition})


AgentFilter = Annotated[int | None, Query(ge=1, description="only this agent's conversations")]


@router.get("/reports/kpis")
async def kpis(
    request: Request,
    engine: EngineDep,
    orders: OrdersDep,
    settings: ReportSettingsDep,
    rng: RangeDep,
    supervisor: Supervisor,
    group: GrouperDep,
    agent_id: AgentFilter = None,
) -> dict[str, Any]:
    report = await build_report(engine, orders, rng, settings, agent_id, group)
    everyone = agent_accounts.list_agents(engine)
    return {
        **report.to_dict(),
        "shop": request.app.state.shop.name,
        "agent_choices": [
            {"id": a.id, "display_name": a.display_name, "role": a.role} for a in everyone
        ],
        "names": {
            "intents": tables.names("intent_names"),
            "reasons": tables.names("reason_names"),
        },
        "settings": {
            "conversion_days": settings.conversion_days,
            "low_rating_max": settings.low_rating_max,
            "timezone": settings.timezone,
        },
    }


@router.get("/reports/{name}.csv")
async def report_csv(
    name: str,
    engine: EngineDep,
    orders: OrdersDep,
    settings: ReportSettingsDep,
    rng: RangeDep,
    supervisor: Supervisor,
    group: GrouperDep,
    agent_id: AgentFilter = None,
) -> Response:
    if name not in tables.TABLES:
        raise NotFound(f"no table {name!r}; tables: {', '.join(tables.TABLES)}")
    report = await build_report(engine, orders, rng, settings, agent_id, group)
    header, rows = tables.table(name, report)
    return csv_response(name, rng, to_csv(header, rows))


@router.get("/reports/conversations/{conversation_id}")
def conversation(
    conversation_id: int, engine: EngineDep, settings: ReportSettingsDep, supervisor: Supervisor
) -> dict[str, Any]:
    return transcript.load(engine, conversation_id, settings.tz)
