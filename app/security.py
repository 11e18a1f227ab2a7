"""Signed tokens: customer tokens minted by the shop's backend, visitor tokens by us.

Format: ``base64url(json payload) "." base64url(HMAC-SHA256(key, first part))``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import orjson


class TokenError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # "bad_token" or "token_expired"


@dataclass(frozen=True, slots=True)
class Identity:
    ref: str  # "member:<shop customer id>" or "visitor:<random>"
    name: str
    signed_in: bool


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, payload: dict[str, object]) -> str:
    body = _b64encode(orjson.dumps(payload))
    mac = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64encode(mac)}"


def verify(key: bytes, token: str, *, now: float | None = None) -> dict[str, object]:
    body, _, mac = token.partition(".")
    if not body or not mac or len(token) > 2048:
        raise TokenError("bad_token")
    expected = hmac.new(key, body.encode(), hashlib.sha256).digest()
    try:
        given = _b64decode(mac)
        payload = orjson.loads(_b64decode(body))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise TokenError("bad_token") from None
    if not hmac.compare_digest(expected, given) or not isinstance(payload, dict):
        raise TokenError("bad_token")
    expires = payload.get("exp")
    if expires is not None:
        if not isinstance(expires, int | float):
            raise TokenError("bad_token")
        if expires < (time.time() if now is None else now):
            raise TokenError("token_expired")
    return payload


def customer_identity(key: bytes, token: str) -> Identity:
    payload = verify(key, token)
    subject = payload.get("sub")
    if not isinstance(subject, str | int) or not str(subject) or payload.get("kind") == "visitor":
        raise TokenError("bad_token")
    name = payload.get("name")
    return Identity(f"member:{subject}", name if isinstance(name, str) else "", True)


def visitor_identity(key: bytes, token: str) -> Identity:
    payload = verify(key, token)
    visitor_id = payload.get("vid")
    if payload.get("kind") != "visitor" or not isinstance(visitor_id, str):
        raise TokenError("bad_token")
    return Identity(f"visitor:{visitor_id}", "", False)


def new_visitor_token(key: bytes) -> tuple[str, Identity]:
    visitor_id = secrets.token_urlsafe(16)
    token = sign(key, {"kind": "visitor", "vid": visitor_id})
    return token, Identity(f"visitor:{visitor_id}", "", False)


def customer_token(key: bytes, customer_id: str, name: str, ttl_seconds: int = 3600) -> str:
    """What a shop's backend does (see docs/protocol.md); used by the demo page and tests."""
    return sign(key, {"sub": customer_id, "name": name, "exp": int(time.time()) + ttl_seconds})
