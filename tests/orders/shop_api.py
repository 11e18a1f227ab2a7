"""A real HTTP order system for the tests: the contract of docs/order-api.md served by
uvicorn on a free loopback port, backed by the embedded system, with switchable faults."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from app.orders import wire
from app.orders.embedded import EmbeddedOrderSystem
from app.orders.errors import ChangeNotAllowed, OrderNotFound
from tests.server import free_port

TOKEN = "shop-token"


class ShopApi:
    """``fault`` is one of: None, "slow", "garbage", "500", "html"; ``fail_first`` makes the
    first N requests answer 503 and then behave."""

    def __init__(self, orders: EmbeddedOrderSystem) -> None:
        self.orders = orders
        self.fault: str | None = None
        self.fail_first = 0
        self.delay = 2.0
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, idempotency key
        self._seen_keys: dict[str, Any] = {}
        self.port = free_port()
        self.app = self._build()
        self._server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ShopApi:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("shop api did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def faults(request: Request, call_next: Any) -> Response:
            key = request.headers.get("idempotency-key")
            self.requests.append((request.method, request.url.path, key))
            if request.headers.get("authorization") != f"Bearer {TOKEN}":
                return JSONResponse({"error": "unauthorized"}, status_code=401)
            if self.fail_first > 0:
                self.fail_first -= 1
                return JSONResponse({"error": "busy"}, status_code=503)
            if self.fault == "slow":
                await asyncio.sleep(self.delay)
            elif self.fault == "garbage":
                return PlainTextResponse("<<not json>>", media_type="application/json")
            elif self.fault == "html":
                return JSONResponse({"orders": "nope", "order_no": 5})
            elif self.fault == "500":
                return PlainTextResponse("Internal Server Error", status_code=500)
            if key is not None and key in self._seen_keys:
                return JSONResponse(self._seen_keys[key], status_code=201)
            response: Response = await call_next(request)
            return response

        @app.exception_handler(OrderNotFound)
        async def not_found(_request: Request, _error: Exception) -> JSONResponse:
            return JSONResponse({"error": "order_not_found"}, status_code=404)

        @app.exception_handler(ChangeNotAllowed)
        async def not_allowed(_request: Request, error: Exception) -> JSONResponse:
            return JSONResponse({"error": "change_not_allowed", "detail": str(error)}, 409)

        @app.get("/orders/{order_no}")
        async def get_order(order_no: str) -> dict[str, Any]:
            return wire.order_to_json(await self.orders.get_order(order_no))

        @app.get("/orders")
        async def list_orders(
            customer_ref: str | None = None,
            limit: int = 10,
            status: str | None = None,
            created_before: str | None = None,
        ) -> dict[str, Any]:
            if status == "unpaid" and created_before:
                before = wire._parse_time(created_before, required=True)
                assert before is not None
                found = await self.orders.list_unpaid_orders(before)
            else:
                found = await self.orders.list_orders(customer_ref or "", limit)
            return {"orders": [wire.order_to_json(o) for o in found]}

        @app.get("/orders/{order_no}/logistics")
        async def logistics(order_no: str) -> dict[str, Any]:
            events = await self.orders.logistics(order_no)
            return {"events": [wire.event_to_json(e) for e in events]}

        @app.patch("/orders/{order_no}")
        async def change(order_no: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            if "address" in body:
                order = await self.orders.change_address(
                    order_no, wire.address_from_json(body["address"])
                )
            elif "phone" in body:
                order = await self.orders.change_phone(order_no, body["phone"])
            else:
                order = await self.orders.change_note(order_no, body["note"])
            return wire.order_to_json(order)

        @app.post("/orders/{order_no}/after-sales", status_code=201)
        async def after_sale(order_no: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            case = await self.orders.create_after_sale(
                order_no, body["kind"], body["reason"], body["amount_fen"], body["details"]
            )
            answer = wire.case_to_json(case)
            self._seen_keys[request.headers["idempotency-key"]] = answer
            return answer

        @app.post("/orders/{order_no}/invoice-requests", status_code=201)
        async def invoice(order_no: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            made = await self.orders.create_invoice_request(
                order_no, body["title"], body["tax_id"], body["email"]
            )
            answer = wire.invoice_to_json(made)
            self._seen_keys[request.headers["idempotency-key"]] = answer
            return answer

        return app
