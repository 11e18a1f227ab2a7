from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.shop import Shop, load_shop
from intents.engine import Engine, MatchingPaths, load_engine
from tests.quick_replies.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(scope="session")
def shop() -> Shop:
    return load_shop(ROOT / "shops" / "demo_fruit")


@pytest.fixture(scope="session")
def fixture_paths() -> MatchingPaths:
    return MatchingPaths(FIXTURES / "library", FIXTURES / "rules", FIXTURES / "lexicon")


@pytest.fixture(scope="session")
def engine(fixture_paths: MatchingPaths, shop: Shop) -> Engine:
    return load_engine(fixture_paths, shop, today=lambda: TODAY)
