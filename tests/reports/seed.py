"""A small, fully known month of service (March 2026, Asia/Shanghai) written straight into a
real SQLite file, so every KPI of it can be worked out by hand in the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

import app.reports.service  # noqa: F401  (registers every table the reports read)
from app.chat.models import Conversation, Customer, Message
from app.db import create_schema, make_engine
from app.ledger.models import LedgerEntry
from app.orders.embedded import create_demo_schema
from app.orders.models import DemoOrder
from handoff.agents import create_agent, login
from handoff.models import AgentReply, Assignment, QueueEntry, Rating

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "correct-horse-battery"


def cst(text: str) -> datetime:
    """A Shanghai wall-clock time ("2026-03-10 10:00:00") as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).astimezone(UTC)


@dataclass
class Chat:
    ref: str
    start: str  # Shanghai time
    # (seconds after start, sender, text, outcome, intent, handoff_reason)
    lines: list[tuple[float, str, str, str | None, str | None, str | None]] = field(
        default_factory=list
    )


@dataclass
class Seeded:
    engine: Engine
    tokens: dict[str, str]
    agent_ids: dict[str, int]
    chat_ids: list[int]
    case_ids: dict[str, int]


def _chat(session: Session, customers: dict[str, int], chat: Chat) -> int:
    if chat.ref not in customers:
        customer = Customer(ref=chat.ref, kind=chat.ref.split(":")[0])
        session.add(customer)
        session.flush()
        customers[chat.ref] = customer.id or 0
    start = cst(chat.start)
    row = Conversation(customer_id=customers[chat.ref], created_at=start, updated_at=start)
    session.add(row)
    session.flush()
    for seq, (after, sender, text, outcome, intent, reason) in enumerate(chat.lines, 1):
        payload: dict[str, Any] = {}
        if outcome:
            payload = {"outcome": outcome, "intent": intent, "handoff_reason": reason}
        session.add(
            Message(
                conversation_id=row.id or 0,
                seq=seq,
                sender=sender,
                text=text,
                payload=payload,
                created_at=start + timedelta(seconds=after),
            )
        )
    return row.id or 0


CHATS = [
    # c1: pre-sale, answered, rated 5, orders two days later: resolved, converted
    Chat(
        "member:C1",
        "2026-03-10 10:00:00",
        [
            (0, "shopper", "这个橙子甜吗", None, None, None),
            (2, "bot", "很甜", "answer", "presale_product", None),
            (60, "shopper", "包邮吗", None, None, None),
            (61, "bot", "包邮", "answer", "shipping_quote", None),
        ],
    ),
    # c2: pre-sale, rated 3 then 2 (low): not resolved; its order is 10 days later
    Chat(
        "member:C2",
        "2026-03-10 11:00:00",
        [
            (0, "shopper", "有优惠吗", None, None, None),
            (4, "bot", "满99减10", "answer", "promotions", None),
        ],
    ),
    # c3: a visitor the bot misses twice; handed off, agent ann answers
    Chat(
        "visitor:v1",
        "2026-03-11 09:00:00",
        [
            (0, "shopper", "asdfgh", None, None, None),
            (3, "bot", "没听懂", "fallback", None, None),
            (10, "shopper", "=1+1 怎么退", None, None, None),
            (11, "bot", "转人工", "fallback", None, None),
            (50, "agent", "您好", None, None, None),
        ],
    ),
    # c4: a complaint (dispute class) handed to bob, who resolves it late
    Chat(
        "member:C3",
        "2026-03-12 20:00:00",
        [
            (0, "shopper", "我要投诉", None, None, None),
            (1, "bot", "马上转人工", "handoff", "complaint", "complaint"),
        ],
    ),
    # c5: ends on a fallback, no handoff
    Chat(
        "member:C4",
        "2026-03-13 15:00:00",
        [(0, "shopper", "ASDFGH!", None, None, None), (5, "bot", "?", "fallback", None, None)],
    ),
    # c6: opened, nothing said: not counted
    Chat("member:C4", "2026-03-13 16:00:00", []),
    # c7: the last half hour of March in Shanghai (15:30 UTC)
    Chat(
        "member:C5",
        "2026-03-31 23:30:00",
        [(0, "shopper", "你好", None, None, None), (2, "bot", "您好", "answer", "greeting", None)],
    ),
    # c8: April in Shanghai, still March 31 in UTC (16:10 UTC)
    Chat(
        "member:C5",
        "2026-04-01 00:10:00",
        [(0, "shopper", "你好", None, None, None), (1, "bot", "您好", "answer", "greeting", None)],
    ),
    # c9: February in Shanghai and in UTC
    Chat(
        "member:C5",
        "2026-02-28 23:50:00",
        [(0, "shopper", "你好", None, None, None), (1, "bot", "您好", "answer", "greeting", None)],
    ),
    # c10, c11: May; ann resolves both, only c11's shopper rates
    Chat("member:C6", "2026-05-05 10:00:00", [(0, "shopper", "在吗", None, None, None)]),
    Chat("member:C7", "2026-05-06 10:00:00", [(0, "shopper", "在吗", None, None, None)]),
]

CASES = {
    # name: (type, status, Shanghai time opened, reason)
    "refund_done": ("refund", "resolved", "2026-03-11 12:00:00", '坏果3个, 客户说"很烂"'),
    "bad_fruit_open": ("bad_fruit_compensation", "open", "2026-03-12 12:00:00", "@SUM(A1:A9)"),
    "wrong_item_rejected": ("wrong_item", "rejected", "2026-03-14 12:00:00", "-2 箱"),
    "invoice_open": ("invoice", "open", "2026-03-14 13:00:00", "开票"),
    "refund_april": ("refund", "open", "2026-04-02 12:00:00", "四月"),
}


def _handoffs(session: Session, ids: list[int], agents: dict[str, int]) -> None:
    c3, c4 = ids[2], ids[3]
    session.add(
        QueueEntry(
            conversation_id=c3,
            reason="repeated_failure",
            priority_class="aftersale",
            enqueued_at=cst("2026-03-11 09:00:12"),
            status="assigned",
        )
    )
    session.add(
        QueueEntry(
            conversation_id=c4,
            reason="complaint",
            priority_class="dispute",
            enqueued_at=cst("2026-03-12 20:00:01"),
            status="assigned",
        )
    )
    ann = Assignment(
        conversation_id=c3,
        agent_id=agents["ann"],
        started_at=cst("2026-03-11 09:00:20"),
        ended_at=cst("2026-03-11 09:10:00"),
        end="resolved",
    )
    bob = Assignment(
        conversation_id=c4,
        agent_id=agents["bob"],
        started_at=cst("2026-03-12 20:00:30"),
        ended_at=cst("2026-03-12 20:30:00"),
        end="resolved",
    )
    session.add_all([ann, bob])
    for chat, day in ((ids[9], "2026-05-05"), (ids[10], "2026-05-06")):
        session.add(
            Assignment(
                conversation_id=chat,
                agent_id=agents["ann"],
                started_at=cst(f"{day} 10:01:00"),
                ended_at=cst(f"{day} 10:05:00"),
                end="resolved",
            )
        )
    session.flush()
    for assignment, agent, asked, seconds, first, late in (
        (ann, "ann", "2026-03-11 09:00:20", 30.0, True, False),
        (ann, "ann", "2026-03-11 09:01:00", 90.0, False, True),
        (bob, "bob", "2026-03-12 20:00:30", 120.0, True, True),
    ):
        session.add(
            AgentReply(
                assignment_id=assignment.id or 0,
                conversation_id=assignment.conversation_id,
                agent_id=agents[agent],
                asked_at=cst(asked),
                replied_at=cst(asked) + timedelta(seconds=seconds),
                response_seconds=seconds,
                first=first,
                late=late,
            )
        )


def _ratings(session: Session, ids: list[int], agents: dict[str, int]) -> None:
    for chat, agent, score, at in (
        (ids[0], None, 5, "2026-03-10 10:05:00"),
        (ids[1], None, 3, "2026-03-10 11:01:00"),
        (ids[1], None, 2, "2026-03-10 11:02:00"),
        (ids[2], agents["ann"], 4, "2026-03-11 09:11:00"),
        (ids[3], agents["bob"], 1, "2026-03-12 20:31:00"),
        (ids[10], agents["ann"], 5, "2026-05-06 10:06:00"),
    ):
        session.add(Rating(conversation_id=chat, agent_id=agent, score=score, created_at=cst(at)))


def _orders(session: Session) -> None:
    for number, ref, at in (
        ("T-C1-BEFORE", "member:C1", "2026-03-01 09:00:00"),  # before the chat: no
        ("T-C1-AFTER", "member:C1", "2026-03-12 09:00:00"),  # 2 days after: yes
        ("T-C2-LATE", "member:C2", "2026-03-20 12:00:00"),  # 10 days after: no (7)
    ):
        session.add(
            DemoOrder(
                order_no=number,
                customer_ref=ref,
                phone="13800000000",
                status="paid",
                goods_fen=9900,
                created_at=cst(at),
            )
        )


def _cases(session: Session, ids: list[int]) -> dict[str, LedgerEntry]:
    rows = {}
    for name, (kind, status, at, reason) in CASES.items():
        opened = cst(at)
        closed = opened + timedelta(hours=1) if status in ("resolved", "rejected") else None
        rows[name] = LedgerEntry(
            type=kind,
            order_no=f"T-{name}",
            customer_ref="member:C1",
            conversation_id=ids[0],
            amount_fen=1250,
            status=status,
            reason=reason,
            created_at=opened,
            updated_at=closed or opened,
            closed_at=closed,
        )
    session.add_all(rows.values())
    return rows


def seed_march(data_dir: Path) -> Seeded:
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{data_dir / 'xianguo.db'}")
    create_schema(engine)
    create_demo_schema(engine)
    roles = {"boss": "supervisor", "root": "admin", "ann": "agent", "bob": "agent"}
    agents = {
        name: create_agent(engine, name, PASSWORD, role=role).id or 0
        for name, role in roles.items()
    }
    tokens = {name: login(engine, name, PASSWORD)[0] for name in roles}
    with Session(engine, expire_on_commit=False) as session:
        customers: dict[str, int] = {}
        ids = [_chat(session, customers, chat) for chat in CHATS]
        _handoffs(session, ids, agents)
        _ratings(session, ids, agents)
        _orders(session)
        cases = _cases(session, ids)
        session.commit()
    case_ids = {name: row.id or 0 for name, row in cases.items()}
    return Seeded(engine, tokens, agents, ids, case_ids)
