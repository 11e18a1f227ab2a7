"""A shopper client speaking the real protocol over a real websocket."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect


class Shopper:
    def __init__(self, ws_url: str, *, token: str | None = None, origin: str | None = None):
        self.ws_url = ws_url
        self.token = token
        self.origin = origin
        self.visitor: str | None = None
        self.socket: ClientConnection | None = None
        self.welcome: dict[str, Any] = {}
        self.seen: dict[int, dict[str, Any]] = {}

    async def connect(self, *, last_seq: int | None = None, **hello: Any) -> dict[str, Any]:
        headers = {"Origin": self.origin} if self.origin else None
        self.socket = await connect(self.ws_url, additional_headers=headers, max_size=2**22)
        frame: dict[str, Any] = {"type": "hello", "v": 1, **hello}
        if self.token:
            frame["token"] = self.token
        if self.visitor:
            frame["visitor"] = self.visitor
        if last_seq is not None:
            frame["last_seq"] = last_seq
        await self.send_frame(frame)
        self.welcome = await self.expect("welcome")
        self.visitor = self.welcome.get("visitor", self.visitor)
        for message in self.welcome["history"]:
            self.seen[message["seq"]] = message
        return self.welcome

    @property
    def last_seq(self) -> int:
        return max(self.seen, default=0)

    async def send_frame(self, frame: dict[str, Any] | str | bytes) -> None:
        assert self.socket is not None
        if isinstance(frame, dict):
            frame = orjson.dumps(frame).decode()
        await self.socket.send(frame)

    async def recv(self, timeout: float = 10.0) -> dict[str, Any]:
        assert self.socket is not None
        frame = orjson.loads(await asyncio.wait_for(self.socket.recv(), timeout))
        if frame.get("type") == "message":
            self.seen[frame["seq"]] = frame
        return frame  # type: ignore[no-any-return]

    async def expect(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next frame of ``kind``, skipping typing indicators."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind:
                return frame
            if frame["type"] != "typing":
                raise AssertionError(f"expected {kind}, got {frame}")

    async def say(self, text: str, client_id: str | None = None) -> tuple[dict, dict]:
        """Send a message; return its ack and the bot's reply."""
        client_id = client_id or uuid.uuid4().hex
        await self.send_frame({"type": "message", "client_id": client_id, "text": text})
        ack = await self.expect("ack")
        assert ack["client_id"] == client_id, ack
        reply = await self.expect("message")
        return ack, reply

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None
