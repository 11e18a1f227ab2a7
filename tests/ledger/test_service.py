"""The after-sale ledger on a real SQLite file: rows, once-only keys, status to closure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.db import make_engine
from app.ledger import (
    CaseStatus,
    CaseType,
    LedgerEntryNotFound,
    LedgerFilter,
    LedgerService,
    NewEntry,
    create_ledger_schema,
)

NOW = datetime(2025, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def ledger(tmp_path: Path) -> LedgerService:
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    create_ledger_schema(engine)
    return LedgerService(engine, clock=lambda: NOW)


async def test_a_row_keeps_type_order_customer_amount_status_handler_and_times(
    ledger: LedgerService,
) -> None:
    row = await ledger.create(
        NewEntry(
            CaseType.BAD_FRUIT_COMPENSATION,
            order_no="XG1",
            customer_ref="member:1",
            conversation_id=7,
            amount_fen=598,
            status=CaseStatus.APPROVED,
            reason="坏果 3/20",
            details={"photos": ["img_1"]},
        )
    )
    [read] = await ledger.list_entries()
    assert read.id == row.id and read.type == "bad_fruit_compensation"
    assert (read.order_no, read.customer_ref, read.amount_fen) == ("XG1", "member:1", 598)
    assert read.status == "approved" and read.handler == "bot" and read.closed_at is None
    assert read.created_at.replace(tzinfo=UTC) == NOW and read.details == {"photos": ["img_1"]}


async def test_a_dedupe_key_makes_the_write_happen_once(ledger: LedgerService) -> None:
    entry = NewEntry(CaseType.UNPAID_REMINDER, order_no="XG2", dedupe_key="unpaid_reminder:XG2")
    first, new = await ledger.create_once(entry)
    again, new_again = await ledger.create_once(entry)
    assert new and not new_again and first.id == again.id
    assert len(await ledger.list_entries()) == 1


async def test_a_case_is_followed_to_completion_by_a_person(ledger: LedgerService) -> None:
    row = await ledger.create(NewEntry(CaseType.LOGISTICS_FOLLOWUP, order_no="XG3"))
    assert row.id is not None
    assert [r.id for r in await ledger.list_entries(LedgerFilter(open_only=True))] == [row.id]
    taken = await ledger.update_status(row.id, CaseStatus.IN_PROGRESS, handler="agent:小美")
    assert taken.handler == "agent:小美" and taken.closed_at is None
    done = await ledger.update_status(row.id, CaseStatus.RESOLVED, details={"note": "已联系快递"})
    assert done.closed_at is not None and done.details["note"] == "已联系快递"
    assert await ledger.list_entries(LedgerFilter(open_only=True)) == []


async def test_filters_combine(ledger: LedgerService) -> None:
    for order, kind in [("A", CaseType.REFUND), ("A", CaseType.INVOICE), ("B", CaseType.REFUND)]:
        await ledger.create(NewEntry(kind, order_no=order, customer_ref=f"member:{order}"))
    refunds = await ledger.list_entries(LedgerFilter(type=CaseType.REFUND))
    assert [r.order_no for r in refunds] == ["B", "A"]
    assert len(await ledger.list_entries(LedgerFilter(order_no="A"))) == 2
    assert len(await ledger.list_entries(LedgerFilter(customer_ref="member:B"))) == 1


async def test_unknown_rows_types_and_statuses_are_refused(ledger: LedgerService) -> None:
    with pytest.raises(LedgerEntryNotFound):
        await ledger.update_status(999, CaseStatus.RESOLVED)
    with pytest.raises(ValueError):
        await ledger.create(NewEntry("made_up_type"))
    with pytest.raises(ValueError):
        await ledger.create(NewEntry(CaseType.REFUND, status="lost"))
