from __future__ import annotations

from pathlib import Path

import pytest

from quick_replies.normalize import Normaliser, load_normaliser

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def normaliser() -> Normaliser:
    return load_normaliser(FIXTURES / "lexicon")
