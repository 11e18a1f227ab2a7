"""A shopper in the middle of a conversation gets the edited answer at once, and a broken
library file never reaches them."""

from __future__ import annotations

from tests.admin.conftest import StaffServer
from tests.shopper import Shopper


def edit_answer(staff: StaffServer, key: str, answer: str) -> None:
    with staff.client("supervisor") as supervisor:
        current = supervisor.get(f"/api/admin/scripts/{key}").json()
        body = {**current["item"], "answer": answer, "version": current["version"]}
        response = supervisor.put(f"/api/admin/scripts/{key}", json=body)
    assert response.status_code == 200, response.text


async def test_a_live_conversation_sees_an_edit_without_a_restart(own_staff: StaffServer):
    shopper = Shopper(own_staff.server.ws_url)
    await shopper.connect()
    _, before = await shopper.say("车厘子产地在哪")
    assert before["text"] == "我们的车厘子来自智利。"
    edit_answer(own_staff, "cherry-origin", "我们的车厘子来自智利和新西兰。")
    _, after = await shopper.say("车厘子是哪里产的")  # the same socket, no reconnect
    assert after["text"] == "我们的车厘子来自智利和新西兰。"
    await shopper.close()


async def test_a_failed_reload_leaves_the_conversation_on_the_old_library(
    own_staff: StaffServer,
):
    shopper = Shopper(own_staff.server.ws_url)
    await shopper.connect()
    path = own_staff.script_file("presale.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("answer: 我们", "answer: "), "utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "  - id: broken\n", "utf-8")
    with own_staff.client() as admin:
        assert admin.post("/api/admin/reload").status_code == 422
    _, reply = await shopper.say("车厘子产地在哪")
    assert reply["text"] == "我们的车厘子来自智利。"
    await shopper.close()
