from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

import handoff.models  # noqa: F401  (registers the tables)
from app.chat.enums import CustomerKind
from app.chat.models import Conversation, Customer
from app.db import create_schema, make_engine
from handoff import views
from handoff.agents import create_agent
from handoff.enums import AgentRole, Presence
from handoff.models import Agent
from handoff.policy import EscalationPolicy
from tests.handoff.clients import HANDOFF_ENV
from tests.server import LiveServer, free_port


def database(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    return engine


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "handoff.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = database(db_path)
    yield engine
    engine.dispose()


def new_conversation(engine: Engine) -> int:
    """A shopper with an open conversation, as the chat gateway makes them."""
    with Session(engine) as session:
        customer = Customer(ref=f"visitor:{time.perf_counter_ns()}", kind=CustomerKind.VISITOR)
        session.add(customer)
        session.flush()
        conversation = Conversation(customer_id=customer.id or 0)
        session.add(conversation)
        session.commit()
        return conversation.id or 0


@pytest.fixture
def conversations(engine: Engine) -> Callable[[int], list[int]]:
    return lambda count: [new_conversation(engine) for _ in range(count)]


AgentMaker = Callable[..., Agent]


@pytest.fixture
def make_agent(engine: Engine) -> AgentMaker:
    def make(
        username: str,
        *,
        role: AgentRole = AgentRole.AGENT,
        max_chats: int = 3,
        presence: Presence = Presence.ONLINE,
        password: str = "correct-horse",
    ) -> Agent:
        agent = create_agent(
            engine, username, password, display_name=username, role=role, max_chats=max_chats
        )
        with Session(engine, expire_on_commit=False) as session:
            agent.presence = presence
            session.add(agent)
            session.commit()
        return agent

    return make


@pytest.fixture(scope="session")
def policy() -> EscalationPolicy:
    return EscalationPolicy.load()


@dataclass
class AgentApi:
    """A real uvicorn on a free loopback port serving the agents' router."""

    url: str
    engine: Engine

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)

    def login(self, username: str, password: str) -> str:
        response = httpx.post(
            f"{self.url}/api/agents/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])


@pytest.fixture(scope="module")
def agent_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentApi]:
    engine = database(tmp_path_factory.mktemp("agent_api") / "handoff.db")
    app = FastAPI()
    app.state.engine = engine
    app.include_router(views.router)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the agent API did not start"
        time.sleep(0.02)
    yield AgentApi(url=f"http://127.0.0.1:{port}", engine=engine)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


ServerFactory = Callable[..., LiveServer]


@pytest.fixture
def handoff_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start the real server with the greeting bot (whose misses escalate), business hours
    always open and a one-second grace period; ``env`` overrides."""
    started: list[LiveServer] = []

    def start(**env: str) -> LiveServer:
        server = LiveServer(tmp_path / f"server{len(started)}", env={**HANDOFF_ENV, **env})
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()
