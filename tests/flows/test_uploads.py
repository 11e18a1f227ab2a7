"""POST /api/uploads on the real server: who may upload, what is accepted, where it lands."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.security import customer_token
from tests.handoff.clients import login
from tests.server import LiveServer
from tests.shopper import Shopper

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)
JPEG = b"\xff\xd8\xff\xe0" + bytes(300)
LIMIT = 5 * 1024 * 1024  # policy.yaml photo_max_mb: 5


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("uploads"),
        env={"CS_UPLOAD_MAX_PER_HOUR": "4", "CS_UNPAID_REMINDER_EVERY_SECONDS": "0"},
    ).start()
    yield live
    live.stop()


def post(
    server: LiveServer, token: str | None, content: bytes, name: str = "a.png"
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    files = {"file": (name, content, "image/png")}
    return httpx.post(f"{server.http_url}/api/uploads", headers=headers, files=files, timeout=30)


def member(server: LiveServer, customer: str) -> str:
    return customer_token(server.secret, customer, "测试")


def test_a_signed_in_shopper_uploads_a_photo_stored_under_a_random_name(
    server: LiveServer,
) -> None:
    response = post(server, member(server, "u1"), PNG, name="../../../etc/passwd.png")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"].startswith("img_") and body["media_type"] == "image/png"
    assert body["marker"] == f"[image:{body['id']}]" and body["size"] == len(PNG)
    stored = server.data_dir / "uploads" / f"{body['id']}.png"
    assert stored.read_bytes() == PNG
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert not any(p.name == "passwd.png" for p in Path(server.data_dir).rglob("*"))


async def test_a_visitor_uploads_with_the_visitor_token_from_welcome(server: LiveServer) -> None:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await shopper.close()
    token = shopper.visitor
    assert token
    response = httpx.post(
        f"{server.http_url}/api/uploads",
        data={"token": token},
        files={"file": ("x.jpg", JPEG, "image/jpeg")},
    )
    assert response.status_code == 201 and response.json()["media_type"] == "image/jpeg"


@pytest.mark.parametrize("token", [None, "garbage", "e30.e30"])
def test_no_or_a_forged_token_is_refused(server: LiveServer, token: str | None) -> None:
    response = post(server, token, PNG)
    assert response.status_code == 401
    assert response.json()["error"] == "bad_token" and response.json()["message"]


def test_a_token_signed_with_another_key_is_refused(server: LiveServer) -> None:
    forged = customer_token(b"guessed", "u1", "x")
    assert post(server, forged, PNG).status_code == 401


@pytest.mark.parametrize(
    "content",
    [
        b"<?php system($_GET['c']); ?>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"%PDF-1.4 not an image",
        b"MZ\x90\x00 an exe called photo.jpg",
    ],
)
def test_files_that_are_not_images_are_refused_whatever_their_name(
    server: LiveServer, content: bytes
) -> None:
    response = post(server, member(server, "u2"), content, name="photo.jpg")
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_type"
    assert "JPG" in response.json()["message"]


def test_an_empty_file_and_a_missing_file(server: LiveServer) -> None:
    assert post(server, member(server, "u3"), b"").status_code == 400
    response = httpx.post(
        f"{server.http_url}/api/uploads",
        headers={"Authorization": f"Bearer {member(server, 'u3')}"},
        data={"note": "no file"},
    )
    assert response.status_code == 400 and response.json()["error"] == "no_file"


def test_a_photo_over_the_policy_limit_is_refused(server: LiveServer) -> None:
    just_over = PNG + bytes(LIMIT - len(PNG) + 1)
    response = post(server, member(server, "u4"), just_over)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert "5MB" in response.json()["message"]
    at_limit = PNG + bytes(LIMIT - len(PNG))
    assert post(server, member(server, "u4"), at_limit).status_code == 201


def test_uploads_per_hour_are_limited_per_shopper(server: LiveServer) -> None:
    token = member(server, "u5")
    codes = [post(server, token, PNG).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 201, 429]
    assert post(server, member(server, "u6"), PNG).status_code == 201


def test_an_agent_sees_the_photo_and_nobody_else_does(server: LiveServer) -> None:
    body = post(server, member(server, "u7"), PNG).json()
    url = f"{server.http_url}/api/uploads/{body['id']}"
    agent = login(server, "xiaomei")
    shown = httpx.get(url, headers={"Authorization": f"Bearer {agent}"})
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["x-content-type-options"] == "nosniff"
    shopper = httpx.get(url, headers={"Authorization": f"Bearer {member(server, 'u7')}"})
    assert shopper.status_code == 401
    assert httpx.get(url).status_code == 401
    missing = httpx.get(
        f"{server.http_url}/api/uploads/img_{'0' * 24}",
        headers={"Authorization": f"Bearer {agent}"},
    )
    assert missing.status_code == 404
    odd = httpx.get(
        f"{server.http_url}/api/uploads/..%2Fxianguo.db",
        headers={"Authorization": f"Bearer {agent}"},
    )
    assert odd.status_code == 404
