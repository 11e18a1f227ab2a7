"""How the server composes the handoff domain: the desk, its clocks and its routes.

``app.main`` calls ``build_desk`` once the chat service exists, ``start`` in the
lifespan, and includes ``routers``; ``app.brain`` (or ``app.main``) wraps the bot with
``escalating``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

from fastapi import APIRouter
from sqlalchemy import Engine

import handoff.models  # noqa: F401  (registers the tables before the schema is made)
from app.bot import Bot
from app.chat.service import ChatService
from app.config import Settings
from handoff import console, socket, timers, views
from handoff.agents import seed_demo_agents
from handoff.availability import OpeningHours
from handoff.desk import DeskTiming, HandoffDesk, Lookups
from handoff.escalation import EscalatingBot
from handoff.hours import parse_hours
from handoff.policy import EscalationPolicy
from handoff.queue import DatabaseQueue
from handoff.scripts import load_scripts

log = logging.getLogger("handoff")
routers: tuple[APIRouter, ...] = (views.router, socket.router, console.router)


@cache
def policy() -> EscalationPolicy:
    return EscalationPolicy.load()


def escalating(bot: Bot) -> Bot:
    """The bot with the escalation policy around it."""
    return EscalatingBot(bot, policy())


def build_desk(
    settings: Settings, engine: Engine, chat: ChatService, shop: Any, state: Any
) -> HandoffDesk:
    hours_data = getattr(shop, "hours", None)
    timing = DeskTiming(
        grace_seconds=settings.agent_grace_seconds,
        idle_reminder_seconds=settings.idle_reminder_seconds,
        idle_close_seconds=settings.idle_close_seconds,
        sweep_seconds=max(0.2, min(5.0, settings.idle_reminder_seconds / 4)),
    )
    flow_deps = getattr(getattr(state, "flows", None), "deps", None)  # absent: no orders
    lookups = Lookups(
        orders=getattr(flow_deps, "orders", None),
        cases=getattr(flow_deps, "ledger", None),
        scripts=load_scripts(settings.scripts_dir, getattr(shop, "variables", {}) or {}),
    )
    return HandoffDesk(
        engine=engine,
        store=chat.store,
        hub=chat.hub,
        queue=DatabaseQueue(engine, policy().queue),
        policy=policy(),
        hours=OpeningHours(parse_hours(hours_data) if hours_data else None, settings.handoff_hours),
        timing=timing,
        lookups=lookups,
    )


async def start(desk: HandoffDesk, settings: Settings) -> Callable[[], Awaitable[None]]:
    """Seed the demo agents (demo shop only), start the clocks; returns the stop function."""
    created = await asyncio.to_thread(seed_demo_agents, desk.engine, settings.shop_dir.name)
    if created:
        log.info("demo agents seeded", extra={"fields": {"agents": created}})
    sweeper = await timers.start(desk)

    async def stop() -> None:
        sweeper.cancel()
        for seat in desk.roster.seats.values():
            seat.cancel_grace()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper

    return stop
