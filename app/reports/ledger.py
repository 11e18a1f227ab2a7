"""The after-sale ledger (台账) as supervisors see it: filtered lists and status changes.

Writes go through ``app.ledger.service.LedgerService`` so the ledger's own rules (when a
case counts as closed) stay in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.ledger.enums import CaseStatus, CaseType
from app.ledger.models import LedgerEntry
from app.ledger.service import LedgerEntryNotFound, LedgerService
from app.reports.errors import InvalidInput, NotFound
from app.reports.periods import DateRange, as_utc

MAX_ROWS = 5000
MAX_NOTE_CHARS = 500
TYPES = tuple(t.value for t in CaseType)
STATUSES = tuple(s.value for s in CaseStatus)


@dataclass(frozen=True, slots=True)
class LedgerQuery:
    range: DateRange | None = None  # by the day the case was opened
    type: str | None = None
    status: str | None = None
    order_no: str | None = None
    customer_ref: str | None = None
    conversation_id: int | None = None
    open_only: bool = False
    limit: int = 500

    def check(self) -> LedgerQuery:
        if self.type is not None and self.type not in TYPES:
            raise InvalidInput(f"type: one of {', '.join(TYPES)}")
        if self.status is not None and self.status not in STATUSES:
            raise InvalidInput(f"status: one of {', '.join(STATUSES)}")
        if not 1 <= self.limit <= MAX_ROWS:
            raise InvalidInput(f"limit: from 1 to {MAX_ROWS}")
        return self


def list_entries(engine: Engine, query: LedgerQuery) -> list[LedgerEntry]:
    """Matching cases, newest first."""
    statement = select(LedgerEntry)
    if query.range is not None:
        statement = statement.where(col(LedgerEntry.created_at) >= query.range.start)
        statement = statement.where(col(LedgerEntry.created_at) < query.range.end)
    for name in ("type", "status", "order_no", "customer_ref", "conversation_id"):
        value = getattr(query, name)
        if value is not None and value != "":
            statement = statement.where(getattr(LedgerEntry, name) == value)
    if query.open_only:
        closed = [s.value for s in CaseStatus if s.closed]
        statement = statement.where(col(LedgerEntry.status).not_in(closed))
    statement = statement.order_by(col(LedgerEntry.id).desc()).limit(query.limit)
    with Session(engine) as session:
        return list(session.exec(statement).all())


def entry_out(entry: LedgerEntry, tz: Any) -> dict[str, Any]:
    def local(moment: datetime | None) -> str | None:
        return as_utc(moment).astimezone(tz).isoformat(timespec="seconds") if moment else None

    return {
        "id": entry.id,
        "created_at": local(entry.created_at),
        "updated_at": local(entry.updated_at),
        "closed_at": local(entry.closed_at),
        "type": entry.type,
        "order_no": entry.order_no,
        "customer_ref": entry.customer_ref,
        "conversation_id": entry.conversation_id,
        "amount_fen": entry.amount_fen,
        "amount_yuan": f"{entry.amount_fen / 100:.2f}",
        "status": entry.status,
        "closed": entry.status in {s.value for s in CaseStatus if s.closed},
        "handler": entry.handler,
        "reason": entry.reason,
        "history": entry.details.get("history", []),
    }


async def change_status(
    ledger: LedgerService, entry_id: int, status: str, *, by: str, note: str, now: datetime
) -> LedgerEntry:
    """Move a case to ``status``; who, when and why go to the case's ``history``."""
    if status not in STATUSES:
        raise InvalidInput(f"status: one of {', '.join(STATUSES)}")
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"note: at most {MAX_NOTE_CHARS} characters")
    try:
        current = await ledger.get(entry_id)
    except LedgerEntryNotFound:
        raise NotFound(f"ledger entry {entry_id} does not exist") from None
    step = {"at": as_utc(now).isoformat(), "by": by, "from": current.status, "to": status}
    if note:
        step["note"] = note
    history = [*current.details.get("history", []), step]
    return await ledger.update_status(entry_id, status, handler=by, details={"history": history})
