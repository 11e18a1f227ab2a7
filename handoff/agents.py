"""Agent accounts: creation, Argon2 passwords, opaque session tokens, presence, load.

Plain blocking functions over an engine (see docs/handoff.md, "Calling convention").
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from pwdlib import PasswordHash
from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from handoff.enums import AgentRole, Presence
from handoff.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from handoff.load import active_chat_counts, last_activity
from handoff.models import Agent, AgentSession, as_utc, utcnow

DEFAULT_SESSION_TTL = timedelta(hours=12)
DEMO_AGENTS_PATH = Path(__file__).with_name("demo_agents.yaml")
MIN_PASSWORD_CHARS = 8
MAX_CHATS_LIMIT = 20
ROLE_RANK = {AgentRole.AGENT: 0, AgentRole.SUPERVISOR: 1, AgentRole.ADMIN: 2}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

_passwords = PasswordHash.recommended()  # Argon2id with pwdlib's vetted parameters
# Checked when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _passwords.verify(password, password_hash)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_agent(
    engine: Engine,
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    role: AgentRole | str = AgentRole.AGENT,
    max_chats: int = 3,
) -> Agent:
    """A new agent account. Raises ``InvalidInput`` or ``Conflict`` (the name is taken)."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput("username: 2-40 characters of a-z, 0-9, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"password: at least {MIN_PASSWORD_CHARS} characters")
    if role not in ROLE_RANK:
        raise InvalidInput(f"role: one of {', '.join(ROLE_RANK)}")
    if not 1 <= max_chats <= MAX_CHATS_LIMIT:
        raise InvalidInput(f"max_chats: between 1 and {MAX_CHATS_LIMIT}")
    display_name = (display_name or username).strip()
    if not 1 <= len(display_name) <= 40:
        raise InvalidInput("display_name: 1-40 characters")
    agent = Agent(
        username=username,
        display_name=display_name,
        role=AgentRole(role),
        password_hash=hash_password(password),
        max_chats=max_chats,
    )
    with Session(engine, expire_on_commit=False) as session:
        session.add(agent)
        try:
            session.commit()
        except IntegrityError:
            raise Conflict(f"username {username!r} is taken") from None
    return agent


def get_agent(engine: Engine, agent_id: int) -> Agent:
    with Session(engine) as session:
        agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"agent {agent_id} does not exist")
    return agent


def list_agents(engine: Engine) -> list[Agent]:
    with Session(engine) as session:
        return list(session.exec(select(Agent).order_by(col(Agent.id))).all())


def login(
    engine: Engine,
    username: str,
    password: str,
    *,
    ttl: timedelta = DEFAULT_SESSION_TTL,
    now: datetime | None = None,
) -> tuple[str, Agent]:
    """Check the password and open a session: the opaque token (shown once) and the agent."""
    now = now or utcnow()
    with Session(engine, expire_on_commit=False) as session:
        agent = session.exec(
            select(Agent).where(Agent.username == username.strip().lower())
        ).first()
        if agent is None:
            verify_password(password, _DUMMY_HASH)
            raise NotAuthenticated("wrong username or password")
        valid, new_hash = _passwords.verify_and_update(password, agent.password_hash)
        if not valid or agent.disabled:
            raise NotAuthenticated("wrong username or password")
        if new_hash is not None:  # the recommended parameters changed: upgrade the hash
            agent.password_hash = new_hash
            session.add(agent)
        token = secrets.token_urlsafe(32)
        session.add(
            AgentSession(
                token_hash=token_digest(token),
                agent_id=agent.id or 0,
                created_at=now,
                expires_at=now + ttl,
            )
        )
        session.connection().execute(  # tidy: this agent's expired sessions
            delete(AgentSession)
            .where(col(AgentSession.agent_id) == agent.id)
            .where(col(AgentSession.expires_at) < now)
        )
        session.commit()
    return token, agent


def verify_token(engine: Engine, token: str, *, now: datetime | None = None) -> Agent:
    """The agent a session token belongs to; ``NotAuthenticated`` when unknown or expired."""
    now = now or utcnow()
    with Session(engine) as session:
        row = session.exec(
            select(AgentSession, Agent)
            .join(Agent, col(Agent.id) == col(AgentSession.agent_id))
            .where(AgentSession.token_hash == token_digest(token))
        ).first()
    if row is None:
        raise NotAuthenticated("unknown session token")
    agent_session, agent = row
    if as_utc(agent_session.expires_at) <= as_utc(now):
        raise NotAuthenticated("the session has expired; log in again")
    if agent.disabled:
        raise NotAuthenticated("the account is disabled")
    return agent


def logout(engine: Engine, token: str) -> bool:
    with Session(engine) as session:
        result = session.connection().execute(
            delete(AgentSession).where(col(AgentSession.token_hash) == token_digest(token))
        )
        session.commit()
    return bool(result.rowcount)


def set_presence(engine: Engine, agent_id: int, presence: Presence | str) -> Agent:
    if presence not in {p.value for p in Presence}:
        raise InvalidInput(f"presence: one of {', '.join(p.value for p in Presence)}")
    with Session(engine, expire_on_commit=False) as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise NotFound(f"agent {agent_id} does not exist")
        if agent.presence != presence:
            agent.presence = Presence(presence)
            agent.presence_changed_at = utcnow()
            session.add(agent)
            session.commit()
    return agent


def active_chats(engine: Engine, agent_id: int) -> int:
    return active_chat_counts(engine).get(agent_id, 0)


def has_capacity(engine: Engine, agent: Agent) -> bool:
    return active_chats(engine, agent.id or 0) < agent.max_chats


def least_loaded_online_agent(
    engine: Engine, *, exclude: Iterable[int] = (), only: Collection[int] | None = None
) -> Agent | None:
    """The online agent with a free slot and the fewest open chats; ties go to the one
    idle longest (whose last chat started or ended earliest; never had one: first).
    ``only``: the agents that may take it (those connected), None for any."""
    excluded = set(exclude)
    with Session(engine) as session:
        online = session.exec(select(Agent).where(Agent.presence == Presence.ONLINE)).all()
    counts = active_chat_counts(engine)
    activity = last_activity(engine)
    never = datetime.min.replace(tzinfo=UTC)
    candidates = [
        agent
        for agent in online
        if agent.id not in excluded
        and (only is None or agent.id in only)
        and counts.get(agent.id or 0, 0) < agent.max_chats
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda a: (counts.get(a.id or 0, 0), activity.get(a.id or 0, never), a.id),
    )


def has_role(agent: Agent, role: AgentRole | str) -> bool:
    return ROLE_RANK[AgentRole(agent.role)] >= ROLE_RANK[AgentRole(role)]


def require_role(agent: Agent, role: AgentRole | str) -> Agent:
    """The agent, if its role is ``role`` or above (agent < supervisor < admin)."""
    if not has_role(agent, role):
        raise PermissionDenied(f"this needs the {AgentRole(role).value} role")
    return agent


def seed_demo_agents(engine: Engine, shop_id: str, path: Path = DEMO_AGENTS_PATH) -> list[str]:
    """Create the demo accounts of ``path`` when ``shop_id`` is the shop it is for.

    Idempotent: existing usernames are left alone (their passwords are not reset).
    Returns the usernames created.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if shop_id != data.get("shop"):
        return []
    existing = {agent.username for agent in list_agents(engine)}
    created = []
    for account in data.get("agents", []):
        if account["username"] in existing:
            continue
        try:
            create_agent(
                engine,
                account["username"],
                account["password"],
                display_name=account.get("display_name"),
                role=account.get("role", AgentRole.AGENT),
                max_chats=account.get("max_chats", 3),
            )
        except Conflict:  # another worker seeded it meanwhile
            continue
        created.append(account["username"])
    return created
