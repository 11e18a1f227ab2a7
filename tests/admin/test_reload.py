"""Hand edits go live with a reload; a broken file never takes the bot down; every server
process follows a change made through any of them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.db import make_engine
from handoff.agents import create_agent, login
from tests.admin.conftest import PASSWORD, StaffServer, open_staff_server
from tests.server import LiveServer


def tried(client: httpx.Client, text: str) -> dict:
    response = client.post("/api/admin/try", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_hand_edit_goes_live_with_reload_from_files(own_staff: StaffServer):
    path = own_staff.script_file("payment.yaml")
    path.write_text(
        path.read_text(encoding="utf-8").replace("支持花呗付款。", "支持花呗和信用卡。"),
        encoding="utf-8",
    )
    with own_staff.client("agent") as agent:
        assert tried(agent, "可以用花呗吗")["answer"] == "支持花呗付款。"  # not yet reloaded
        assert agent.post("/api/admin/reload").status_code == 403
    with own_staff.client() as admin:
        reloaded = admin.post("/api/admin/reload")
        assert reloaded.status_code == 200, reloaded.text
        assert tried(admin, "可以用花呗吗")["answer"] == "支持花呗和信用卡。"


def test_a_broken_file_is_refused_and_the_previous_library_keeps_serving(
    own_staff: StaffServer,
):
    path = own_staff.script_file("logistics.yaml")
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("intent: logistics_delay", "intent: lost_in_space"), "utf-8")
    with own_staff.client() as admin:
        refused = admin.post("/api/admin/reload")
        assert refused.status_code == 422
        problems = refused.json()["problems"]
        assert any("logistics.yaml:" in p and "lost_in_space" in p for p in problems), problems
        assert tried(admin, "几天能到")["script_id"] == "delivery-days"  # old library serves
        status = admin.get("/api/admin/status").json()
        assert status["last_error"] == problems
        # While the files are broken, an edit through the API is refused too, with why.
        current = admin.get("/api/admin/scripts/huabei").json()
        edit = {**current["item"], "answer": "支持。", "version": current["version"]}
        blocked = admin.put("/api/admin/scripts/huabei", json=edit)
        assert blocked.status_code == 422
        assert "lost_in_space" in blocked.json()["detail"]
        path.write_text(good, encoding="utf-8")
        assert admin.post("/api/admin/reload").status_code == 200
        assert admin.get("/api/admin/status").json()["last_error"] == []


def test_bad_yaml_names_the_line(own_staff: StaffServer):
    path = own_staff.script_file("presale.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n", "utf-8")
    with own_staff.client() as admin:
        refused = admin.post("/api/admin/reload")
        assert refused.status_code == 422
        assert any("presale.yaml:" in p for p in refused.json()["problems"])
        assert tried(admin, "车厘子是哪里产的")["script_id"] == "cherry-origin"


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[StaffServer, LiveServer]]:
    """Two server processes on one database and one set of library files."""
    first = open_staff_server(tmp_path / "first")
    second = LiveServer(
        tmp_path / "second",
        env={
            **{key: first.server.env[key] for key in first.server.env if key.endswith("_DIR")},
            "CS_DATA_DIR": str(tmp_path / "second"),
            "CS_DATABASE_URL": f"sqlite:///{first.server.data_dir / 'xianguo.db'}",
        },
    ).start()
    yield first, second
    second.stop()
    first.server.stop()


def test_a_change_made_in_one_process_is_served_by_the_other(two_processes):
    first, second = two_processes
    headers = {"Authorization": f"Bearer {first.tokens['admin']}"}
    with first.client() as one, httpx.Client(base_url=second.http_url, headers=headers) as two:
        assert tried(two, "车厘子产地在哪")["answer"] == "我们的车厘子来自智利。"
        current = one.get("/api/admin/scripts/cherry-origin").json()
        edit = {**current["item"], "answer": "车厘子来自新西兰。", "version": current["version"]}
        assert one.put("/api/admin/scripts/cherry-origin", json=edit).status_code == 200
        deadline = time.monotonic() + 15  # the other process polls the version every second
        while tried(two, "车厘子产地在哪")["answer"] != "车厘子来自新西兰。":
            assert time.monotonic() < deadline, "the second process never reloaded"
            time.sleep(0.2)
        assert two.get("/api/admin/status").json()["version"] >= 1


def test_a_hand_edit_bumps_the_version_so_a_stale_page_cannot_overwrite_it(
    own_staff: StaffServer,
):
    with own_staff.client() as admin:
        seen = admin.get("/api/admin/scripts/huabei").json()
        first = {**seen["item"], "answer": "支持花呗。", "version": seen["version"]}
        saved = admin.put("/api/admin/scripts/huabei", json=first).json()
        path = own_staff.script_file("payment.yaml")
        path.write_text(path.read_text("utf-8").replace("支持花呗。", "支持花呗和白条。"), "utf-8")
        stale = {**saved["item"], "answer": "只支持微信。", "version": saved["version"]}
        refused = admin.put("/api/admin/scripts/huabei", json=stale)
        assert refused.status_code == 409
        assert refused.json()["current"]["item"]["answer"] == "支持花呗和白条。"
        change = admin.get("/api/admin/history", params={"key": "huabei"}).json()[0]
        assert (change["actor"], change["action"]) == ("files", "file_edit")
        assert change["before"]["answer"] == "支持花呗。"


def test_a_greeting_bot_server_starts_even_when_the_library_does_not_load(tmp_path: Path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_text("category: x\nscripts: [{id: BAD}]\n", "utf-8")
    server = LiveServer(
        tmp_path / "server", env={"CS_BOT": "greeting", "CS_SCRIPTS_DIR": str(broken)}
    ).start()
    try:
        database = make_engine(f"sqlite:///{server.data_dir / 'xianguo.db'}")
        create_agent(database, "boss", PASSWORD, role="admin")
        headers = {"Authorization": f"Bearer {login(database, 'boss', PASSWORD)[0]}"}
        database.dispose()
        answer = httpx.get(server.http_url + "/api/admin/scripts", headers=headers)
        assert answer.status_code == 503
        assert "did not load" in answer.json()["detail"]
        assert httpx.get(server.http_url + "/healthz").status_code == 200
    finally:
        server.stop()
