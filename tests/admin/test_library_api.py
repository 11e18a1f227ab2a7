"""Staff keep the scripts up to date through the API; the bot answers from the result."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import yaml

from tests.admin.conftest import StaffServer


def script(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "gift-box",
        "category": "售前",
        "intent": "presale_product_question",
        "questions": ["有礼盒装吗", "可以送礼吗"],
        "answer": "有精美礼盒，下单时备注“礼盒”即可。",
    }
    return {**base, **changes}


def answer_to(staff: StaffServer, text: str) -> dict[str, Any]:
    with staff.client("agent") as client:
        response = client.post("/api/admin/try", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_only_signed_in_staff_read_and_only_supervisors_edit(staff: StaffServer):
    with staff.client(None) as anonymous:
        assert anonymous.get("/api/admin/scripts").status_code == 401
        assert anonymous.post("/api/admin/try", json={"text": "运费"}).status_code == 401
    with staff.client("agent") as agent:
        listed = agent.get("/api/admin/scripts")
        assert listed.status_code == 200
        assert "shipping-fee" in [item["key"] for item in listed.json()["items"]]
        refused = agent.post(
            "/api/admin/scripts",
            json=script(id="agent-script", questions=["送货上门吗", "能送到家吗"]),
        )
        assert refused.status_code == 403
        assert agent.delete("/api/admin/scripts/huabei", params={"version": 0}).status_code == 403
    with staff.client("supervisor") as supervisor:
        mine = script(id="supervisor-script", questions=["几点发货", "今天下单今天发吗"])
        created = supervisor.post("/api/admin/scripts", json=mine)
        assert created.status_code == 201, created.text
        assert created.json()["version"] == 1


def test_a_new_script_is_written_to_its_category_file_and_answers_at_once(staff: StaffServer):
    before = answer_to(staff, "礼盒装有吗")
    assert before["script_id"] != "gift-box"
    with staff.client() as admin:
        created = admin.post("/api/admin/scripts", json=script())
    assert created.status_code == 201, created.text
    on_disk = yaml.safe_load(staff.script_file("presale.yaml").read_text(encoding="utf-8"))
    assert "gift-box" in [s["id"] for s in on_disk["scripts"]]
    after = answer_to(staff, "礼盒装有吗")
    assert (after["script_id"], after["answer"]) == ("gift-box", script()["answer"])


def test_an_invalid_edit_is_refused_with_its_reason_next_to_the_field(staff: StaffServer):
    file_before = staff.script_file("logistics.yaml").read_text(encoding="utf-8")
    with staff.client() as admin:
        shape = admin.post(
            "/api/admin/scripts", json=script(id="Bad Id", questions=["只有一句"], answer=" ")
        )
        assert shape.status_code == 422
        fields = {error["field"] for error in shape.json()["errors"]}
        assert {"id", "questions", "answer"} <= fields
        current = admin.get("/api/admin/scripts/shipping-fee").json()
        unknown = {**current["item"], "intent": "no_such_intent", "version": current["version"]}
        refused = admin.put("/api/admin/scripts/shipping-fee", json=unknown)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "intent"
    assert "no_such_intent" in refused.json()["errors"][0]["message"]
    assert staff.script_file("logistics.yaml").read_text(encoding="utf-8") == file_before


def test_the_second_of_two_editors_gets_409_and_sees_the_first_ones_change(staff: StaffServer):
    with staff.client() as admin:
        seen = admin.get("/api/admin/scripts/delivery-days").json()
    first = {**seen["item"], "answer": "顺丰次日达。", "version": seen["version"]}
    second = {**seen["item"], "answer": "三天内送达。", "version": seen["version"]}
    with staff.client("supervisor") as one, staff.client("admin") as two:
        assert one.put("/api/admin/scripts/delivery-days", json=first).status_code == 200
        late = two.put("/api/admin/scripts/delivery-days", json=second)
    assert late.status_code == 409
    assert late.json()["current"]["item"]["answer"] == "顺丰次日达。"
    assert late.json()["current"]["version"] == seen["version"] + 1


def test_simultaneous_edits_of_one_script_let_exactly_one_through(staff: StaffServer):
    with staff.client() as admin:
        seen = admin.get("/api/admin/scripts/huabei").json()
    statuses: list[int] = []

    def edit(answer: str) -> None:
        body = {**seen["item"], "answer": answer, "version": seen["version"]}
        with staff.client() as client:
            statuses.append(client.put("/api/admin/scripts/huabei", json=body).status_code)

    threads = [threading.Thread(target=edit, args=(f"支持花呗，第{n}版。",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409, 409, 409]


def test_every_change_is_in_the_history_and_can_be_reverted(staff: StaffServer):
    with staff.client() as admin:
        seen = admin.get("/api/admin/scripts/fruit-storage").json()
        changed = {**seen["item"], "answer": "常温保存即可。", "version": seen["version"]}
        assert admin.put("/api/admin/scripts/fruit-storage", json=changed).status_code == 200
        history = admin.get("/api/admin/history", params={"key": "fruit-storage"}).json()
        change = history[0]
        assert (change["actor"], change["action"]) == ("admin-1", "update")
        assert change["before"]["answer"] == seen["item"]["answer"]
        assert change["after"]["answer"] == "常温保存即可。"
        with staff.client("agent") as agent:
            assert agent.post(f"/api/admin/history/{change['id']}/revert").status_code == 403
        reverted = admin.post(f"/api/admin/history/{change['id']}/revert")
        assert reverted.status_code == 200, reverted.text
        now = admin.get("/api/admin/scripts/fruit-storage").json()
    assert now["item"]["answer"] == seen["item"]["answer"]
    assert answer_to(staff, "水果怎么保存")["answer"] == seen["item"]["answer"]


def test_a_deleted_script_stops_answering_and_a_revert_brings_it_back(staff: StaffServer):
    with staff.client() as admin:
        created = admin.post(
            "/api/admin/scripts",
            json=script(
                id="durian-smell",
                questions=["榴莲味道大吗", "榴莲会不会很臭"],
                answer="冷冻榴莲气味很淡。",
            ),
        )
        assert created.status_code == 201, created.text
        stale = admin.delete("/api/admin/scripts/durian-smell", params={"version": 0})
        assert stale.status_code == 409
        gone = admin.delete("/api/admin/scripts/durian-smell", params={"version": 1})
        assert gone.status_code == 204
        assert admin.get("/api/admin/scripts/durian-smell").status_code == 404
        assert answer_to(staff, "榴莲味道大吗")["script_id"] != "durian-smell"
        deletion = admin.get("/api/admin/history", params={"key": "durian-smell"}).json()[0]
        assert deletion["action"] == "delete"
        assert admin.post(f"/api/admin/history/{deletion['id']}/revert").status_code == 200
    assert answer_to(staff, "榴莲味道大吗")["script_id"] == "durian-smell"


def test_search_folds_traditional_characters_and_synonyms(staff: StaffServer):
    with staff.client("agent") as agent:
        traditional = agent.get("/api/admin/scripts", params={"q": "運費"}).json()
        synonym = agent.get("/api/admin/scripts", params={"q": "快递费"}).json()
        nothing = agent.get("/api/admin/scripts", params={"q": "发票抬头"}).json()
    assert traditional["items"][0]["key"] == "shipping-fee"
    assert synonym["items"][0]["key"] == "shipping-fee"
    assert nothing["total"] == 0


def test_synonyms_and_dictionary_words_are_edited_like_scripts(staff: StaffServer):
    before = answer_to(staff, "运输费多少钱")
    assert "运费" not in before["explanation"]["tokens"]
    with staff.client() as admin:
        synonym = admin.get("/api/admin/synonyms/运费").json()
        body = {**synonym["item"], "variants": [*synonym["item"]["variants"], "运输费"]}
        updated = admin.put("/api/admin/synonyms/运费", json={**body, "version": 0})
        assert updated.status_code == 200, updated.text
        word = admin.post("/api/admin/words", json={"word": "运输费", "freq": 500, "pos": "n"})
        assert word.status_code == 201, word.text
        bad = admin.post("/api/admin/words", json={"word": "两个 词", "freq": -1})
    assert {e["field"] for e in bad.json()["errors"]} == {"word", "freq"}
    assert "运输费 500 n" in (staff.library / "lexicon" / "userdict.txt").read_text()
    after = answer_to(staff, "运输费多少钱")
    assert after["explanation"]["tokens"][0] == "运费"
    assert (after["script_id"], after["top_score"]) == ("shipping-fee", 100.0)


def test_a_rule_edit_is_checked_by_the_rule_loader(staff: StaffServer):
    rule = {
        "name": "invoice_words",
        "intent": "invoice",
        "priority": 40,
        "when": {"any": ["发票"], "regex": ["(开|要)发票"]},
        "action": {"handoff": "asked_for_human"},
    }
    with staff.client() as admin:
        broken = admin.post("/api/admin/rules", json={**rule, "when": {"regex": ["(开|要发票"]}})
        created = admin.post("/api/admin/rules", json=rule)
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "when.regex.0"
    assert created.status_code == 201, created.text
    assert created.json()["item"]["file"] == "staff.yaml"
    assert answer_to(staff, "我要开发票")["rule_name"] == "invoice_words"


def test_the_api_is_in_the_openapi_docs(staff: StaffServer):
    paths = httpx.get(staff.server.http_url + "/openapi.json").json()["paths"]
    assert {"/api/admin/scripts", "/api/admin/scripts/{key}", "/api/admin/try"} <= set(paths)
    assert "/api/admin/history/{change_id}/revert" in paths
