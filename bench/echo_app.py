"""A bare echo websocket endpoint, served exactly like the real server, as the yardstick."""

from __future__ import annotations

import argparse

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from app.config import Settings

app = FastAPI()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.websocket("/ws/chat")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    settings = Settings()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=parser.parse_args().port,
        ws=settings.ws_impl,
        ws_max_size=settings.max_frame_bytes,
        ws_per_message_deflate=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
