"""Atomic reload of the whole engine, so staff edits go live without a restart.

``LibraryHolder`` swaps in a new engine only when the new load succeeds; a failed load keeps
the old engine serving and reports the problems. Staff tools (issue 6) call a
``ReloadSignal``; ``InProcessReloadSignal`` serves one process, a Redis publisher can
replace it for several without changing the holder.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from intents.engine import Engine
from quick_replies.errors import LibraryError

log = logging.getLogger("intents.reload")


@dataclass(frozen=True, slots=True)
class ReloadReport:
    ok: bool
    problems: tuple[str, ...] = ()
    scripts: int = 0
    rules: int = 0
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "scripts": self.scripts,
            "rules": self.rules,
            "at": self.at.isoformat(),
        }


class LibraryHolder:
    """Holds the serving engine; ``engine`` is always a complete, validated one."""

    def __init__(self, load: Callable[[], Engine]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._engine = load()  # the first load must succeed: there is nothing to fall back on
        self.last_report = self._report_ok(self._engine)

    @property
    def engine(self) -> Engine:
        return self._engine

    def reload(self) -> ReloadReport:
        with self._lock:
            try:
                engine = self._load()
            except LibraryError as exc:
                log.warning("reload failed, previous library keeps serving: %s", exc)
                self.last_report = ReloadReport(ok=False, problems=tuple(exc.problems))
                return self.last_report
            self._engine = engine  # one reference assignment: readers see old or new, whole
            self.last_report = self._report_ok(engine)
            log.info("library reloaded: %d scripts, %d rules", *self._sizes(engine))
            return self.last_report

    async def reload_async(self) -> ReloadReport:
        """Reload off the event loop (segmenter and index building take a fraction of a second)."""
        return await asyncio.to_thread(self.reload)

    @staticmethod
    def _sizes(engine: Engine) -> tuple[int, int]:
        return len(engine.library.scripts), len(engine.rules)

    def _report_ok(self, engine: Engine) -> ReloadReport:
        scripts, rules = self._sizes(engine)
        return ReloadReport(ok=True, scripts=scripts, rules=rules)


class ReloadSignal(Protocol):
    """How staff tools ask every serving process to reload its library."""

    def connect(self, holder: LibraryHolder) -> None: ...

    async def request(self) -> list[ReloadReport]: ...


class InProcessReloadSignal:
    """The single-process signal: reloads every connected holder directly."""

    def __init__(self) -> None:
        self._holders: list[LibraryHolder] = []

    def connect(self, holder: LibraryHolder) -> None:
        self._holders.append(holder)

    async def request(self) -> list[ReloadReport]:
        return [await holder.reload_async() for holder in self._holders]
