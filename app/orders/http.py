"""An order system reached over HTTP: the shop implements ``docs/order-api.md``.

Reads (GET) are retried with exponential backoff on connection errors, timeouts and 5xx;
writes are sent once, each with an ``Idempotency-Key`` so the shop can drop a duplicate
that a flow re-sends after a lost answer. Anything that is not a well-formed answer
(down, slow, 5xx, garbage, a rejected token) becomes :class:`OrderSystemUnavailable`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from app.orders import wire
from app.orders.domain import Address, AfterSaleCase, InvoiceRequest, LogisticsEvent, Order
from app.orders.errors import (
    ChangeNotAllowed,
    InvalidRequest,
    OrderNotFound,
    OrderSystemUnavailable,
)

T = TypeVar("T")
log = logging.getLogger(__name__)


class HttpOrderSystem:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 3.0,
        retries: int = 2,
        backoff: float = 0.2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            transport=transport,
        )
        self._retries = retries
        self._backoff = backoff

    async def aclose(self) -> None:
        await self._client.aclose()

    # reads

    async def get_order(self, order_no: str) -> Order:
        data = await self._get(f"/orders/{_seg(order_no)}")
        return _parse(wire.order_from_json, data)

    async def list_orders(self, customer_ref: str, limit: int = 10) -> list[Order]:
        data = await self._get("/orders", {"customer_ref": customer_ref, "limit": limit})
        return _parse(wire.orders_from_json, data)

    async def list_unpaid_orders(self, created_before: datetime) -> list[Order]:
        params = {"status": "unpaid", "created_before": created_before.isoformat()}
        return _parse(wire.orders_from_json, await self._get("/orders", params))

    async def logistics(self, order_no: str) -> list[LogisticsEvent]:
        data = await self._get(f"/orders/{_seg(order_no)}/logistics")
        return _parse(wire.events_from_json, data)

    # writes

    async def change_address(
        self, order_no: str, address: Address, idempotency_key: str | None = None
    ) -> Order:
        body = {"address": wire.address_to_json(address)}
        return await self._patch(order_no, body, idempotency_key)

    async def change_phone(
        self, order_no: str, phone: str, idempotency_key: str | None = None
    ) -> Order:
        return await self._patch(order_no, {"phone": phone}, idempotency_key)

    async def change_note(
        self, order_no: str, note: str, idempotency_key: str | None = None
    ) -> Order:
        return await self._patch(order_no, {"note": note}, idempotency_key)

    async def create_after_sale(
        self,
        order_no: str,
        kind: str,
        reason: str,
        amount_fen: int = 0,
        details: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> AfterSaleCase:
        body = {"kind": kind, "reason": reason, "amount_fen": amount_fen, "details": details or {}}
        data = await self._send(
            "POST", f"/orders/{_seg(order_no)}/after-sales", body, idempotency_key
        )
        return _parse(wire.case_from_json, data)

    async def create_invoice_request(
        self,
        order_no: str,
        title: str,
        tax_id: str,
        email: str,
        idempotency_key: str | None = None,
    ) -> InvoiceRequest:
        body = {"title": title, "tax_id": tax_id, "email": email}
        data = await self._send(
            "POST", f"/orders/{_seg(order_no)}/invoice-requests", body, idempotency_key
        )
        return _parse(wire.invoice_from_json, data)

    # transport

    async def _patch(self, order_no: str, body: dict[str, Any], key: str | None) -> Order:
        data = await self._send("PATCH", f"/orders/{_seg(order_no)}", body, key)
        return _parse(wire.order_from_json, data)

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        for attempt in range(self._retries + 1):
            try:
                response = await self._client.get(path, params=params)
            except httpx.HTTPError as error:
                failure: str = f"{type(error).__name__}: {error}"
            else:
                if response.status_code < 500:
                    return _answer(response)
                failure = f"HTTP {response.status_code}"
            if attempt < self._retries:
                await asyncio.sleep(self._backoff * 2**attempt)
        log.warning("order system unavailable: GET %s: %s", path, failure)
        raise OrderSystemUnavailable(failure)

    async def _send(self, method: str, path: str, body: dict[str, Any], key: str | None) -> Any:
        headers = {"Idempotency-Key": key or uuid.uuid4().hex}
        try:
            response = await self._client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as error:
            log.warning("order system unavailable: %s %s: %r", method, path, error)
            raise OrderSystemUnavailable(f"{type(error).__name__}: {error}") from error
        if response.status_code >= 500:
            raise OrderSystemUnavailable(f"HTTP {response.status_code}")
        return _answer(response)


def _seg(value: str) -> str:
    return quote(value, safe="")


def _answer(response: httpx.Response) -> Any:
    """The JSON of a non-5xx response, or the domain error its status code means."""
    status = response.status_code
    if status == 404:
        raise OrderNotFound(response.request.url.path)
    if status == 409:
        raise ChangeNotAllowed(_error_text(response))
    if status in (400, 422):
        raise InvalidRequest(_error_text(response))
    if not 200 <= status < 300:  # 401/403 (bad token), 429, odd codes: not an answer
        raise OrderSystemUnavailable(f"HTTP {status}")
    try:
        return response.json()
    except ValueError as error:
        raise OrderSystemUnavailable("response is not JSON") from error


def _error_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    return str(data.get("error", data)) if isinstance(data, dict) else str(data)


def _parse(parser: Callable[[Any], T], data: Any) -> T:
    try:
        return parser(data)
    except (ValueError, TypeError, KeyError) as error:
        raise OrderSystemUnavailable(f"malformed answer: {error}") from error
