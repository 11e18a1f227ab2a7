"""The application factory: settings in, a FastAPI app with its services out."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import admin, health, reports
from app.brain import build_bot
from app.chat import gateway
from app.chat.hub import InProcessHub
from app.chat.protocol import Limits
from app.chat.service import ChatService
from app.chat.store import ChatStore
from app.chat.writer import BatchWriter
from app.config import Settings
from app.db import create_schema, make_engine
from app.flows import build_flows
from app.flows.reminders import ChatNotifier, start_unpaid_reminders
from app.metrics import Metrics
from app.pages import views as pages
from app.shop import load_shop
from app.shop import views as shop_views
from app.uploads import views as uploads
from handoff import wiring as handoff_wiring

log = logging.getLogger("app")


def tune_garbage_collector() -> None:
    """Thousands of long-lived connection objects make each full collection costly: collect
    young objects less often, and keep what start-up made (library, index) out of every scan."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = Metrics()
    shop = load_shop(settings.shop_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.sqlalchemy_url)
        create_schema(engine)
        writer = BatchWriter(engine)
        writer.start()
        app.state.engine = engine
        app.state.metrics = metrics
        flows = build_flows(settings, engine, shop, metrics=metrics)
        app.state.flows = flows
        app.state.uploads = flows.deps.uploads
        bot = build_bot(settings, shop, flows, metrics)
        app.state.library = getattr(bot, "holder", None)  # staff tools reload it (app.admin)
        app.state.chat = ChatService(
            store=ChatStore(engine, writer, on_stored=metrics.message_stored),
            hub=InProcessHub(),
            bot=handoff_wiring.escalating(bot),
            limits=Limits(
                max_chars=settings.max_message_chars,
                rate_per_second=settings.rate_per_second,
                rate_burst=settings.rate_burst,
            ),
            signing_key=settings.signing_key,
            history_limit=settings.history_limit,
            allowed_origins=tuple(settings.allowed_origins),
            metrics=metrics,
        )
        app.state.handoff = handoff_wiring.build_desk(
            settings, engine, app.state.chat, shop, app.state
        )
        stop_handoff = await handoff_wiring.start(app.state.handoff, settings)
        reminders = start_unpaid_reminders(settings, flows, ChatNotifier(app.state.chat))
        tune_garbage_collector()
        log.info("server ready", extra={"fields": {"db": engine.url.render_as_string()}})
        try:
            yield
        finally:
            await stop_handoff()
            if reminders is not None:
                reminders.cancel()
            await flows.aclose()
            await writer.close()
            engine.dispose()

    app = FastAPI(title="鲜果客服 xianguo-cs", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.shop = shop
    app.include_router(gateway.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(shop_views.router)
    app.include_router(uploads.router)
    app.include_router(uploads.agent_router)
    for router in handoff_wiring.routers:
        app.include_router(router)
    reports.install(app, settings)
    admin.install(app, settings, shop)
    return app
