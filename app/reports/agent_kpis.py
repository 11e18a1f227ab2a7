"""Per-agent KPIs: conversations handled, reply times, timely replies, ratings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.reports import conversations as conv
from app.reports.measures import Ratio, mean, rounded, seconds
from app.reports.records import ConversationRow, ReplyRow, ReportData


@dataclass(slots=True)
class AgentKpis:
    agent_id: int
    username: str
    display_name: str
    conversations: int  # counted conversations the agent was assigned to
    resolved: int  # of those, assignments the agent ended as resolved
    replies: int
    first_response_seconds: float | None
    response_seconds: float | None
    timely_replies: Ratio
    rating_average: float | None
    ratings: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "agent_id": self.agent_id,
            "username": self.username,
            "display_name": self.display_name,
            "conversations": self.conversations,
            "resolved": self.resolved,
            "replies": self.replies,
            "first_response_seconds": seconds(self.first_response_seconds),
            "response_seconds": seconds(self.response_seconds),
            "timely_replies": self.timely_replies.to_dict(),
            "rating_average": rounded(self.rating_average, 2),
            "ratings": self.ratings,
        }


def reply_times(replies: list[ReplyRow]) -> tuple[float | None, float | None, Ratio]:
    """Mean first-reply seconds, mean seconds over every reply, replies on time / replies."""
    first = mean(r.response_seconds for r in replies if r.first)
    every = mean(r.response_seconds for r in replies)
    return first, every, Ratio(sum(not r.late for r in replies), len(replies))


def agent_rows(
    data: ReportData,
    chats: list[ConversationRow],
    replies: list[ReplyRow],
    agent_id: int | None,
) -> list[AgentKpis]:
    agents = [a for a in data.agents if agent_id is None or a.id == agent_id]
    return [_row(agent.id, agent.username, agent.display_name, chats, replies) for agent in agents]


def _row(
    agent_id: int,
    username: str,
    display_name: str,
    chats: list[ConversationRow],
    replies: list[ReplyRow],
) -> AgentKpis:
    handled = [c for c in chats if conv.handled_by(c, agent_id)]
    resolved = sum(
        a.agent_id == agent_id and a.end == "resolved" for c in handled for a in c.assignments
    )
    own = [r for r in replies if r.agent_id == agent_id]
    first, every, timely = reply_times(own)
    ratings = [r.score for c in handled if (r := conv.final_rating(c, agent_id)) is not None]
    return AgentKpis(
        agent_id=agent_id,
        username=username,
        display_name=display_name,
        conversations=len(handled),
        resolved=resolved,
        replies=len(own),
        first_response_seconds=first,
        response_seconds=every,
        timely_replies=timely,
        rating_average=mean(ratings),
        ratings=len(ratings),
    )
