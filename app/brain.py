"""Builds the bot the settings ask for."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from app.bot import Bot, EchoBot, Flows, GreetingBot
from app.config import Settings
from app.metrics import MeteredMatching, Metrics
from app.shop import Shop, load_shop


def build_bot(
    settings: Settings,
    shop: Shop | None = None,
    flows: Flows | None = None,
    metrics: Metrics | None = None,
) -> Bot:
    if settings.bot == "echo":
        return EchoBot()
    if settings.bot == "greeting":
        return GreetingBot(greeting="您好，欢迎光临！", fallback="抱歉，这个问题我还没学会。")
    return build_matching_bot(settings, shop or load_shop(settings.shop_dir), flows, metrics)


def build_matching_bot(
    settings: Settings, shop: Shop, flows: Flows | None = None, metrics: Metrics | None = None
) -> Bot:
    """The matching bot; its ``holder`` reloads the library (staff tools call it). With
    ``metrics``, each match is timed into ``cs_match_seconds``."""
    from intents.bot import MatchingBot
    from intents.engine import Engine, MatchingPaths, load_engine
    from intents.holder import LibraryHolder

    paths = MatchingPaths.from_settings(settings)
    names = flows.names() if flows is not None else None

    def load() -> Engine:
        engine = load_engine(paths, shop, flows=names)
        return engine if metrics is None else cast(Engine, MeteredMatching(engine, metrics))

    wait = shop.policy.get("flow_answer_wait_minutes")  # checked by app.flows.policy
    answer_wait = timedelta(minutes=float(wait)) if wait else None
    return MatchingBot(LibraryHolder(load), flows=flows, answer_wait=answer_wait)
