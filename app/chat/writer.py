"""One writer thread that commits many small writes per transaction.

A commit per message costs about a millisecond on SQLite; one transaction that carries
every write queued meanwhile, with the rows of each table inserted by one
``executemany``, costs a few microseconds a row. Callers await their write and learn
when it is durable, so an ``ack`` is still sent only after the commit.

Writes queued together may run in any order: a caller whose write depends on another
awaits that one first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, insert, update

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Insert:
    table: Table
    row: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Update:
    """``UPDATE table SET values WHERE id = row_id``."""

    table: Table
    row_id: int
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Call:
    function: Callable[[Connection], Any]


Write = Insert | Update | Call
Outcome = tuple[bool, Any]


class WriterClosed(RuntimeError):
    pass


class BatchWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 1000) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._pending: list[tuple[Write, asyncio.Future[Any]]] = []
        self._wakeup = asyncio.Event()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="db-writer")

    def submit(self, write: Write) -> asyncio.Future[Any]:
        """Queue one write; the future resolves once it is committed."""
        if self._closing:
            raise WriterClosed("the writer is shutting down")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((write, future))
        self._wakeup.set()
        return future

    async def write(self, write: Write) -> Any:
        """Queue one write; return once committed (a ``Call`` returns its result)."""
        return await self.submit(write)

    async def close(self) -> None:
        self._closing = True
        self._wakeup.set()
        if self._task is not None:
            await self._task
        self._thread.shutdown(wait=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._pending:
                if self._closing:
                    return
                await self._wakeup.wait()
                self._wakeup.clear()
            # Let the connections that are ready queue their writes too: bigger batches,
            # fewer commits, for the latency of one pass of the event loop.
            await asyncio.sleep(0)
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            writes = [write for write, _ in batch]
            outcomes = await loop.run_in_executor(self._thread, self._commit, writes)
            for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(value) if ok else future.set_exception(value)

    def _commit(self, writes: list[Write]) -> list[Outcome]:
        try:
            with self._engine.begin() as connection:
                return _apply(connection, writes)
        except Exception as error:
            if len(writes) == 1:
                log.warning("db write failed: %s", error.__class__.__name__)
                return [(False, error)]
        # One bad write must not sink the others: retry each in its own transaction.
        return [self._commit([write])[0] for write in writes]


def _apply(connection: Connection, writes: list[Write]) -> list[Outcome]:
    outcomes: list[Outcome] = [(True, None)] * len(writes)
    inserts: dict[Table, list[dict[str, Any]]] = {}
    updates: dict[tuple[Table, frozenset[str]], dict[int, dict[str, Any]]] = {}
    for index, write in enumerate(writes):
        if isinstance(write, Insert):
            inserts.setdefault(write.table, []).append(write.row)
        elif isinstance(write, Update):
            key = (write.table, frozenset(write.values))
            updates.setdefault(key, {})[write.row_id] = write.values  # the last one wins
        else:
            outcomes[index] = (True, write.function(connection))
    for table, rows in inserts.items():
        connection.execute(insert(table), rows)
    for (table, columns), by_id in updates.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({column: bindparam(column) for column in columns})
        )
        connection.execute(statement, [{"row_id": i, **values} for i, values in by_id.items()])
    return outcomes
