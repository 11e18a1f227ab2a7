"""Editing the library: every change checked, written to the files, recorded, reloaded.

One edit = read the files, apply the change, load the result on a scratch copy
(``validation``), then in one database transaction record the change and write the
files, then bump the library version so every process reloads. A file lock serialises
edits across processes; the unique (kind, key, version) of the history is the backstop
that turns a lost race into a 409.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.admin.errors import InvalidItem, ItemNotFound, ReloadFailed, VersionConflict
from app.admin.hand_edits import record_hand_edits
from app.admin.library_files import NEW_RULES_FILE, Item, LibraryDirs, read_library
from app.admin.library_files import write_library as write_files
from app.admin.models import ChangeAction, ItemKind, LibraryChange
from app.admin.reload import ReloadWatcher
from app.admin.schemas import KEY_FIELD, ItemIn, ItemOut
from app.admin.validation import Validate, check_library, problems_of

log = logging.getLogger("app.admin")


@dataclass(frozen=True, slots=True)
class Edit:
    key: str
    after: Item | None  # None deletes
    expected_version: int | None = None  # None: no concurrency check (revert, import)
    must_exist: bool | None = None  # True: update/delete, False: create


@dataclass
class LibraryAdmin:
    dirs: LibraryDirs
    db: Engine
    validate: Validate
    watcher: ReloadWatcher
    lock_path: Path

    # -- reading -------------------------------------------------------------------------

    def items(self, kind: ItemKind) -> list[ItemOut]:
        versions = self.versions(kind)
        items = read_library(self.dirs).of(kind)
        return [
            ItemOut(kind=kind, key=key, version=versions.get(key, 0), item=item)
            for key, item in items.items()
        ]

    def get(self, kind: ItemKind, key: str) -> ItemOut:
        item = read_library(self.dirs).of(kind).get(key)
        if item is None:
            raise ItemNotFound(f"{kind.value} {key!r} does not exist")
        return ItemOut(kind=kind, key=key, version=self.versions(kind).get(key, 0), item=item)

    def versions(self, kind: ItemKind) -> dict[str, int]:
        with Session(self.db) as session:
            rows = session.exec(
                select(LibraryChange.key, func.max(LibraryChange.version))
                .where(LibraryChange.kind == kind)
                .group_by(col(LibraryChange.key))
            ).all()
        return {key: int(version) for key, version in rows}

    # -- changing ------------------------------------------------------------------------

    def create(self, kind: ItemKind, data: ItemIn, actor: str) -> ItemOut:
        key = str(getattr(data, KEY_FIELD[kind]))
        after = self._placed(kind, data.item(), None)
        self.apply(kind, [Edit(key, after, must_exist=False)], ChangeAction.CREATE, actor)
        return self.get(kind, key)

    def update(self, kind: ItemKind, key: str, data: ItemIn, actor: str) -> ItemOut:
        if str(getattr(data, KEY_FIELD[kind])) != key:
            message = f"cannot change; create a new {kind.value} and delete {key!r}"
            raise InvalidItem([{"field": KEY_FIELD[kind], "message": message}])
        before = read_library(self.dirs).of(kind).get(key)
        after = self._placed(kind, data.item(), before)
        edit = Edit(key, after, expected_version=data.version, must_exist=True)
        self.apply(kind, [edit], ChangeAction.UPDATE, actor)
        return self.get(kind, key)

    def delete(self, kind: ItemKind, key: str, version: int, actor: str) -> None:
        edit = Edit(key, None, expected_version=version, must_exist=True)
        self.apply(kind, [edit], ChangeAction.DELETE, actor)

    def revert(self, change_id: int, actor: str) -> LibraryChange:
        with Session(self.db) as session:
            change = session.get(LibraryChange, change_id)
        if change is None:
            raise ItemNotFound(f"change {change_id} does not exist")
        edit = Edit(change.key, change.before)
        kind = ItemKind(change.kind)
        self.apply(kind, [edit], ChangeAction.REVERT, actor, reverts=change_id)
        return change

    def import_items(self, kind: ItemKind, items: list[ItemIn], actor: str) -> dict[str, int]:
        """Create or update every item (matched by key); returns how many of each."""
        current = read_library(self.dirs).of(kind)
        edits = []
        for data in items:
            key = str(getattr(data, KEY_FIELD[kind]))
            edits.append(Edit(key, self._placed(kind, data.item(), current.get(key))))
        changed = self.apply(kind, edits, ChangeAction.IMPORT, actor)
        created = sum(1 for change in changed if change.before is None)
        return {
            "created": created,
            "updated": len(changed) - created,
            "unchanged": len(items) - len(changed),
        }

    def apply(
        self,
        kind: ItemKind,
        edits: list[Edit],
        action: ChangeAction,
        actor: str,
        reverts: int | None = None,
    ) -> list[LibraryChange]:
        """Check, record and write ``edits`` as one change of the library; then reload."""
        with self._locked():
            library = read_library(self.dirs)
            record_hand_edits(self.db, library, [kind])
            items = library.of(kind)
            versions = self.versions(kind)
            changes = []
            for edit in edits:
                before = items.get(edit.key)
                self._check_expectations(kind, edit, before, versions.get(edit.key, 0))
                if before == edit.after:
                    continue
                if edit.after is None:
                    items.pop(edit.key, None)
                else:
                    items[edit.key] = edit.after
                changes.append(
                    LibraryChange(
                        kind=kind,
                        key=edit.key,
                        version=versions.get(edit.key, 0) + 1,
                        action=action,
                        actor=actor,
                        before=before,
                        after=edit.after,
                        reverts=reverts,
                    )
                )
            if not changes:
                return []
            edited = (kind, edits[0].key) if len(edits) == 1 and edits[0].after else None
            check_library(self.dirs, library, self.validate, edited)
            self._record_and_write(changes, library)
        self._announce(f"{action.value} {kind.value} by {actor}")
        return changes

    def reload_from_files(self, actor: str) -> dict[str, object]:
        """Load the files as they are now (after a hand edit); a failure keeps the old."""
        try:
            self.watcher.reload_to(self.watcher.status.version)
        except Exception as error:
            raise ReloadFailed(
                "the files do not load; the previous library keeps serving",
                problems=problems_of(error),
            ) from error
        with self._locked():
            record_hand_edits(self.db, read_library(self.dirs), list(ItemKind))
        version = self.watcher.signal.bump(f"reload from files by {actor}")
        self.watcher.mark_loaded(version)
        return self.watcher.status.to_dict()

    # -- helpers -------------------------------------------------------------------------

    def _check_expectations(
        self, kind: ItemKind, edit: Edit, before: Item | None, version: int
    ) -> None:
        if edit.must_exist and before is None:
            raise ItemNotFound(f"{kind.value} {edit.key!r} does not exist")
        if edit.must_exist is False and before is not None:
            raise VersionConflict(
                f"{kind.value} {edit.key!r} already exists",
                current=self._out(kind, edit.key, version, before),
            )
        if edit.expected_version is not None and edit.expected_version != version:
            raise VersionConflict(
                f"{kind.value} {edit.key!r} was changed by someone else "
                f"(you edited version {edit.expected_version}, it is now {version})",
                current=self._out(kind, edit.key, version, before),
            )

    @staticmethod
    def _out(kind: ItemKind, key: str, version: int, item: Item | None) -> dict[str, Any]:
        return ItemOut(kind=kind, key=key, version=version, item=item or {}).model_dump()

    @staticmethod
    def _placed(kind: ItemKind, item: Item, before: Item | None) -> Item:
        """A rule stays in its file; a new one goes to the staff file unless one is given."""
        if kind is ItemKind.RULE and "file" not in item:
            item["file"] = (before or {}).get("file", NEW_RULES_FILE)
        return item

    def _record_and_write(self, changes: list[LibraryChange], library: Any) -> None:
        with Session(self.db, expire_on_commit=False) as session:
            session.add_all(changes)
            try:
                session.flush()
            except IntegrityError:
                raise VersionConflict("someone else changed it at the same moment") from None
            write_files(self.dirs, library)
            session.commit()

    def _announce(self, reason: str) -> None:
        version = self.watcher.signal.bump(reason)
        try:
            self.watcher.reload_to(version)
        except Exception:  # checked on a copy, so only a race with a hand edit gets here
            log.exception("reload after an edit failed; the previous library keeps serving")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with self.lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
