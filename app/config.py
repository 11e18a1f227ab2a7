"""The one settings object: environment variables prefixed ``CS_`` and an optional ``.env``."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CS_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in data_dir"
    )
    secret_key: str | None = Field(
        default=None, description="HMAC key for customer tokens; generated on first start"
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Extra page origins allowed to open the chat socket (comma-separated); "
        "the server's own origin is always allowed, '*' allows any",
    )

    max_message_chars: int = 1000
    max_frame_bytes: int = 64 * 1024
    rate_per_second: float = 2.0
    rate_burst: int = 8
    history_limit: int = 50

    shop_dir: Path = PROJECT_ROOT / "shops" / "demo_fruit"
    scripts_dir: Path = PROJECT_ROOT / "quick_replies" / "library"
    intents_dir: Path = PROJECT_ROOT / "intents" / "rules"
    lexicon_dir: Path = PROJECT_ROOT / "quick_replies" / "lexicon"
    bot: Literal["matching", "greeting", "echo"] = "matching"

    order_api_url: str | None = Field(
        default=None,
        description="The shop's order system (docs/order-api.md); default: embedded demo",
    )
    order_api_token: str = ""
    order_api_timeout: float = 3.0
    order_api_retries: int = 2
    order_lookup_max_failures: int = 5
    order_lookup_window_minutes: int = 10
    upload_max_per_hour: int = 30
    unpaid_reminder_every_seconds: float = Field(
        default=60.0, description="How often the 催付 job looks for unpaid orders; 0: off"
    )

    # human handoff (docs/handoff.md)
    agent_grace_seconds: float = 120.0
    idle_reminder_seconds: float = 300.0
    idle_close_seconds: float = 600.0
    handoff_hours: Literal["shop", "always", "never"] = "shop"

    ws_impl: Literal["websockets", "websockets-sansio", "wsproto"] = "websockets-sansio"
    log_level: str = "INFO"

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value

    @cached_property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'xianguo.db'}"

    @cached_property
    def signing_key(self) -> bytes:
        """The configured secret, else the one kept in ``data_dir``, made on first start."""
        if self.secret_key:
            return self.secret_key.encode()
        key_file = self.data_dir / "secret.key"
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.touch(mode=0o600)
            key_file.write_text(secrets.token_urlsafe(48))
        return key_file.read_text().strip().encode()
