"""The service KPIs of a date range: pure functions of ``ReportData`` (see docs/kpis.md).

Conversations count in the range they started in (local days of ``settings.timezone``);
agent replies in the range they were sent in; ledger cases in the range they were opened.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.ledger.enums import CaseStatus
from app.reports import conversations as conv
from app.reports.agent_kpis import AgentKpis, agent_rows, reply_times
from app.reports.config import ReportSettings
from app.reports.grouping import Grouper, TextGroup, simple_grouper
from app.reports.measures import Ratio, mean, rounded, seconds
from app.reports.periods import DateRange, as_utc
from app.reports.records import ConversationRow, ReportData

SCORES = (1, 2, 3, 4, 5)
CLOSED_CASE = frozenset(s.value for s in CaseStatus if s.closed)


@dataclass(slots=True)
class Satisfaction:
    average: float | None
    distribution: dict[int, int]
    responses: Ratio  # rated conversations / conversations asked for a rating (or rated)

    def to_dict(self) -> dict[str, Any]:
        return {
            "average": rounded(self.average, 2),
            "distribution": {str(k): v for k, v in self.distribution.items()},
            "responses": self.responses.to_dict(),
        }


@dataclass(slots=True)
class Disputes:
    ledger: Ratio  # closed / opened dispute cases in the ledger
    handoffs: Ratio  # closed / opened dispute-class handoffs
    completion: Ratio  # both together

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k).to_dict() for k in ("ledger", "handoffs", "completion")}


@dataclass(slots=True)
class Conversion:
    converted: Ratio | None  # None: the order system could not say
    presale_conversations: int
    untraceable: int  # pre-sale conversations of visitors: no customer to follow
    days: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "converted": None if self.converted is None else self.converted.to_dict(),
            "available": self.converted is not None,
            "presale_conversations": self.presale_conversations,
            "untraceable": self.untraceable,
            "days": self.days,
        }


@dataclass(slots=True)
class DayRow:
    day: date
    conversations: int = 0
    bot_resolved: int = 0
    handoffs: int = 0


@dataclass(slots=True)
class Report:
    range: DateRange
    agent_id: int | None
    conversations: int
    bot_resolved: Ratio
    handoffs: Ratio
    handoff_reasons: list[tuple[str, Ratio]]
    bot_first_response_seconds: float | None
    bot_response_seconds: float | None
    agent_first_response_seconds: float | None
    agent_response_seconds: float | None
    timely_replies: Ratio
    disputes: Disputes
    satisfaction: Satisfaction
    conversion: Conversion
    top_intents: list[tuple[str, int]]
    unanswered: list[TextGroup]
    daily: list[DayRow]
    agents: list[AgentKpis] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "range": self.range.to_dict(),
            "agent_id": self.agent_id,
            "conversations": self.conversations,
            "bot_resolved": self.bot_resolved.to_dict(),
            "handoffs": self.handoffs.to_dict(),
            "handoff_reasons": [
                {"reason": reason, **ratio.to_dict()} for reason, ratio in self.handoff_reasons
            ],
            "response_seconds": {
                "bot_first": seconds(self.bot_first_response_seconds),
                "bot_average": seconds(self.bot_response_seconds),
                "agent_first": seconds(self.agent_first_response_seconds),
                "agent_average": seconds(self.agent_response_seconds),
            },
            "timely_replies": self.timely_replies.to_dict(),
            "disputes": self.disputes.to_dict(),
            "satisfaction": self.satisfaction.to_dict(),
            "conversion": self.conversion.to_dict(),
            "top_intents": [{"intent": i, "count": n} for i, n in self.top_intents],
            "unanswered": [group.to_dict() for group in self.unanswered],
            "daily": [
                {
                    "day": row.day.isoformat(),
                    "conversations": row.conversations,
                    "bot_resolved": row.bot_resolved,
                    "handoffs": row.handoffs,
                }
                for row in self.daily
            ],
            "agents": [row.to_dict() for row in self.agents],
        }


def counted_conversations(
    data: ReportData, rng: DateRange, agent_id: int | None
) -> list[ConversationRow]:
    """Started in the range, with at least one shopper message (and the agent's, if given)."""
    return [
        c
        for c in data.conversations
        if rng.contains(c.created_at)
        and conv.has_shopper_message(c)
        and (agent_id is None or conv.handled_by(c, agent_id))
    ]


def compute(
    data: ReportData,
    rng: DateRange,
    settings: ReportSettings,
    agent_id: int | None = None,
    group: Grouper = simple_grouper,
) -> Report:
    chats = counted_conversations(data, rng, agent_id)
    replies = [
        r
        for r in data.replies
        if rng.contains(r.replied_at) and (agent_id is None or r.agent_id == agent_id)
    ]
    total = len(chats)
    first_waits = [next(conv.bot_waits(c), None) for c in chats]
    all_waits = [w for c in chats for w in conv.bot_waits(c)]
    agent_first, agent_all, timely = reply_times(replies)
    unanswered = [t for c in chats for t in conv.unanswered_texts(c, settings.unanswered_outcomes)]
    return Report(
        range=rng,
        agent_id=agent_id,
        conversations=total,
        bot_resolved=Ratio(sum(conv.bot_resolved(c, settings) for c in chats), total),
        handoffs=Ratio(sum(conv.handoff_reason(c) is not None for c in chats), total),
        handoff_reasons=handoff_reasons(chats),
        bot_first_response_seconds=mean(w for w in first_waits if w is not None),
        bot_response_seconds=mean(all_waits),
        agent_first_response_seconds=agent_first,
        agent_response_seconds=agent_all,
        timely_replies=timely,
        disputes=disputes(data, chats, rng, settings, agent_id),
        satisfaction=satisfaction(chats, agent_id),
        conversion=conversion(chats, data.orders, settings),
        top_intents=Counter(i for c in chats for i in conv.intents(c)).most_common(settings.top),
        unanswered=group(unanswered, settings.top),
        daily=daily(chats, rng, settings),
        agents=agent_rows(data, chats, replies, agent_id),
    )


def handoff_reasons(chats: list[ConversationRow]) -> list[tuple[str, Ratio]]:
    reasons = Counter(r for r in map(conv.handoff_reason, chats) if r is not None)
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return [(reason, Ratio(count, len(chats))) for reason, count in ordered]


def disputes(
    data: ReportData,
    chats: list[ConversationRow],
    rng: DateRange,
    settings: ReportSettings,
    agent_id: int | None = None,
) -> Disputes:
    """Ledger cases of the dispute types opened in the range (of the agent's conversations,
    when filtered), and the dispute-class handoffs of the counted conversations."""
    ids = {c.id for c in chats}
    cases = [
        case
        for case in data.cases
        if case.type in settings.dispute_ledger_types
        and rng.contains(case.created_at)
        and (agent_id is None or case.conversation_id in ids)
    ]
    ledger = Ratio(sum(case.status in CLOSED_CASE for case in cases), len(cases))
    handed = [c for c in chats if conv.is_dispute_handoff(c, settings)]
    handoffs = Ratio(sum(conv.dispute_handoff_closed(c) for c in handed), len(handed))
    both = Ratio(ledger.count + handoffs.count, ledger.total + handoffs.total)
    return Disputes(ledger=ledger, handoffs=handoffs, completion=both)


def satisfaction(chats: list[ConversationRow], agent_id: int | None) -> Satisfaction:
    finals = [conv.final_rating(c, agent_id) for c in chats]
    scores = [r.score for r in finals if r is not None]
    distribution = {score: scores.count(score) for score in SCORES}
    asked = sum(
        rating is not None or conv.resolved_by_agent(c, agent_id)
        for c, rating in zip(chats, finals, strict=True)
    )
    return Satisfaction(mean(scores), distribution, Ratio(len(scores), asked))


def conversion(
    chats: list[ConversationRow],
    orders: dict[str, list[datetime]] | None,
    settings: ReportSettings,
) -> Conversion:
    presale = [c for c in chats if any(settings.is_presale(i) for i in conv.intents(c))]
    members = [c for c in presale if c.customer_ref.startswith("member:")]
    untraceable = len(presale) - len(members)
    if orders is None:
        return Conversion(None, len(presale), untraceable, settings.conversion_days)
    window = timedelta(days=settings.conversion_days)
    converted = sum(
        any(
            as_utc(c.created_at) <= as_utc(t) <= as_utc(c.created_at) + window
            for t in orders.get(c.customer_ref, [])
        )
        for c in members
    )
    ratio = Ratio(converted, len(members))
    return Conversion(ratio, len(presale), untraceable, settings.conversion_days)


def daily(chats: list[ConversationRow], rng: DateRange, settings: ReportSettings) -> list[DayRow]:
    rows = {day: DayRow(day) for day in rng.days()}
    for chat in chats:
        row = rows[rng.local_day(chat.created_at)]
        row.conversations += 1
        row.bot_resolved += conv.bot_resolved(chat, settings)
        row.handoffs += conv.handoff_reason(chat) is not None
    return list(rows.values())
