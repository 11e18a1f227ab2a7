"""The shopper protocol as a pure state machine: a raw frame in, events out, no I/O.

The gateway feeds every frame it reads to ``ShopperProtocol.receive`` and carries out
the events: ``Reply`` frames go straight back, ``Hello``, ``ShopperText`` and
``Typing`` are acted on, ``Close`` ends the connection.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import orjson

from app.chat.errors import CLOSE_CODES, error_frame

PROTOCOL_VERSION = 1
MAX_CLIENT_ID = 64


@dataclass(frozen=True, slots=True)
class Limits:
    max_chars: int = 1000
    rate_per_second: float = 2.0
    rate_burst: int = 8


@dataclass(frozen=True, slots=True)
class Hello:
    token: str | None
    visitor: str | None
    last_seq: int | None
    conversation_id: int | None = None


@dataclass(frozen=True, slots=True)
class ShopperText:
    client_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Typing:
    on: bool


@dataclass(frozen=True, slots=True)
class CancelQueue:
    pass


@dataclass(frozen=True, slots=True)
class Rate:
    score: int
    comment: str


@dataclass(frozen=True, slots=True)
class LeaveMessage:
    contact: str
    text: str


@dataclass(frozen=True, slots=True)
class Reply:
    frame: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Close:
    code: int


Event = Hello | ShopperText | Typing | CancelQueue | Rate | LeaveMessage | Reply | Close
MAX_COMMENT = 500
MAX_CONTACT = 100
MAX_LEFT_MESSAGE = 1000  # 留言 text; a case for the next shift, not a chat message


class Phase(enum.Enum):
    AWAITING_HELLO = "awaiting_hello"
    OPENING = "opening"
    OPEN = "open"
    CLOSED = "closed"


class _FrameError(Exception):
    def __init__(self, code: str, client_id: str | None = None, **details: object) -> None:
        self.frame = error_frame(code, client_id, **details)
        self.code = code


class ShopperProtocol:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.phase = Phase.AWAITING_HELLO
        self._tokens = float(limits.rate_burst)
        self._refilled_at: float | None = None

    # -- frames in ---------------------------------------------------------------
    def receive(self, raw: str | bytes, now: float) -> list[Event]:
        if self.phase is Phase.CLOSED:
            return []
        try:
            return self._receive(raw, now)
        except _FrameError as error:
            return self._refuse(error.code, error.frame)

    def _receive(self, raw: str | bytes, now: float) -> list[Event]:
        if isinstance(raw, bytes):
            raise _FrameError("binary_not_supported")
        frame = _parse(raw)
        kind = frame.get("type")
        if kind == "ping":
            return [Reply({"type": "pong"})]
        if kind == "hello":
            return self._hello(frame)
        if kind not in ("message", "typing", "cancel_queue", "rate", "leave_message"):
            raise _FrameError("unknown_type")
        if self.phase is not Phase.OPEN:
            raise _FrameError("hello_required")
        if kind == "typing":
            return [Typing(on=_field(frame, "on", bool))]
        if kind == "cancel_queue":
            return [CancelQueue()]
        if kind == "rate":
            return [_rate(frame)]
        if kind == "leave_message":
            return [self._leave_message(frame, now)]
        return [self._message(frame, now)]

    def _leave_message(self, frame: dict[str, Any], now: float) -> LeaveMessage:
        contact = _field(frame, "contact", str).strip()
        text = _field(frame, "text", str).strip()
        if not contact or not text:
            raise _FrameError("empty_text")
        if len(contact) > MAX_CONTACT:
            raise _FrameError("text_too_long", limit=MAX_CONTACT)
        limit = min(self.limits.max_chars, MAX_LEFT_MESSAGE)
        if len(text) > limit:
            raise _FrameError("text_too_long", limit=limit)
        if not self._take_token(now):
            raise _FrameError("rate_limited")
        return LeaveMessage(contact=contact, text=text)

    def _hello(self, frame: dict[str, Any]) -> list[Event]:
        if self.phase is not Phase.AWAITING_HELLO:
            raise _FrameError("already_hello")
        if frame.get("v") != PROTOCOL_VERSION:
            raise _FrameError("unsupported_version")
        last_seq = _optional(frame, "last_seq", int)
        if last_seq is not None and last_seq < 0:
            raise _FrameError("missing_field")
        self.phase = Phase.OPENING
        return [
            Hello(
                token=_optional(frame, "token", str) or None,
                visitor=_optional(frame, "visitor", str) or None,
                last_seq=last_seq,
                conversation_id=_optional(frame, "conversation_id", int),
            )
        ]

    def _message(self, frame: dict[str, Any], now: float) -> ShopperText:
        client_id = _field(frame, "client_id", str)
        if not 0 < len(client_id) <= MAX_CLIENT_ID:
            raise _FrameError("missing_field")
        text = _field(frame, "text", str, client_id).strip()
        if not text:
            raise _FrameError("empty_text", client_id)
        if len(text) > self.limits.max_chars:
            raise _FrameError("text_too_long", client_id, limit=self.limits.max_chars)
        if not self._take_token(now):
            raise _FrameError("rate_limited", client_id)
        return ShopperText(client_id=client_id, text=text)

    # -- outcomes the gateway reports back ----------------------------------------
    def opened(self) -> None:
        self.phase = Phase.OPEN

    def refuse(self, code: str) -> list[Event]:
        """The gateway refused the hello (bad token, wrong origin ...)."""
        return self._refuse(code, error_frame(code))

    def _refuse(self, code: str, frame: dict[str, Any]) -> list[Event]:
        events: list[Event] = [Reply(frame)]
        if code in CLOSE_CODES:
            self.phase = Phase.CLOSED
            events.append(Close(CLOSE_CODES[code]))
        elif self.phase is Phase.OPENING:
            self.phase = Phase.AWAITING_HELLO
        return events

    def _take_token(self, now: float) -> bool:
        if self._refilled_at is not None:
            elapsed = max(0.0, now - self._refilled_at)
            self._tokens = min(
                float(self.limits.rate_burst), self._tokens + elapsed * self.limits.rate_per_second
            )
        self._refilled_at = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


def _rate(frame: dict[str, Any]) -> Rate:
    score = _field(frame, "score", int)
    comment = (_optional(frame, "comment", str) or "").strip()
    if not 1 <= score <= 5:
        raise _FrameError("bad_rating")
    if len(comment) > MAX_COMMENT:
        raise _FrameError("text_too_long", limit=MAX_COMMENT)
    return Rate(score=score, comment=comment)


def _parse(raw: str) -> dict[str, Any]:
    try:
        frame = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _FrameError("bad_json") from None
    if not isinstance(frame, dict):
        raise _FrameError("bad_json")
    return frame


def _field(frame: dict[str, Any], name: str, kind: type, client_id: str | None = None) -> Any:
    value = frame.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _FrameError("missing_field", client_id)
    return value


def _optional(frame: dict[str, Any], name: str, kind: type) -> Any:
    return None if frame.get(name) is None else _field(frame, name, kind)
