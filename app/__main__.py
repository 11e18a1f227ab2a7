"""``python -m app [--host H] [--port P]``: start the server."""

from __future__ import annotations

import argparse
import sys

import uvicorn
from pydantic import ValidationError

from app.config import Settings
from app.logs import configure_logging
from app.main import create_app
from app.shop import ShopDataError

DATA_ERRORS = (ShopDataError,)


def read_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"CS_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
        )
        sys.exit(f"error: cannot start, bad settings: {problems}")


def main(argv: list[str] | None = None) -> None:
    settings = read_settings()
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)
    settings = settings.model_copy(update={"host": args.host, "port": args.port})
    configure_logging(settings.log_level)
    try:
        app = create_app(settings)
    except DATA_ERRORS as error:
        sys.exit(f"error: cannot start, bad data in {settings.shop_dir}: {error}")
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        ws=settings.ws_impl,
        ws_max_size=settings.max_frame_bytes,
        ws_per_message_deflate=False,  # deflate doubles transport CPU and per-connection memory
        log_config=None,
        server_header=False,
    )


if __name__ == "__main__":
    main()
