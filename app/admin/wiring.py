"""Put the staff tools together for one server process and keep its library fresh.

``install_admin`` is called from the app's lifespan once the database exists. It connects
the live ``LibraryHolder`` (the one the bot answers from) to a ``DatabaseReloadSignal`` and
starts the ``ReloadWatcher`` that reloads it whenever another process changed the library.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine

from app.admin.library_files import LibraryDirs
from app.admin.matching import Matching
from app.admin.reload import DatabaseReloadSignal, ReloadWatcher
from app.admin.service import LibraryAdmin
from app.admin.tuning import load_tuning
from app.config import Settings
from app.shop import Shop
from intents.engine import MatchingPaths, load_engine
from intents.holder import LibraryHolder, ReloadReport
from quick_replies.errors import LibraryError

log = logging.getLogger("app.admin")


class HolderReloadSignal(DatabaseReloadSignal):
    """The database signal, also speaking ``intents.holder.ReloadSignal``: ``request``
    bumps the version (other processes follow within a second) and reloads here now."""

    def __init__(self, db: Engine) -> None:
        super().__init__(db)
        self._holders: list[LibraryHolder] = []

    def connect(self, holder: LibraryHolder) -> None:
        self._holders.append(holder)

    async def request(self) -> list[ReloadReport]:
        self.bump("reload requested")
        return [await holder.reload_async() for holder in self._holders]


def library_dirs(settings: Settings) -> LibraryDirs:
    return LibraryDirs(settings.scripts_dir, settings.intents_dir, settings.lexicon_dir)


def reload_or_raise(holder: LibraryHolder) -> None:
    report = holder.reload()
    if not report.ok:
        raise LibraryError(list(report.problems))


def install_admin(
    app: FastAPI,
    settings: Settings,
    shop: Shop,
    db: Engine,
    holder: LibraryHolder,
    flows: Collection[str] | None = None,
) -> ReloadWatcher:
    """Set ``app.state`` up for ``app.admin.views``; returns the watcher to start and stop."""
    signal = HolderReloadSignal(db)
    signal.connect(holder)
    watcher = ReloadWatcher(signal, lambda: reload_or_raise(holder))
    watcher.mark_loaded(signal.current())

    def validate(dirs: LibraryDirs) -> None:
        load_engine(MatchingPaths(dirs.scripts, dirs.intents, dirs.lexicon), shop, flows=flows)

    app.state.library_admin = LibraryAdmin(
        dirs=library_dirs(settings),
        db=db,
        validate=validate,
        watcher=watcher,
        # Beside the files, so every process that edits them shares it.
        lock_path=Path(settings.scripts_dir) / ".edit.lock",
    )
    app.state.admin_matching = Matching(lambda: holder.engine)
    app.state.admin_tuning = load_tuning()
    app.state.library_signal = signal
    return watcher


Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]


def lifespan_with_admin(inner: Lifespan, settings: Settings, shop: Shop) -> Lifespan:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with inner(app) as state:
            holder = getattr(app.state, "library", None) or _tools_only_holder(settings, shop)
            if holder is None:
                app.state.library_admin = None
                yield state
                return
            flows = getattr(app.state, "flows", None)
            names = flows.names() if flows is not None and hasattr(flows, "names") else None
            watcher = install_admin(app, settings, shop, app.state.engine, holder, names)
            watcher.start()
            try:
                yield state
            finally:
                await watcher.stop()

    return lifespan


def _tools_only_holder(settings: Settings, shop: Shop) -> LibraryHolder | None:
    """The bot does not answer from a library (the greeting bot): load one for the tools
    alone. If it does not load, the server still starts; the tools answer 503."""
    paths = MatchingPaths.from_settings(settings)
    try:
        return LibraryHolder(lambda: load_engine(paths, shop))
    except LibraryError as error:
        log.warning(
            "staff tools off: the library does not load",
            extra={"fields": {"problems": error.problems}},
        )
        return None
