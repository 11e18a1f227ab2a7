"""Excel round trips, batch try-it and the conflict check, over real HTTP."""

from __future__ import annotations

import csv
import io

import yaml

from app.admin.csv_io import neutralise, restore
from tests.admin.conftest import StaffServer

RISKY = '=HYPERLINK("http://evil.example","点我")'


def test_cells_that_excel_would_run_as_formulas_are_neutralised_and_restored():
    for cell in ("=1+1", "+86 138", "-5", "@SUM(A1)", "\tx"):
        assert neutralise(cell).startswith("'")
        assert restore(neutralise(cell)) == cell
    assert neutralise("满99元包邮") == "满99元包邮"
    assert restore("'普通文字") == "'普通文字"


def test_csv_export_opens_in_excel_and_imports_back_unchanged(staff: StaffServer):
    with staff.client() as admin:
        risky = {
            "id": "risky-answer",
            "category": "支付",
            "intent": "payment",
            "questions": ["-可以分期吗", "能分期付款吗"],
            "answer": RISKY,
        }
        assert admin.post("/api/admin/scripts", json=risky).status_code == 201
        exported = admin.get("/api/admin/export/scripts.csv")
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith("text/csv")
        assert exported.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        row = next(r for r in rows if r["id"] == "risky-answer")
        assert row["answer"] == "'" + RISKY
        assert row["questions"] == "'-可以分期吗\n能分期付款吗"
        back = admin.post(
            "/api/admin/import/scripts",
            files={"file": ("scripts.csv", exported.content, "text/csv")},
        )
        assert back.status_code == 200, back.text
        assert back.json() == {"created": 0, "updated": 0, "unchanged": len(rows)}
        assert admin.get("/api/admin/scripts/risky-answer").json()["item"]["answer"] == RISKY


def test_a_csv_edited_in_excel_updates_and_creates_scripts(staff: StaffServer):
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["id", "category", "intent", "questions", "answer", "tags", "enabled"])
    writer.writerow(
        ["huabei", "支付", "payment", "可以用花呗吗\n支持花呗付款吗", "支持花呗分期。", "", "是"]
    )
    writer.writerow(
        [
            "kiwi-ripe",
            "售前",
            "presale_product_question",
            "猕猴桃怎么催熟\n猕猴桃硬的怎么办",
            "和苹果放在一起两三天就软了。",
            "猕猴桃",
            "",
        ]
    )
    data = table.getvalue().encode("gb18030")  # as Excel on a Chinese Windows saves it
    with staff.client() as admin:
        imported = admin.post(
            "/api/admin/import/scripts", files={"file": ("话术.csv", data, "text/csv")}
        )
        assert imported.status_code == 200, imported.text
        assert imported.json() == {"created": 1, "updated": 1, "unchanged": 0}
        answered = admin.post("/api/admin/try", json={"text": "猕猴桃怎么催熟"}).json()
        history = admin.get("/api/admin/history", params={"key": "kiwi-ripe"}).json()
    assert answered["script_id"] == "kiwi-ripe"
    assert history[0]["action"] == "import"


def test_a_bad_csv_row_is_named_and_nothing_changes(staff: StaffServer):
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["id", "category", "intent", "questions", "answer"])
    writer.writerow(["fine-row", "售前", "presale_product_question", "甲问题\n乙问题", "好的"])
    writer.writerow(["Bad Row", "售前", "presale_product_question", "只有一句", ""])
    with staff.client() as admin:
        refused = admin.post(
            "/api/admin/import/scripts",
            files={"file": ("x.csv", table.getvalue().encode("utf-8-sig"), "text/csv")},
        )
        assert refused.status_code == 422
        fields = {error["field"] for error in refused.json()["errors"]}
        assert {"rows.3.id", "rows.3.questions", "rows.3.answer"} <= fields
        assert admin.get("/api/admin/scripts/fine-row").status_code == 404


def test_yaml_export_and_import(staff: StaffServer):
    with staff.client() as admin:
        exported = admin.get("/api/admin/export/scripts.yaml")
        document = yaml.safe_load(exported.content.decode("utf-8"))
        assert "shipping-fee" in [s["id"] for s in document["scripts"]]
        upload = yaml.safe_dump(
            {
                "category": "售前",
                "scripts": [
                    {
                        "id": "apple-wax",
                        "intent": "presale_product_question",
                        "questions": ["苹果打蜡吗", "苹果有没有打蜡"],
                        "answer": "我们的苹果不打蜡。",
                    }
                ],
            },
            allow_unicode=True,
        )
        imported = admin.post(
            "/api/admin/import/scripts", files={"file": ("new.yaml", upload.encode(), "x")}
        )
        assert imported.json() == {"created": 1, "updated": 0, "unchanged": 0}


def test_batch_try_gives_one_row_per_message(staff: StaffServer):
    with staff.client("agent") as agent:
        rows = agent.post(
            "/api/admin/try/batch", json={"messages": ["运费怎么算", "我要找人工", "随便聊聊天气"]}
        ).json()["rows"]
        uploaded = agent.post(
            "/api/admin/try/batch/file",
            files={"file": ("list.txt", "车厘子产地在哪\n\n几天能到\n".encode(), "text/plain")},
        ).json()["rows"]
    assert [row["text"] for row in rows] == ["运费怎么算", "我要找人工", "随便聊聊天气"]
    assert rows[0]["script_id"] == "shipping-fee" and rows[0]["outcome"] == "answer"
    assert rows[1]["rule_name"] == "ask_for_human" and rows[1]["outcome"] == "handoff"
    assert rows[2]["outcome"] == "fallback" and rows[2]["answer"]  # the bot's own fallback text
    assert [row["script_id"] for row in uploaded] == ["cherry-origin", "delivery-days"]


def test_the_conflict_check_names_the_phrasing_to_change(staff: StaffServer):
    clash = {
        "id": "cherry-farm",
        "category": "售前",
        "intent": "presale_product_question",
        "questions": ["车厘子是哪里产的呀", "车厘子果园在哪"],
        "answer": "果园在智利中部。",
    }
    with staff.client() as admin:
        assert admin.post("/api/admin/scripts", json=clash).status_code == 201
        found = admin.get("/api/admin/conflicts").json()["conflicts"]
    pairs = [
        c for c in found if {c["script"], c["other_script"]} == {"cherry-farm", "cherry-origin"}
    ]
    assert pairs, found
    assert any("车厘子是哪里产的呀" in (c["phrasing"], c["other_phrasing"]) for c in pairs)
    assert all(c["advice"] for c in pairs)
