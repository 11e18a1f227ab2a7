"""The agent console protocol's frames in: parsed and checked, no I/O
(``docs/agent-protocol.md``)."""

from __future__ import annotations

from typing import Any

import orjson

from handoff.errors import DeskError

PROTOCOL_VERSION = 1

FIELDS: dict[str, dict[str, type]] = {
    "hello": {"v": int, "token": str},
    "ping": {},
    "presence": {"status": str},
    "claim": {"conversation_id": int},
    "open": {"conversation_id": int},
    "message": {"conversation_id": int, "client_id": str, "text": str},
    "note": {"conversation_id": int, "text": str},
    "typing": {"conversation_id": int, "on": bool},
    "transfer": {"conversation_id": int, "agent_id": int},
    "hand_back": {"conversation_id": int},
    "resolve": {"conversation_id": int, "category": str},
    "search_scripts": {"q": str},
}


def parse(raw: str | bytes) -> dict[str, Any]:
    """The frame, with every field its type needs; ``DeskError`` otherwise."""
    if isinstance(raw, bytes):
        raise DeskError("bad_json", "send JSON text frames")
    try:
        frame = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DeskError("bad_json", "the frame is not JSON") from None
    if not isinstance(frame, dict):
        raise DeskError("bad_json", "the frame must be a JSON object")
    kind = frame.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise DeskError("unknown_type", f"unknown frame type {kind!r}")
    for name, expected in FIELDS[kind].items():
        value = frame.get(name)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise DeskError("missing_field", f"{kind}.{name}: expected {expected.__name__}")
    if kind == "hello" and frame["v"] != PROTOCOL_VERSION:
        raise DeskError("missing_field", f"hello.v: only version {PROTOCOL_VERSION} is spoken")
    return frame


def error_frame(error: DeskError) -> dict[str, Any]:
    return {"type": "error", "code": error.code, "message": error.detail}
