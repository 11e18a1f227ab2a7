"""Tables of the admin domain: the library's change history and its version counter.

Every change staff make through the API is one ``LibraryChange`` row (who, when, before,
after). ``LibraryVersion`` is a single row bumped after each change or reload from files;
every server process polls it to know when to reload (see ``reload.DatabaseReloadSignal``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class ItemKind(StrEnum):
    SCRIPT = "script"
    RULE = "rule"
    SYNONYM = "synonym"
    WORD = "word"


class ChangeAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REVERT = "revert"
    IMPORT = "import"
    FILE_EDIT = "file_edit"  # found in the files, made by hand


class LibraryChange(SQLModel, table=True):
    __tablename__ = "library_change"
    # The unique version per item makes the second of two concurrent writers fail.
    __table_args__ = (UniqueConstraint("kind", "key", "version", name="uq_library_change"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: ItemKind = Field(sa_type=String(16), index=True)
    key: str = Field(max_length=120, index=True)
    version: int  # the item's version after this change
    action: ChangeAction = Field(sa_type=String(16))
    actor: str = Field(max_length=40)
    at: datetime = Field(default_factory=utcnow)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reverts: int | None = None  # the change this one undid


class LibraryVersion(SQLModel, table=True):
    __tablename__ = "library_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
    reason: str = Field(default="", max_length=200)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
