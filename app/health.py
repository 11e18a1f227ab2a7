from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import Engine, text

router = APIRouter(tags=["operations"])


def _database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """Liveness and readiness: the process answers and the database does too."""
    database_ok = await asyncio.to_thread(_database_answers, request.app.state.engine)
    status = 200 if database_ok else 503
    body = {"status": "ok" if database_ok else "degraded", "database": database_ok}
    return JSONResponse(body, status_code=status)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus metrics: connections, messages, latencies, queue, order-system errors."""
    metrics = request.app.state.metrics
    await asyncio.to_thread(metrics.refresh_queue, request.app.state.engine)
    body = generate_latest(metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
