"""Range boundaries, time zones and empty ranges."""

from __future__ import annotations

from tests.reports.conftest import Api


def test_a_day_is_cut_at_shanghai_midnight(boss: Api):
    last_of_march = boss.kpis(period="day", date="2026-03-31")
    first_of_april = boss.kpis(period="day", date="2026-04-01")
    assert last_of_march["conversations"] == 1  # c7, 23:30
    assert first_of_april["conversations"] == 1  # c8, 00:10
    assert last_of_march["range"]["start_utc"] == "2026-03-30T16:00:00+00:00"
    assert last_of_march["range"]["end_utc"] == "2026-03-31T16:00:00+00:00"


def test_the_same_month_in_utc_holds_a_different_conversation(boss: Api):
    in_utc = boss.kpis(period="month", date="2026-03-01", tz="UTC")
    assert in_utc["range"]["timezone"] == "UTC"
    assert in_utc["conversations"] == 7  # c8 (00:10 April 1 in Shanghai) is March 31 in UTC


def test_a_week_runs_monday_to_sunday(boss: Api):
    week = boss.kpis(period="week", date="2026-03-12")  # a Thursday
    assert (week["range"]["first"], week["range"]["last"]) == ("2026-03-09", "2026-03-15")
    assert week["conversations"] == 5  # c1 .. c5


def test_start_and_end_are_inclusive_days(boss: Api):
    two_days = boss.kpis(start="2026-03-10", end="2026-03-11")
    assert two_days["conversations"] == 3
    assert len(two_days["daily"]) == 2


def test_an_empty_range_has_no_rates_and_no_errors(boss: Api):
    empty = boss.kpis(period="month", date="2025-01-10")
    assert empty["conversations"] == 0
    assert empty["bot_resolved"] == {"count": 0, "total": 0, "rate": None}
    assert empty["timely_replies"]["rate"] is None
    assert empty["satisfaction"]["average"] is None
    assert empty["disputes"]["completion"]["rate"] is None
    assert all(value is None for value in empty["response_seconds"].values())
    summary = boss.get("/api/reports/summary.csv", period="month", date="2025-01-10")
    assert summary.status_code == 200
    assert "—" in summary.content.decode("utf-8-sig")


def test_bad_ranges_are_refused_with_a_reason(boss: Api):
    for params, words in (
        ({"period": "year"}, "period"),
        ({"date": "2026-02-30"}, "date"),
        ({"start": "2026-03-10"}, "both"),
        ({"start": "2026-03-10", "end": "2026-03-01"}, "on or after"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "at most"),
        ({"tz": "Mars/Olympus"}, "time zone"),
    ):
        response = boss.get("/api/reports/kpis", **params)
        assert response.status_code == 422, params
        assert words in response.json()["detail"], response.json()
