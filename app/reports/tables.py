"""Every table of a report as a header and rows, for the CSV exports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.reports.csv_export import Cell
from app.reports.errors import NotFound, ReportSettingsError
from app.reports.kpis import Report
from app.reports.measures import Ratio, rounded, seconds

LABELS_PATH = Path(__file__).with_name("labels.yaml")
Table = tuple[list[str], list[Sequence[Cell]]]


@cache
def labels(path: Path = LABELS_PATH) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ReportSettingsError(f"{path}: expected a mapping of tables to column labels")
    return data


def _header(table: str, keys: Sequence[str]) -> list[str]:
    names = labels().get(table, {})
    return [names.get(key, key) for key in keys]


def summary(report: Report) -> Table:
    names = labels().get("metrics", {})
    rows: list[tuple[str, Ratio | float | int | None]] = [
        ("conversations", report.conversations),
        ("bot_resolved", report.bot_resolved),
        ("handoffs", report.handoffs),
        ("bot_first_response_seconds", seconds(report.bot_first_response_seconds)),
        ("bot_response_seconds", seconds(report.bot_response_seconds)),
        ("agent_first_response_seconds", seconds(report.agent_first_response_seconds)),
        ("agent_response_seconds", seconds(report.agent_response_seconds)),
        ("timely_replies", report.timely_replies),
        ("disputes", report.disputes.completion),
        ("satisfaction_average", rounded(report.satisfaction.average, 2)),
        ("satisfaction_responses", report.satisfaction.responses),
        ("conversion", report.conversion.converted),
    ]
    body: list[Sequence[Cell]] = []
    for key, value in rows:
        name = names.get(key, key)
        if isinstance(value, Ratio):
            shown = value.shown()
            body.append((name, shown, value.count, value.total))
        else:
            body.append((name, value, None, None))
    return _header("summary", ["metric", "value", "count", "total"]), body


def daily(report: Report) -> Table:
    keys = ["day", "conversations", "bot_resolved", "handoffs"]
    rows = [(r.day.isoformat(), r.conversations, r.bot_resolved, r.handoffs) for r in report.daily]
    return _header("daily", keys), list(rows)


def names(kind: str) -> dict[str, str]:
    """``intent_names``, ``reason_names`` or ``dispute_sources``: code -> what supervisors
    call it."""
    return labels().get(kind, {})


def handoff_reasons(report: Report) -> Table:
    called = names("reason_names")
    rows = [
        (reason, called.get(reason, reason), ratio.count, ratio.shown())
        for reason, ratio in report.handoff_reasons
    ]
    return _header("handoff_reasons", ["reason", "name", "count", "rate"]), list(rows)


def satisfaction(report: Report) -> Table:
    rows = [(score, n) for score, n in report.satisfaction.distribution.items()]
    return _header("satisfaction", ["score", "count"]), list(rows)


def intents(report: Report) -> Table:
    called = names("intent_names")
    rows = [(intent, called.get(intent, intent), n) for intent, n in report.top_intents]
    return _header("intents", ["intent", "name", "count"]), list(rows)


def unanswered(report: Report) -> Table:
    rows = [(g.label, g.count, " / ".join(g.examples)) for g in report.unanswered]
    return _header("unanswered", ["label", "count", "examples"]), list(rows)


def disputes(report: Report) -> Table:
    called = names("dispute_sources")
    parts = report.disputes
    rows = [
        (called.get(source, source), ratio.total, ratio.count, ratio.shown())
        for source, ratio in (
            ("ledger", parts.ledger),
            ("handoffs", parts.handoffs),
            ("completion", parts.completion),
        )
    ]
    return _header("disputes", ["source", "opened", "closed", "rate"]), list(rows)


def agents(report: Report) -> Table:
    keys = [
        "agent",
        "conversations",
        "resolved",
        "replies",
        "first_response_seconds",
        "response_seconds",
        "timely_replies",
        "rating_average",
        "ratings",
    ]
    rows = [
        (
            a.display_name,
            a.conversations,
            a.resolved,
            a.replies,
            seconds(a.first_response_seconds),
            seconds(a.response_seconds),
            a.timely_replies.shown(),
            rounded(a.rating_average, 2),
            a.ratings,
        )
        for a in report.agents
    ]
    return _header("agents", keys), list(rows)


TABLES: dict[str, Callable[[Report], Table]] = {
    "summary": summary,
    "daily": daily,
    "handoff_reasons": handoff_reasons,
    "satisfaction": satisfaction,
    "intents": intents,
    "unanswered": unanswered,
    "disputes": disputes,
    "agents": agents,
}


def table(name: str, report: Report) -> Table:
    if name not in TABLES:
        raise NotFound(f"table: one of {', '.join(TABLES)}")
    return TABLES[name](report)


def ledger_table(entries: list[dict[str, Any]]) -> Table:
    keys = [
        "id",
        "created_at",
        "type",
        "order_no",
        "customer_ref",
        "conversation_id",
        "amount_yuan",
        "status",
        "handler",
        "reason",
        "updated_at",
        "closed_at",
    ]
    return _header("ledger", keys), [[entry.get(k) for k in keys] for entry in entries]
