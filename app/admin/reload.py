"""Hot reload in every server process.

A change bumps the library version (``ReloadSignal.bump``); each process runs a
``ReloadWatcher`` that reads the version once a second and reloads its library when the
version moved. The signal is a database row today (``DatabaseReloadSignal``); a Redis
pub/sub or key can take its place behind the same two methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from app.admin.models import LibraryVersion, utcnow

log = logging.getLogger("app.admin.reload")


class ReloadSignal(Protocol):
    def current(self) -> int:
        """The library version every process should be serving."""
        ...

    def bump(self, reason: str) -> int:
        """Announce a change; returns the new version."""
        ...


class DatabaseReloadSignal:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def current(self) -> int:
        with Session(self._engine) as session:
            row = session.get(LibraryVersion, 1)
            return row.version if row is not None else 0

    def bump(self, reason: str) -> int:
        with Session(self._engine) as session:
            row = session.get(LibraryVersion, 1, with_for_update=True) or LibraryVersion()
            row.version += 1
            row.updated_at = utcnow()
            row.reason = reason[:200]
            session.add(row)
            session.commit()
            return row.version


@dataclass(slots=True)
class ReloadStatus:
    """What this process serves: the version it loaded and the last reload's outcome."""

    version: int = 0
    loaded_at: datetime | None = None
    last_error: list[str] = field(default_factory=list)
    failed_version: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "last_error": self.last_error,
            "failed_version": self.failed_version,
        }


class ReloadWatcher:
    """Reloads this process's library whenever the signal's version moves.

    ``reload`` raises on a library that does not load and must keep the old one serving.
    """

    def __init__(
        self,
        signal: ReloadSignal,
        reload: Callable[[], None],
        *,
        interval: float = 1.0,
        problems_of: Callable[[Exception], list[str]] = lambda e: str(e).splitlines(),
    ) -> None:
        self.signal = signal
        self._reload = reload
        self._interval = interval
        self._problems_of = problems_of
        self.status = ReloadStatus()
        self._task: asyncio.Task[None] | None = None
        self._lock = threading.Lock()

    def mark_loaded(self, version: int) -> None:
        self.status.version = version
        self.status.loaded_at = utcnow()
        self.status.last_error = []
        self.status.failed_version = None

    def reload_to(self, version: int) -> None:
        """Reload now (blocking) and remember ``version`` as served; re-raises a failure."""
        with self._lock:
            try:
                self._reload()
            except Exception as error:
                self.status.last_error = self._problems_of(error)
                self.status.failed_version = version
                raise
            self.mark_loaded(version)

    def check(self) -> None:
        """One poll: reload when the version moved (a failed version is not retried)."""
        version = self.signal.current()
        if version in (self.status.version, self.status.failed_version):
            return
        try:
            self.reload_to(version)
            log.info("library reloaded", extra={"fields": {"version": version}})
        except Exception:
            log.warning(
                "library reload failed; the previous library keeps serving",
                extra={"fields": {"version": version, "problems": self.status.last_error}},
            )

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="library-reload")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await asyncio.to_thread(self.check)
            except Exception:  # a database hiccup must not end the watcher
                log.exception("library version check failed")
