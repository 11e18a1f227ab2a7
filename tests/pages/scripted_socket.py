"""A scripted chat server in place of the widget's websocket (Playwright's
``page.route_web_socket``): the page is the real storefront from the real server, but each
frame the widget receives is written by the test, and each frame it sends is recorded."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from playwright.async_api import Page, WebSocketRoute

from tests.pages.handoff_widget import HandoffWidget
from tests.server import LiveServer

Frame = dict[str, Any]
WAIT_SECONDS = 10.0
IGNORED = {"ping", "typing"}  # keep-alives and the shopper's typing, unless asked for


class ScriptedConnection:
    """One websocket the widget opened: what it sent, and a way to answer."""

    def __init__(self, route: WebSocketRoute) -> None:
        self.route = route
        self.sent: list[Frame] = []  # every frame from the widget, in order
        self._inbox: asyncio.Queue[Frame] = asyncio.Queue()
        self.closed: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        route.on_message(self._received)
        route.on_close(self._closed)

    def _received(self, message: str | bytes) -> None:
        frame = json.loads(message)
        self.sent.append(frame)
        self._inbox.put_nowait(frame)

    def _closed(self, code: int | None, reason: str | None) -> None:
        if not self.closed.done():
            self.closed.set_result(code)

    async def expect(self, kind: str) -> Frame:
        """The widget's next frame of ``kind``; any other (but pings and typing) fails."""
        while True:
            frame = await asyncio.wait_for(self._inbox.get(), WAIT_SECONDS)
            if frame["type"] == kind:
                return frame
            assert frame["type"] in IGNORED, f"expected {kind}, the widget sent {frame}"

    def send(self, frame: Frame | str | bytes) -> None:
        """A frame as given: a dict becomes JSON, a str or bytes goes out untouched."""
        self.route.send(json.dumps(frame, ensure_ascii=False) if isinstance(frame, dict) else frame)

    def welcome(
        self, conversation_id: int = 1, history: list[Frame] | None = None, **extra: Any
    ) -> None:
        history = history or []
        self.send(
            {
                "type": "welcome",
                "v": 1,
                "conversation_id": conversation_id,
                "state": "bot",
                "customer": {"name": "", "signed_in": False},
                "history": history,
                "last_seq": max([m["seq"] for m in history], default=0),
                **extra,
            }
        )

    async def greet(self, **welcome: Any) -> Frame:
        """Wait for ``hello``, answer ``welcome``; the hello."""
        hello = await self.expect("hello")
        self.welcome(**welcome)
        return hello

    async def close(self, code: int) -> None:
        await self.route.close(code=code)


class ScriptedServer:
    """Every websocket the page opens to ``/ws/chat`` lands here instead of the server."""

    def __init__(self) -> None:
        self.connections: list[ScriptedConnection] = []
        self._new: asyncio.Queue[ScriptedConnection] = asyncio.Queue()

    async def attach(self, page: Page) -> ScriptedServer:
        await page.route_web_socket(lambda url: url.endswith("/ws/chat"), self._accept)
        return self

    def _accept(self, route: WebSocketRoute) -> None:
        connection = ScriptedConnection(route)
        self.connections.append(connection)
        self._new.put_nowait(connection)

    async def connection(self) -> ScriptedConnection:
        """The next websocket the widget opens."""
        return await asyncio.wait_for(self._new.get(), WAIT_SECONDS)


def bot_message(seq: int, text: str, **extra: Any) -> Frame:
    return {"type": "message", "seq": seq, "sender": "bot", "text": text, **extra}


def echo(frame: Frame, seq: int) -> Frame:
    """The stored copy of the shopper's ``message`` frame, as the server sends it back."""
    return {
        "type": "message",
        "seq": seq,
        "sender": "shopper",
        "text": frame["text"],
        "client_id": frame["client_id"],
    }


def ack(frame: Frame, seq: int) -> Frame:
    """The server's ``ack`` of the shopper's ``message`` frame: stored as ``seq``."""
    return {"type": "ack", "client_id": frame["client_id"], "seq": seq}


def error(code: str, message: str = "", about: Frame | None = None) -> Frame:
    """An ``error`` frame; ``about``: the shopper's message it refuses."""
    frame: Frame = {"type": "error", "code": code, "message": message}
    return frame if about is None else {**frame, "client_id": about["client_id"]}


async def opened(
    page: Page, live_server: LiveServer, server: ScriptedServer, **welcome: object
) -> tuple[HandoffWidget, ScriptedConnection]:
    """The storefront with the panel open and the scripted server's welcome received."""
    await page.goto(live_server.http_url + "/")
    widget = HandoffWidget(page)
    await widget.open()
    connection = await server.connection()
    await connection.greet(**welcome)
    await widget.connected()
    return widget, connection


async def chat_items(page: Page) -> list[str]:
    """The chat's items in order: "seq sender" ("old …" when archived, "pending" for no
    seq yet), "—" for a new-conversation divider, "card kind" for a form."""
    return await page.evaluate(
        """() => [...document.getElementById("xgcs-host").shadowRoot
            .querySelector("[data-testid=xgcs-messages]").children].map((el) => {
                if (el.classList.contains("divider")) return "—";
                const sheet = el.querySelector(".sheet");
                if (sheet) return "card " + sheet.dataset.kind;
                const old = el.dataset.archived != null ? "old " : "";
                return old + (el.dataset.seq || "pending") + " " + el.dataset.sender;
            })"""
    )


async def stored_outbox(page: Page) -> str | None:
    return await page.evaluate("localStorage.getItem('xgcs.outbox')")
