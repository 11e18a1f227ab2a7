"""Edits made to the files by hand, found and recorded like any other change.

For every item the API has written, the history holds what it wrote (the latest
``after``). When the file now says something else, someone edited it by hand: that is
recorded as a ``file_edit`` change by ``files``, which bumps the item's version — so an
editor whose page still shows the old content gets a 409 instead of silently overwriting
the hand edit, and the history shows it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.admin.library_files import Library
from app.admin.models import ChangeAction, ItemKind, LibraryChange

HAND_EDITOR = "files"


def same(left: dict[str, Any] | None, right: dict[str, Any] | None) -> bool:
    """Equal once unset fields (``None``) are left out on both sides."""
    if left is None or right is None:
        return left is right
    return _set(left) == _set(right)


def _set(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value is not None}


def latest_changes(session: Session, kind: ItemKind) -> list[LibraryChange]:
    newest = (
        select(LibraryChange.key, func.max(LibraryChange.version).label("version"))
        .where(LibraryChange.kind == kind)
        .group_by(col(LibraryChange.key))
        .subquery()
    )
    query = select(LibraryChange).join(
        newest,
        (col(LibraryChange.key) == newest.c.key) & (col(LibraryChange.version) == newest.c.version),
    )
    return list(session.exec(query.where(LibraryChange.kind == kind)).all())


def record_hand_edits(db: Engine, library: Library, kinds: list[ItemKind]) -> int:
    """Record every item whose file differs from what the API last wrote; how many."""
    found = 0
    with Session(db) as session:
        for kind in kinds:
            items = library.of(kind)
            for change in latest_changes(session, kind):
                now = items.get(change.key)
                if same(change.after, now):
                    continue
                session.add(
                    LibraryChange(
                        kind=kind,
                        key=change.key,
                        version=change.version + 1,
                        action=ChangeAction.FILE_EDIT,
                        actor=HAND_EDITOR,
                        before=change.after,
                        after=now,
                    )
                )
                found += 1
        session.commit()
    return found
