"""reports.yaml is checked at load with the file and field named; plain grouping of misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.reports.config import load_report_settings
from app.reports.errors import ReportSettingsError
from app.reports.grouping import group_texts


def test_the_demo_shop_settings_load():
    settings = load_report_settings(PROJECT_ROOT / "shops" / "demo_fruit")
    assert settings.timezone == "Asia/Shanghai" and settings.conversion_days == 7
    assert settings.is_presale("presale_product") and not settings.is_presale("refund")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("timezone: Moon/Base\n", "timezone"),
        ("low_rating_max: 9\n", "low_rating_max"),
        ("conversion: {days: -1}\n", "conversion.days"),
        ("conversion: {presale_intents: presale}\n", "conversion.presale_intents"),
        ("disputes: [refund]\n", "disputes"),
        ("top: yes\n", "top"),
    ],
)
def test_a_bad_settings_file_names_the_file_and_the_field(tmp_path: Path, text: str, field: str):
    (tmp_path / "reports.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReportSettingsError) as caught:
        load_report_settings(tmp_path)
    assert "reports.yaml" in str(caught.value) and f"'{field}'" in str(caught.value)


def test_a_shop_without_the_file_gets_the_defaults(tmp_path: Path):
    assert load_report_settings(tmp_path).low_rating_max == 2


def test_plain_grouping_folds_width_case_punctuation_and_near_misses():
    texts = ["能开发票吗？", "能开发票吗", "能开发票吗吗", "ＡＢＣ", "abc!", "榴莲有吗"]
    groups = group_texts(texts, top=10)
    assert [(g.count, len(g.examples)) for g in groups] == [(3, 2), (2, 1), (1, 0)]
    assert groups[2].label == "榴莲有吗"
    assert group_texts([], top=5) == [] and group_texts(["？！"], top=5) == []
