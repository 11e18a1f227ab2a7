"""Create, update and list ledger rows. Blocking database work runs in a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from app.ledger.enums import BOT_HANDLER, CaseStatus, CaseType
from app.ledger.models import LedgerEntry

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


class LedgerEntryNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class LedgerFilter:
    type: CaseType | str | None = None
    status: CaseStatus | str | None = None
    order_no: str | None = None
    customer_ref: str | None = None
    conversation_id: int | None = None
    open_only: bool = False
    limit: int = 100


@dataclass(slots=True)
class NewEntry:
    type: CaseType | str
    order_no: str | None = None
    customer_ref: str | None = None
    conversation_id: int | None = None
    amount_fen: int = 0
    status: CaseStatus | str = CaseStatus.OPEN
    handler: str = BOT_HANDLER
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    dedupe_key: str | None = None


def create_ledger_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine, tables=[SQLModel.metadata.tables["ledger_entry"]])


class LedgerService:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    async def _run(self, work: Callable[[Session], T]) -> T:
        def in_thread() -> T:
            with Session(self._engine, expire_on_commit=False) as session:
                return work(session)

        return await asyncio.to_thread(in_thread)

    async def create(self, entry: NewEntry) -> LedgerEntry:
        """Write a row; with a ``dedupe_key`` already used, return that row instead."""
        row, _created = await self.create_once(entry)
        return row

    async def create_once(self, entry: NewEntry) -> tuple[LedgerEntry, bool]:
        """Like :meth:`create`, and say whether the row is new."""

        def work(session: Session) -> tuple[LedgerEntry, bool]:
            if entry.dedupe_key is not None:
                existing = _by_key(session, entry.dedupe_key)
                if existing is not None:
                    return existing, False
            now = self._clock()
            status = CaseStatus(entry.status)
            row = LedgerEntry(
                type=CaseType(entry.type).value,
                order_no=entry.order_no,
                customer_ref=entry.customer_ref,
                conversation_id=entry.conversation_id,
                amount_fen=entry.amount_fen,
                status=status.value,
                handler=entry.handler,
                reason=entry.reason,
                details=entry.details,
                dedupe_key=entry.dedupe_key,
                created_at=now,
                updated_at=now,
                closed_at=now if status.closed else None,
            )
            session.add(row)
            try:
                session.commit()
            except IntegrityError:  # a concurrent writer used the same dedupe key
                session.rollback()
                existing = _by_key(session, entry.dedupe_key or "")
                if existing is None:
                    raise
                return existing, False
            return row, True

        return await self._run(work)

    async def update_status(
        self,
        entry_id: int,
        status: CaseStatus | str,
        handler: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> LedgerEntry:
        """Move a row to a new status; ``details`` are merged into the row's details."""

        def work(session: Session) -> LedgerEntry:
            row = session.get(LedgerEntry, entry_id)
            if row is None:
                raise LedgerEntryNotFound(entry_id)
            new_status = CaseStatus(status)
            now = self._clock()
            row.status = new_status.value
            row.updated_at = now
            row.closed_at = now if new_status.closed else None
            if handler is not None:
                row.handler = handler
            if details:
                row.details = {**row.details, **details}
            session.add(row)
            session.commit()
            return row

        return await self._run(work)

    async def get(self, entry_id: int) -> LedgerEntry:
        def work(session: Session) -> LedgerEntry:
            row = session.get(LedgerEntry, entry_id)
            if row is None:
                raise LedgerEntryNotFound(entry_id)
            return row

        return await self._run(work)

    async def list_entries(self, where: LedgerFilter | None = None) -> list[LedgerEntry]:
        """Rows matching every given filter, newest first."""
        where = where or LedgerFilter()

        def work(session: Session) -> list[LedgerEntry]:
            query = select(LedgerEntry)
            if where.type is not None:
                query = query.where(LedgerEntry.type == CaseType(where.type).value)
            if where.status is not None:
                query = query.where(LedgerEntry.status == CaseStatus(where.status).value)
            if where.order_no is not None:
                query = query.where(LedgerEntry.order_no == where.order_no)
            if where.customer_ref is not None:
                query = query.where(LedgerEntry.customer_ref == where.customer_ref)
            if where.conversation_id is not None:
                query = query.where(LedgerEntry.conversation_id == where.conversation_id)
            if where.open_only:
                closed = [CaseStatus.RESOLVED.value, CaseStatus.REJECTED.value]
                query = query.where(col(LedgerEntry.status).not_in(closed))
            query = query.order_by(col(LedgerEntry.id).desc()).limit(where.limit)
            return list(session.exec(query).all())

        return await self._run(work)


def _by_key(session: Session, key: str) -> LedgerEntry | None:
    return session.exec(select(LedgerEntry).where(LedgerEntry.dedupe_key == key)).first()
