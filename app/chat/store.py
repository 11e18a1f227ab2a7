"""Chat persistence: customers, conversations and messages, written through the batch writer.

A ``LiveConversation`` is the in-process state of a conversation with connections:
its next sequence number and the client ids already seen. Every message is given its
``seq`` and stored under the conversation's lock, so frames are stored, and then
published, in ``seq`` order.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, func, insert, select, update

from app.chat.enums import ConversationState, Sender
from app.chat.models import Conversation, Customer, Message, utcnow
from app.chat.writer import BatchWriter, Call, Insert, Update
from app.security import Identity

log = logging.getLogger(__name__)

MESSAGES = Message.__table__  # type: ignore[attr-defined]
CONVERSATIONS = Conversation.__table__  # type: ignore[attr-defined]
CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]


@dataclass(eq=False)
class LiveConversation:
    id: int
    customer_id: int
    state: ConversationState
    memory: dict[str, Any]
    next_seq: int
    seq_by_client_id: dict[str, int]
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holders: int = 0


def message_frame(
    seq: int,
    sender: str,
    text: str,
    at: datetime,
    payload: dict[str, Any],
    client_id: str | None,
) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "type": "message",
        "seq": seq,
        "sender": sender,
        "text": text,
        "at": _iso_utc(at),
    }
    if client_id is not None:
        frame["client_id"] = client_id
    for shown in ("buttons", "cards"):
        if payload.get(shown):
            frame[shown] = payload[shown]
    return frame


def _iso_utc(at: datetime) -> str:
    """SQLite hands datetimes back naive; they were written in UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ChatStore:
    def __init__(
        self,
        engine: Engine,
        writer: BatchWriter,
        *,
        keep_idle: int = 10_000,
        on_stored: Callable[[str], None] | None = None,
    ) -> None:
        """``on_stored(sender)`` runs once for each message committed (metrics)."""
        self._engine = engine
        self._writer = writer
        self._on_stored = on_stored
        self._live: dict[int, LiveConversation] = {}
        self._idle: OrderedDict[int, LiveConversation] = OrderedDict()
        self._keep_idle = keep_idle

    # -- conversations ----------------------------------------------------------------
    async def open_conversation(self, identity: Identity) -> LiveConversation:
        """The shopper's open conversation (a new one when none is open), held for use."""
        conversation_id = await self._writer.write(
            Call(lambda connection: _open_conversation_id(connection, identity))
        )
        return await self.hold(conversation_id)

    async def hold(self, conversation_id: int) -> LiveConversation:
        """A conversation by id, held for use (``release`` it after); agents use this."""
        live = self._live.get(conversation_id) or self._idle.pop(conversation_id, None)
        if live is None:
            live = await asyncio.to_thread(self._load, conversation_id)
            live = self._live.setdefault(conversation_id, live)
        self._live[conversation_id] = live
        live.holders += 1
        return live

    def release(self, live: LiveConversation) -> None:
        live.holders -= 1
        if live.holders <= 0 and self._live.pop(live.id, None) is not None:
            self._idle[live.id] = live
            while len(self._idle) > self._keep_idle:
                self._idle.popitem(last=False)

    def set_state(self, live: LiveConversation, state: ConversationState) -> asyncio.Future[Any]:
        """Move the conversation to ``state`` (caller holds ``live.lock``); its memory is
        saved in the same write."""
        live.state = state
        now = utcnow()
        values: dict[str, Any] = {"state": state.value, "memory": dict(live.memory)}
        values["updated_at"] = now
        if state is ConversationState.CLOSED:
            values["closed_at"] = now
        return self._writer.submit(Update(CONVERSATIONS, live.id, values))

    def _load(self, conversation_id: int) -> LiveConversation:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(CONVERSATIONS).where(CONVERSATIONS.c.id == conversation_id)
            ).one()
            max_seq = connection.execute(
                select(func.coalesce(func.max(MESSAGES.c.seq), 0)).where(
                    MESSAGES.c.conversation_id == conversation_id
                )
            ).scalar_one()
            client_ids = connection.execute(
                select(MESSAGES.c.client_id, MESSAGES.c.seq).where(
                    MESSAGES.c.conversation_id == conversation_id,
                    MESSAGES.c.client_id.is_not(None),
                )
            ).all()
        return LiveConversation(
            id=row.id,
            customer_id=row.customer_id,
            state=ConversationState(row.state),
            memory=dict(row.memory or {}),
            next_seq=max_seq + 1,
            seq_by_client_id={client_id: seq for client_id, seq in client_ids},
        )

    # -- messages -------------------------------------------------------------------------
    def stage(
        self,
        live: LiveConversation,
        sender: Sender,
        text: str,
        *,
        payload: dict[str, Any] | None = None,
        client_id: str | None = None,
        save_memory: bool = False,
    ) -> tuple[dict[str, Any], asyncio.Future[Any]]:
        """Queue one message (caller holds ``live.lock``): its frame, and a future that
        resolves once it is committed. With ``save_memory`` the conversation's memory
        goes into the same transaction. Messages staged before the writer's next pass
        share one commit."""
        seq = live.next_seq
        live.next_seq = seq + 1
        now = utcnow()
        shown = payload or {}
        row: dict[str, Any] = {
            "conversation_id": live.id,
            "seq": seq,
            "sender": sender.value,
            "text": text,
            "payload": shown,
            "client_id": client_id,
            "created_at": now,
        }
        committed = self._writer.submit(Insert(MESSAGES, row))
        if self._on_stored is not None:
            count = self._on_stored
            committed.add_done_callback(lambda done: done.exception() or count(sender.value))
        if save_memory:
            memory = {"memory": dict(live.memory), "updated_at": now}
            self._writer.submit(Update(CONVERSATIONS, live.id, memory)).add_done_callback(
                _log_failure
            )
        if client_id is not None:
            committed.add_done_callback(
                lambda done: done.exception() or live.seq_by_client_id.setdefault(client_id, seq)
            )
        return message_frame(seq, sender.value, text, now, shown, client_id), committed

    async def append(
        self, live: LiveConversation, sender: Sender, text: str, **options: Any
    ) -> dict[str, Any]:
        """Store one message (caller holds ``live.lock``); return its frame once committed."""
        frame, committed = self.stage(live, sender, text, **options)
        await committed
        return frame

    async def history(self, conversation_id: int, after_seq: int | None, limit: int) -> list[dict]:
        return await asyncio.to_thread(self._history, conversation_id, after_seq, limit)

    def _history(self, conversation_id: int, after_seq: int | None, limit: int) -> list[dict]:
        query = select(MESSAGES).where(MESSAGES.c.conversation_id == conversation_id)
        if after_seq is not None:
            query = query.where(MESSAGES.c.seq > after_seq).order_by(MESSAGES.c.seq)
        else:
            query = query.order_by(MESSAGES.c.seq.desc()).limit(limit)
        with self._engine.connect() as connection:
            rows = sorted(connection.execute(query).all(), key=lambda row: row.seq)
        return [
            message_frame(row.seq, row.sender, row.text, row.created_at, row.payload, row.client_id)
            for row in rows
        ]


def _log_failure(done: asyncio.Future[Any]) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.error("conversation memory not saved: %s", done.exception())


def _open_conversation_id(connection: Connection, identity: Identity) -> int:
    customer_id = _customer_id(connection, identity)
    open_id = connection.execute(
        select(CONVERSATIONS.c.id)
        .where(
            CONVERSATIONS.c.customer_id == customer_id,
            CONVERSATIONS.c.state != ConversationState.CLOSED.value,
        )
        .order_by(CONVERSATIONS.c.id.desc())
        .limit(1)
    ).scalar()
    if open_id is not None:
        return int(open_id)
    now = utcnow()
    result = connection.execute(
        insert(CONVERSATIONS).values(
            customer_id=customer_id,
            state=ConversationState.BOT.value,
            memory={},
            created_at=now,
            updated_at=now,
        )
    )
    return _new_id(result)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _customer_id(connection: Connection, identity: Identity) -> int:
    row = connection.execute(
        select(CUSTOMERS.c.id, CUSTOMERS.c.name).where(CUSTOMERS.c.ref == identity.ref)
    ).first()
    if row is not None:
        if identity.name and identity.name != row.name:
            connection.execute(
                update(CUSTOMERS).where(CUSTOMERS.c.id == row.id).values(name=identity.name)
            )
        return int(row.id)
    kind = "member" if identity.signed_in else "visitor"
    result = connection.execute(
        insert(CUSTOMERS).values(
            ref=identity.ref, kind=kind, name=identity.name, created_at=utcnow()
        )
    )
    return _new_id(result)
