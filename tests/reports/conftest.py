from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.pages.conftest import browser, context, page  # noqa: F401  (Chromium fixtures)
from tests.reports.seed import Seeded, seed_march
from tests.server import LiveServer


class Api:
    """The reports API as one signed-in user (or nobody) sees it."""

    def __init__(self, server: LiveServer, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=server.http_url, headers=headers, timeout=30)

    def get(self, path: str, **params: object) -> httpx.Response:
        return self.client.get(path, params={k: v for k, v in params.items() if v is not None})

    def kpis(self, **params: object) -> dict:
        response = self.get("/api/reports/kpis", **params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
def march(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded]]:
    """The real server on a database holding the hand-made month of tests/reports/seed.py."""
    data_dir = tmp_path_factory.mktemp("reports")
    seeded = seed_march(data_dir)
    server = LiveServer(data_dir).start()
    yield server, seeded
    server.stop()
    seeded.engine.dispose()


@pytest.fixture(scope="session")
def boss(march: tuple[LiveServer, Seeded]) -> Api:
    server, seeded = march
    return Api(server, seeded.tokens["boss"])
