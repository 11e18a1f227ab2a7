"""The after-sale ledger (台账) API: list with filters, CSV, status changes. Supervisors and
admins only. Routes only; the work is in ``app.reports.ledger``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from app.ledger.service import LedgerService
from app.problems import ProblemRoute
from app.reports import ledger, tables
from app.reports.csv_export import to_csv
from app.reports.deps import ReportSettingsDep
from app.reports.periods import DateRange, parse_zone, resolve_range, today_in
from app.reports.views import csv_response
from handoff.models import utcnow
from handoff.views import EngineDep, Supervisor

router = APIRouter(prefix="/api", route_class=ProblemRoute, tags=["ledger"])


def get_query(
    settings: ReportSettingsDep,
    start: Annotated[str | None, Query(description="opened on or after, YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(description="opened on or before, YYYY-MM-DD")] = None,
    tz: str | None = None,
    type: Annotated[str | None, Query(description="a case type")] = None,
    status: str | None = None,
    order_no: Annotated[str | None, Query(max_length=40)] = None,
    customer_ref: Annotated[str | None, Query(max_length=160)] = None,
    conversation_id: Annotated[int | None, Query(ge=1)] = None,
    open_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=ledger.MAX_ROWS)] = 500,
) -> ledger.LedgerQuery:
    rng: DateRange | None = None
    if start or end:
        zone = parse_zone(tz, settings.tz)
        rng = resolve_range(
            period=None, on=None, start=start, end=end, tz=zone, today=today_in(zone)
        )
    return ledger.LedgerQuery(
        range=rng,
        type=type or None,
        status=status or None,
        order_no=(order_no or "").strip() or None,
        customer_ref=(customer_ref or "").strip() or None,
        conversation_id=conversation_id,
        open_only=open_only,
        limit=limit,
    ).check()


QueryDep = Annotated[ledger.LedgerQuery, Depends(get_query)]


class StatusChange(BaseModel):
    status: str = Field(min_length=1, max_length=16)
    note: str = Field(default="", max_length=ledger.MAX_NOTE_CHARS)


@router.get("/ledger")
def list_ledger(
    engine: EngineDep, settings: ReportSettingsDep, query: QueryDep, supervisor: Supervisor
) -> dict[str, Any]:
    entries = ledger.list_entries(engine, query)
    return {
        "entries": [ledger.entry_out(e, settings.tz) for e in entries],
        "types": list(ledger.TYPES),
        "statuses": list(ledger.STATUSES),
        "limit": query.limit,
    }


@router.get("/ledger.csv")
def ledger_csv(
    engine: EngineDep, settings: ReportSettingsDep, query: QueryDep, supervisor: Supervisor
) -> Response:
    entries = [ledger.entry_out(e, settings.tz) for e in ledger.list_entries(engine, query)]
    header, rows = tables.ledger_table(entries)
    return csv_response("ledger", query.range, to_csv(header, rows))


@router.patch("/ledger/{entry_id}")
async def change_status(
    entry_id: int,
    body: StatusChange,
    engine: EngineDep,
    settings: ReportSettingsDep,
    supervisor: Supervisor,
) -> dict[str, Any]:
    entry = await ledger.change_status(
        LedgerService(engine),
        entry_id,
        body.status,
        by=supervisor.username,
        note=body.note.strip(),
        now=utcnow(),
    )
    return ledger.entry_out(entry, settings.tz)
