"""``python -m app`` refuses bad settings and bad shop data with one clear line, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.config import PROJECT_ROOT


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--port", "1"],
        env={**os.environ, "CS_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bad_settings_name_each_variable(tmp_path: Path):
    run = start(tmp_path, CS_PORT="abc", CS_BOT="nope")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "bad settings" in run.stderr
    assert "CS_PORT" in run.stderr and "CS_BOT" in run.stderr


def test_bad_shop_data_names_the_file(tmp_path: Path):
    shop = tmp_path / "shop"
    shutil.copytree(PROJECT_ROOT / "shops" / "demo_fruit", shop)
    (shop / "catalog.yaml").write_text("products: [unclosed\n", encoding="utf-8")
    run = start(tmp_path, CS_SHOP_DIR=str(shop))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "catalog.yaml" in run.stderr and "invalid YAML" in run.stderr
