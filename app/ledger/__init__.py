"""The after-sale ledger (售后台账): every after-sale action, by bot or agent, is a row."""

from app.ledger.enums import BOT_HANDLER, CaseStatus, CaseType
from app.ledger.models import LedgerEntry
from app.ledger.service import (
    LedgerEntryNotFound,
    LedgerFilter,
    LedgerService,
    NewEntry,
    create_ledger_schema,
)

__all__ = [
    "BOT_HANDLER",
    "CaseStatus",
    "CaseType",
    "LedgerEntry",
    "LedgerEntryNotFound",
    "LedgerFilter",
    "LedgerService",
    "NewEntry",
    "create_ledger_schema",
]
