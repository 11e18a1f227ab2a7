"""CSV that Excel opens right: UTF-8 with a BOM, CRLF rows, commas and quotes escaped,
and no formulas: a text cell starting with = + - @ (or a tab / carriage return) gets a
leading apostrophe, so a spreadsheet shows it as text instead of running it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from app.reports.measures import EMPTY

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def cell(value: Cell) -> str | int | float:
    if value is None:
        return EMPTY
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")
