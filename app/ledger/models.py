"""The after-sale ledger (售后台账): one row per after-sale action, by bot or agent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field, SQLModel

from app.ledger.enums import CaseStatus


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entry"
    __table_args__ = (Index("ix_ledger_entry_status_type", "status", "type"),)

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(sa_type=String(32))
    order_no: str | None = Field(default=None, index=True, max_length=40)
    customer_ref: str | None = Field(default=None, index=True, max_length=160)
    conversation_id: int | None = Field(default=None, index=True)
    amount_fen: int = 0
    status: str = Field(default=CaseStatus.OPEN.value, sa_type=String(16))
    handler: str = Field(default="bot", max_length=80)
    reason: str = Field(default="", max_length=500)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Makes a write happen once: e.g. "unpaid_reminder:<order_no>".
    dedupe_key: str | None = Field(default=None, unique=True, max_length=160)
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
