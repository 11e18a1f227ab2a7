"""A real server serving a COPY of a small library of our own, and staff accounts on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

import handoff.models  # noqa: F401  (registers the agent tables)
from app.db import create_schema, make_engine
from handoff.agents import create_agent, login
from tests.pages import conftest as chromium
from tests.server import ROOT, LiveServer

# The Chromium fixtures of the page tests, for the admin page test.
browser = chromium.browser
context = chromium.context
page = chromium.page

FIXTURE_LIBRARY = Path(__file__).with_name("library")
ENGINE_SETTINGS = ("matching.yaml", "bot_texts.yaml")  # the matcher's own tuning files
ROLES = ("agent", "supervisor", "admin")
PASSWORD = "correct-horse-battery"


def copy_library(root: Path) -> dict[str, str]:
    """Copy the test library under ``root``; the settings that point a server at it."""
    dirs = {"scripts": root / "library", "rules": root / "rules", "lexicon": root / "lexicon"}
    shutil.copytree(FIXTURE_LIBRARY / "scripts", dirs["scripts"])
    shutil.copytree(FIXTURE_LIBRARY / "rules", dirs["rules"])
    shutil.copytree(FIXTURE_LIBRARY / "lexicon", dirs["lexicon"])
    for name in ENGINE_SETTINGS:
        source = ROOT / "quick_replies" / "lexicon" / name
        if source.exists():
            shutil.copy(source, dirs["lexicon"] / name)
    return {
        "CS_SCRIPTS_DIR": str(dirs["scripts"]),
        "CS_INTENTS_DIR": str(dirs["rules"]),
        "CS_LEXICON_DIR": str(dirs["lexicon"]),
    }


@dataclass
class StaffServer:
    server: LiveServer
    library: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = "admin") -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.server.http_url, headers=headers, timeout=30)

    def script_file(self, name: str) -> Path:
        return self.library / "library" / name


def open_staff_server(root: Path, env: dict[str, str] | None = None) -> StaffServer:
    library = root / "files"
    settings = copy_library(library)
    server = LiveServer(root / "server", env={**settings, **(env or {})}).start()
    staff = StaffServer(server, library)
    database = make_engine(f"sqlite:///{server.data_dir / 'xianguo.db'}")
    create_schema(database)
    for role in ROLES:
        create_agent(database, f"{role}-1", PASSWORD, role=role)
        staff.tokens[role] = login(database, f"{role}-1", PASSWORD)[0]
    database.dispose()
    return staff


@pytest.fixture(scope="module")
def staff(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffServer]:
    """One server per test module, on its own copy of the library."""
    staff = open_staff_server(tmp_path_factory.mktemp("staff"))
    yield staff
    staff.server.stop()


@pytest.fixture
def own_staff(tmp_path: Path) -> Iterator[StaffServer]:
    """A server and library of the test's own (for tests that break or reload files)."""
    staff = open_staff_server(tmp_path)
    yield staff
    staff.server.stop()
