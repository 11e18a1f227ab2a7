"""One writer thread that commits many small writes per transaction.

A commit per message costs about a millisecond on SQLite; a transaction that carries
every write queued meanwhile costs a few microseconds a row. Callers await their write
and learn when it is durable, so an ``ack`` is still sent only after the commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

T = TypeVar("T")
Write = Callable[[Connection], Any]


class WriterClosed(RuntimeError):
    pass


class BatchWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 500) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._pending: list[tuple[Write, asyncio.Future[Any]]] = []
        self._wakeup = asyncio.Event()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="db-writer")

    async def write(self, write: Write) -> Any:
        """Queue ``write(connection)``; return its result once committed."""
        if self._closing:
            raise WriterClosed("the writer is shutting down")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((write, future))
        self._wakeup.set()
        return await future

    async def close(self) -> None:
        self._closing = True
        self._wakeup.set()
        if self._task is not None:
            await self._task
        self._thread.shutdown(wait=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                outcomes = await loop.run_in_executor(self._thread, self._commit, batch)
                for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                    if future.done():
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
            if self._closing:
                return

    def _commit(self, batch: list[tuple[Write, asyncio.Future[Any]]]) -> list[tuple[bool, Any]]:
        try:
            with self._engine.begin() as connection:
                return [(True, write(connection)) for write, _ in batch]
        except Exception as error:
            if len(batch) == 1:
                log.warning("db write failed: %s", error.__class__.__name__)
                return [(False, error)]
        # One bad write must not sink the others: retry each in its own transaction.
        return [self._commit_alone(write) for write, _ in batch]

    def _commit_alone(self, write: Write) -> tuple[bool, Any]:
        try:
            with self._engine.begin() as connection:
                return True, write(connection)
        except Exception as error:  # handed to the one caller whose write failed
            log.warning("db write failed: %s", error.__class__.__name__)
            return False, error
