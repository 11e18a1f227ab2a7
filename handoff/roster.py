"""The agents connected to this process: their presence, connections and grace timers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from handoff.enums import Presence
from handoff.models import Agent


@dataclass(eq=False)
class Seat:
    agent: Agent
    presence: Presence
    connections: int = 0
    grace: asyncio.Task[None] | None = None

    def cancel_grace(self) -> None:
        if self.grace is not None and not self.grace.done():
            self.grace.cancel()
        self.grace = None


@dataclass
class Roster:
    seats: dict[int, Seat] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # every agent, connected or not

    def connect(self, agent: Agent) -> Seat:
        agent_id = agent.id or 0
        seat = self.seats.get(agent_id)
        if seat is None:
            seat = self.seats[agent_id] = Seat(agent, Presence(agent.presence))
        seat.agent = agent
        seat.connections += 1
        seat.cancel_grace()
        self.names[agent_id] = agent.display_name
        return seat

    def disconnect(self, agent_id: int) -> Seat | None:
        """The seat when its last connection went, else None."""
        seat = self.seats.get(agent_id)
        if seat is None:
            return None
        seat.connections = max(seat.connections - 1, 0)
        return seat if seat.connections == 0 else None

    def connected_ids(self) -> set[int]:
        return {agent_id for agent_id, seat in self.seats.items() if seat.connections > 0}

    def online_ids(self) -> set[int]:
        return {
            agent_id
            for agent_id, seat in self.seats.items()
            if seat.connections > 0 and seat.presence is Presence.ONLINE
        }

    def name(self, agent_id: int) -> str:
        return self.names.get(agent_id, f"#{agent_id}")

    def listing(self, chats: dict[int, int]) -> list[dict[str, Any]]:
        return [
            {
                "id": agent_id,
                "name": seat.agent.display_name,
                "presence": seat.presence.value if seat.connections else Presence.OFFLINE.value,
                "chats": chats.get(agent_id, 0),
                "max_chats": seat.agent.max_chats,
            }
            for agent_id, seat in sorted(self.seats.items())
        ]
