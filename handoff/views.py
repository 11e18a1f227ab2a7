"""The agents' HTTP API: login, session, presence, the queue, and account admin.

Routes only; the work is in ``agents`` and ``queue``. Auth is ``Authorization: Bearer
<token>`` from ``POST /api/agents/login``. Every ``HandoffError`` and request validation
error of these routes becomes an ``application/problem+json`` response in ``ProblemRoute``,
the one place that does it. Routes are sync (``def``): FastAPI runs them in its
threadpool, which is where blocking database calls and Argon2 belong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

from anyio import from_thread
from fastapi import APIRouter, Depends, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from app.problems import ProblemRoute
from handoff import agent_desk, agents, service
from handoff.enums import AgentRole, Presence
from handoff.errors import NotAuthenticated
from handoff.load import active_chat_counts, online_capacity
from handoff.models import Agent, as_utc, utcnow
from handoff.queue import AgentQueue, DatabaseQueue

router = APIRouter(prefix="/api", route_class=ProblemRoute, tags=["agents"])
_bearer = HTTPBearer(auto_error=False)


# -- dependencies ---------------------------------------------------------------------


def get_engine(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def get_queue(request: Request, engine: Annotated[Engine, Depends(get_engine)]) -> AgentQueue:
    desk = getattr(request.app.state, "handoff", None)  # the desk's queue and its tuning
    return desk.queue if desk is not None else DatabaseQueue(engine)  # type: ignore[no-any-return]


def get_session_ttl(request: Request) -> timedelta:
    settings = getattr(request.app.state, "settings", None)
    hours = getattr(settings, "agent_session_hours", None)
    return timedelta(hours=hours) if hours else agents.DEFAULT_SESSION_TTL


EngineDep = Annotated[Engine, Depends(get_engine)]
QueueDep = Annotated[AgentQueue, Depends(get_queue)]


def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None:
        raise NotAuthenticated("send Authorization: Bearer <token> (POST /api/agents/login)")
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


def get_current_agent(engine: EngineDep, token: TokenDep) -> Agent:
    return agents.verify_token(engine, token)


CurrentAgent = Annotated[Agent, Depends(get_current_agent)]


def require_role(role: AgentRole) -> Callable[[Agent], Agent]:
    """A dependency: the current agent, if it has ``role`` or above; else 403."""

    def dependency(agent: CurrentAgent) -> Agent:
        return agents.require_role(agent, role)

    return dependency


Supervisor = Annotated[Agent, Depends(require_role(AgentRole.SUPERVISOR))]
Admin = Annotated[Agent, Depends(require_role(AgentRole.ADMIN))]


# -- schemas --------------------------------------------------------------------------


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=200)


class AgentOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: AgentRole
    presence: Presence
    max_chats: int
    active_chats: int

    @classmethod
    def of(cls, agent: Agent, active_chats: int) -> AgentOut:
        return cls(
            id=agent.id or 0,
            username=agent.username,
            display_name=agent.display_name,
            role=agent.role,
            presence=agent.presence,
            max_chats=agent.max_chats,
            active_chats=active_chats,
        )


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    agent: AgentOut


class PresenceIn(BaseModel):
    presence: Presence


class AgentCreate(BaseModel):
    username: str = Field(min_length=2, max_length=40)
    password: str = Field(min_length=agents.MIN_PASSWORD_CHARS, max_length=200)
    display_name: str | None = Field(default=None, max_length=40)
    role: AgentRole = AgentRole.AGENT
    max_chats: int = Field(default=3, ge=1, le=agents.MAX_CHATS_LIMIT)


class QueueOut(BaseModel):
    entries: list[dict[str, Any]]
    capacity: dict[str, int]


# -- routes ---------------------------------------------------------------------------


@router.post("/agents/login")
def login(
    body: LoginIn, engine: EngineDep, ttl: Annotated[timedelta, Depends(get_session_ttl)]
) -> LoginOut:
    now = utcnow()
    token, agent = agents.login(engine, body.username, body.password, ttl=ttl, now=now)
    out = AgentOut.of(agent, agents.active_chats(engine, agent.id or 0))
    return LoginOut(token=token, expires_at=as_utc(now + ttl), agent=out)


@router.post("/agents/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(engine: EngineDep, token: TokenDep, agent: CurrentAgent) -> None:
    agents.logout(engine, token)


@router.get("/agents/me")
def me(engine: EngineDep, agent: CurrentAgent) -> AgentOut:
    return AgentOut.of(agent, agents.active_chats(engine, agent.id or 0))


@router.put("/agents/me/presence")
def set_presence(
    body: PresenceIn, request: Request, engine: EngineDep, agent: CurrentAgent
) -> AgentOut:
    desk = getattr(request.app.state, "handoff", None)
    if desk is None:
        agents.set_presence(engine, agent.id or 0, body.presence)
    else:  # through the desk: connected consoles and auto-assignment follow
        from_thread.run(agent_desk.set_presence, desk, agent, body.presence.value)
    agent = agents.get_agent(engine, agent.id or 0)
    return AgentOut.of(agent, agents.active_chats(engine, agent.id or 0))


@router.get("/queue")
def queue_snapshot(engine: EngineDep, queue: QueueDep, agent: CurrentAgent) -> QueueOut:
    return QueueOut(
        entries=[ticket.to_dict() for ticket in queue.snapshot()],
        capacity=online_capacity(engine).to_dict(),
    )


@router.get("/agents")
def list_agents(engine: EngineDep, agent: Supervisor) -> list[AgentOut]:
    counts = active_chat_counts(engine)
    return [AgentOut.of(a, counts.get(a.id or 0, 0)) for a in agents.list_agents(engine)]


@router.post("/agents", status_code=status.HTTP_201_CREATED)
def create_agent(body: AgentCreate, engine: EngineDep, admin: Admin) -> AgentOut:
    agent = agents.create_agent(
        engine,
        body.username,
        body.password,
        display_name=body.display_name,
        role=body.role,
        max_chats=body.max_chats,
    )
    return AgentOut.of(agent, 0)


@router.get("/handoff/stats")
def reply_stats(
    engine: EngineDep, supervisor: Supervisor, agent_id: int | None = None
) -> dict[str, Any]:
    """Reply-time KPIs: replies, late ones, mean first-response and reply seconds."""
    return service.response_stats(engine, agent_id=agent_id)


@router.get("/left-messages")
def left_messages(engine: EngineDep, agent: CurrentAgent) -> list[dict[str, Any]]:
    """留言 waiting for the next shift, oldest first."""
    return [service.left_message_dict(item) for item in service.open_left_messages(engine)]


@router.post("/left-messages/{left_message_id}/handled", status_code=status.HTTP_204_NO_CONTENT)
def left_message_handled(left_message_id: int, engine: EngineDep, agent: CurrentAgent) -> None:
    service.mark_handled(engine, left_message_id, agent.id or 0)
