"""催付 on the real server: the background job posts one reminder into the customer's chat."""

from __future__ import annotations

import asyncio

from app.ledger import CaseType
from app.security import customer_token
from tests.flows.live import ledger_rows
from tests.server import LiveServer
from tests.shopper import Shopper


async def reminders_in(shopper: Shopper) -> list[str]:
    return [
        m["text"]
        for m in shopper.seen.values()
        if m["sender"] == "bot" and "XG2511200011" in m["text"]
    ]


async def test_the_unpaid_customer_finds_one_polite_reminder(own_server: LiveServer) -> None:
    own_server.env["CS_UNPAID_REMINDER_EVERY_SECONDS"] = "0.2"
    own_server.start()
    for _ in range(100):
        if await ledger_rows(own_server, type=CaseType.UNPAID_REMINDER):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # several more passes of the job
    shopper = Shopper(own_server.ws_url, token=customer_token(own_server.secret, "1003", "张敏"))
    await shopper.connect()
    [reminder] = await reminders_in(shopper)
    assert "还没有付款" in reminder and "¥129" in reminder
    rows = await ledger_rows(own_server, type=CaseType.UNPAID_REMINDER)
    assert [r.order_no for r in rows] == ["XG2511200011"] and rows[0].details["delivered"]
    await shopper.close()
    own_server.restart()
    await asyncio.sleep(1)
    again = Shopper(own_server.ws_url, token=customer_token(own_server.secret, "1003", "张敏"))
    await again.connect()
    assert len(await reminders_in(again)) == 1, "a restart does not remind twice"
    await again.close()
