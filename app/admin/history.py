"""Reading the change history (writing it is ``service.LibraryAdmin.apply``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.admin.models import ItemKind, LibraryChange, as_utc


def list_changes(
    db: Engine, kind: ItemKind | None = None, key: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The newest changes first, optionally of one kind or one item."""
    query = select(LibraryChange).order_by(col(LibraryChange.id).desc()).limit(limit)
    if kind is not None:
        query = query.where(LibraryChange.kind == kind)
    if key is not None:
        query = query.where(LibraryChange.key == key)
    with Session(db) as session:
        return [change_dict(change) for change in session.exec(query).all()]


def change_dict(change: LibraryChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "kind": change.kind,
        "key": change.key,
        "version": change.version,
        "action": change.action,
        "actor": change.actor,
        "at": as_utc(change.at).isoformat(),
        "before": change.before,
        "after": change.after,
        "reverts": change.reverts,
    }
