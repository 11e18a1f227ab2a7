"""The shopper websocket: read a frame, let the protocol judge it, carry out the events.

One shopper message goes: gateway → protocol (validate) → store (ack after commit) →
bot (normalise, match, flow) → store → hub (send to every tab of the conversation).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, WebSocket
from starlette.websockets import WebSocketDisconnect

from app.bot import Reply, Turn
from app.chat.enums import ConversationState, Sender
from app.chat.errors import error_frame
from app.chat.hub import Subscription
from app.chat.protocol import (
    CancelQueue,
    Close,
    Event,
    Hello,
    LeaveMessage,
    Rate,
    ShopperProtocol,
    ShopperText,
    Typing,
)
from app.chat.protocol import Reply as SendBack
from app.chat.service import ChatService, conversation_topic
from app.chat.store import LiveConversation
from app.security import (
    Identity,
    TokenError,
    customer_identity,
    new_visitor_token,
    visitor_identity,
)
from handoff import shopper_side
from handoff.desk import HandoffDesk
from handoff.errors import DeskError, HandoffError

log = logging.getLogger("app.chat")
router = APIRouter()


def get_chat(websocket: WebSocket) -> ChatService:
    return websocket.app.state.chat  # type: ignore[no-any-return]


ChatDep = Annotated[ChatService, Depends(get_chat)]


@router.websocket("/ws/chat")
async def shopper_socket(websocket: WebSocket, chat: ChatDep) -> None:
    await websocket.accept()
    connection = ShopperConnection(websocket, chat, getattr(websocket.app.state, "handoff", None))
    chat.metrics.shopper_connections.inc()
    try:
        await connection.serve()
    finally:
        chat.metrics.shopper_connections.dec()
        connection.close()


class ShopperConnection:
    def __init__(
        self, websocket: WebSocket, chat: ChatService, desk: HandoffDesk | None = None
    ) -> None:
        self.websocket = websocket
        self.chat = chat
        self.desk = desk  # the human handoff; None: the bot alone
        self.protocol = ShopperProtocol(chat.limits)
        self.live: LiveConversation | None = None
        self.subscription: Subscription | None = None
        self.identity: Identity | None = None
        self.last_seq = 0

    async def serve(self) -> None:
        headers = self.websocket.headers
        if not self.chat.origin_allowed(headers.get("origin"), headers.get("host")):
            await self.run(self.protocol.refuse("origin_not_allowed"))
            return
        loop = asyncio.get_running_loop()
        while True:
            try:
                message = await self.websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text")
            if raw is None:
                raw = message.get("bytes") or b""
            if not await self.run(self.protocol.receive(raw, loop.time())):
                return

    async def run(self, events: list[Event]) -> bool:
        """Carry out the protocol's events; False once the connection is to close."""
        for event in events:
            if isinstance(event, SendBack):
                await self.send(event.frame)
            elif isinstance(event, Close):
                await self.websocket.close(event.code)
                return False
            elif isinstance(event, ShopperText):
                await self.on_text(event)
            elif isinstance(event, Hello):
                if not await self.run(await self.on_hello(event)):
                    return False
            elif isinstance(event, Typing):
                if self.desk is not None and self.live is not None:
                    await shopper_side.shopper_typing(self.desk, self.live, event.on)
            elif isinstance(event, CancelQueue | Rate | LeaveMessage):
                await self.on_handoff_frame(event)
        return True

    async def on_handoff_frame(self, event: CancelQueue | Rate | LeaveMessage) -> None:
        desk, live = self.desk, self.live
        assert live is not None
        try:
            if desk is None:
                code = "not_waiting" if isinstance(event, CancelQueue) else "no_rating_due"
                raise DeskError(code, "no human handoff on this server")
            if isinstance(event, CancelQueue):
                await shopper_side.cancel_queue(desk, live)
            elif isinstance(event, Rate):
                await shopper_side.rate(desk, live, event.score, event.comment)
                await self.send({"type": "rated", "message": desk.texts.rated})
            else:
                confirmation = await shopper_side.leave_message(
                    desk, live, event.contact, event.text
                )
                await self.send({"type": "message_left", "message": confirmation})
        except DeskError as error:
            await self.send(error_frame(error.code))
        except HandoffError as error:  # refused by the desk's own checks: say so, keep the socket
            log.warning("handoff frame refused: %s", error)
            await self.send(error_frame("internal_error"))

    async def send(self, frame: dict[str, Any]) -> None:
        await self.websocket.send_text(orjson.dumps(frame).decode())

    async def send_if_connected(self, frame: dict[str, Any]) -> None:
        """For frames whose loss the protocol recovers from (re-send, resume)."""
        try:
            await self.send(frame)
        except (WebSocketDisconnect, RuntimeError, OSError):
            log.debug("send skipped: connection gone")

    async def deliver(self, frame: dict[str, Any]) -> None:
        """Hub delivery: each stored frame reaches this connection once, in seq order."""
        seq = frame.get("seq")
        if seq is not None:
            if seq <= self.last_seq:
                return
            self.last_seq = seq
        await self.send(frame)

    # -- hello -------------------------------------------------------------------------
    async def on_hello(self, hello: Hello) -> list[Event]:
        visitor_token = None
        try:
            if hello.token:
                identity = customer_identity(self.chat.signing_key, hello.token)
            elif hello.visitor:
                identity = visitor_identity(self.chat.signing_key, hello.visitor)
            else:
                visitor_token, identity = new_visitor_token(self.chat.signing_key)
        except TokenError as error:
            log.info("hello refused", extra={"fields": {"code": error.code}})
            return self.protocol.refuse(error.code)
        live = await self.chat.store.open_conversation(identity)
        self.live, self.identity = live, identity
        async with live.lock:
            self.subscription = self.chat.hub.subscribe(conversation_topic(live.id), self.deliver)
            resume_from = _resume_point(hello, live)
            history = await self.chat.store.history(live.id, resume_from, self.chat.history_limit)
            self.last_seq = max([resume_from or 0] + [frame["seq"] for frame in history])
            await self.send(self._welcome(live, identity, visitor_token, history))
        self.protocol.opened()
        if self.desk is not None:
            await shopper_side.greet(self.desk, live, self.send)
        log.info(
            "conversation opened",
            extra={"fields": {"conversation": live.id, "resumed_from": hello.last_seq}},
        )
        return []

    def _welcome(
        self,
        live: LiveConversation,
        identity: Identity,
        visitor_token: str | None,
        history: list[dict[str, Any]],
    ) -> dict[str, Any]:
        frame: dict[str, Any] = {
            "type": "welcome",
            "v": 1,
            "conversation_id": live.id,
            "state": live.state.value,
            "customer": {"name": identity.name, "signed_in": identity.signed_in},
            "history": history,
            "last_seq": live.next_seq - 1,
        }
        if visitor_token is not None:
            frame["visitor"] = visitor_token
        return frame

    # -- one shopper message -------------------------------------------------------------
    async def on_text(self, message: ShopperText) -> None:
        live = self.live
        assert live is not None and self.identity is not None
        try:
            async with live.lock:
                reply = await self._store_and_answer(live, message)
            if reply is not None and self.desk is not None:
                await self.desk.after_reply(live.id, reply)
        except Exception:
            log.exception("message failed", extra={"fields": {"conversation": live.id}})
            await self.send_if_connected(error_frame("internal_error", message.client_id))

    async def _store_and_answer(self, live: LiveConversation, message: ShopperText) -> Reply | None:
        """Store the message and let the bot answer it (not while an agent owns the chat);
        the bot's reply, once stored and sent."""
        known_seq = live.seq_by_client_id.get(message.client_id)
        if known_seq is not None:
            await self.send_if_connected(
                {"type": "ack", "client_id": message.client_id, "seq": known_seq}
            )
            return None
        if live.state is ConversationState.CLOSED:
            await self.send_if_connected(error_frame("conversation_closed", message.client_id))
            return None
        frame, stored = self.chat.store.stage(
            live, Sender.SHOPPER, message.text, client_id=message.client_id
        )
        # The bot starts at once; a quick answer is committed with the question.
        answering = None
        if live.state in (ConversationState.BOT, ConversationState.QUEUED):
            answering = asyncio.ensure_future(self._answer_and_stage(live, message.text))
        try:
            await stored
        except BaseException:
            if answering is not None:
                answering.cancel()
            raise
        self.last_seq = max(self.last_seq, frame["seq"])
        # Stored means answered, even when this connection has dropped meanwhile.
        await self.send_if_connected(
            {"type": "ack", "client_id": message.client_id, "seq": frame["seq"]}
        )
        topic = conversation_topic(live.id)
        await self.chat.hub.publish(topic, frame)
        if self.desk is not None:
            await shopper_side.shopper_message(self.desk, live, frame, {})
        if answering is None:
            return None
        if not answering.done():  # the bot waits on something: show it is typing
            await self.send_if_connected({"type": "typing", "sender": "bot", "on": True})
        reply, reply_frame, reply_stored = await answering
        await reply_stored
        await self.chat.hub.publish(topic, reply_frame)
        if self.desk is not None:
            await shopper_side.shopper_message(self.desk, live, reply_frame, _payload(reply))
        return reply

    async def _answer_and_stage(
        self, live: LiveConversation, text: str
    ) -> tuple[Reply, dict[str, Any], asyncio.Future[Any]]:
        assert self.identity is not None
        turn = Turn(
            conversation_id=live.id,
            customer_id=live.customer_id,
            signed_in=self.identity.signed_in,
            customer_ref=self.identity.ref,
            memory=live.memory,
        )
        started = time.perf_counter()
        reply = await self.chat.bot.answer(turn, text)
        self.chat.metrics.bot_answer_seconds.observe(time.perf_counter() - started)
        if self.desk is not None:
            reply = self.desk.review(live, reply)  # nobody to hand off to: say so
        frame, stored = self.chat.store.stage(
            live, Sender.BOT, reply.text, payload=_payload(reply), save_memory=True
        )
        return reply, frame, stored

    def close(self) -> None:
        if self.subscription is not None:
            self.subscription.cancel()
        if self.live is not None:
            self.chat.store.release(self.live)


def _resume_point(hello: Hello, live: LiveConversation) -> int | None:
    """``last_seq`` counts in the conversation the client last saw; a new one starts at 1."""
    if hello.last_seq is None:
        return None
    if hello.conversation_id is not None and hello.conversation_id != live.id:
        return None
    if hello.last_seq >= live.next_seq:  # seen more than this conversation holds
        return None
    return hello.last_seq


def _payload(reply: Reply) -> dict[str, Any]:
    payload: dict[str, Any] = {"outcome": reply.outcome}
    if reply.buttons:
        payload["buttons"] = [button.to_frame() for button in reply.buttons]
    if reply.cards:
        payload["cards"] = reply.cards
    if reply.intent:
        payload["intent"] = reply.intent
    if reply.handoff_reason:
        payload["handoff_reason"] = reply.handoff_reason
    if reply.explanation:
        payload["explanation"] = reply.explanation
    return payload
