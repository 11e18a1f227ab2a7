"""Scripts as a CSV table that opens correctly in Excel, and back.

Export: UTF-8 with a BOM (Excel reads it as UTF-8 only then), one script per row, several
phrasings or buttons as lines inside one cell. Any cell that starts with ``= + - @`` (or a
tab or carriage return) gets a leading apostrophe so Excel shows it as text and never runs
it as a formula; import takes that apostrophe off again. Import also reads files that
Excel on a Chinese Windows saved as GB18030.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from app.admin.errors import InvalidItem
from app.admin.schemas import ScriptIn

COLUMNS = ("id", "category", "intent", "questions", "answer", "buttons", "tags", "enabled", "flow")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_LIST_SPLIT = re.compile(r"[\n|｜]+")
_TAG_SPLIT = re.compile(r"[\n,，、;；]+")
_TRUE = {"true", "yes", "1", "是", "启用", "y"}
_FALSE = {"false", "no", "0", "否", "停用", "n"}


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def scripts_to_csv(scripts: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for script in scripts:
        writer.writerow([neutralise(cell) for cell in _row(script)])
    return BOM + out.getvalue()


def _row(script: dict[str, Any]) -> list[str]:
    buttons = [f"{b.get('label', '')}={b.get('text', '')}" for b in script.get("buttons") or []]
    return [
        str(script.get("id", "")),
        str(script.get("category", "")),
        str(script.get("intent", "")),
        "\n".join(str(q) for q in script.get("questions") or []),
        str(script.get("answer", "")),
        "\n".join(buttons),
        ", ".join(str(t) for t in script.get("tags") or []),
        "true" if script.get("enabled", True) else "false",
        str(script.get("flow") or ""),
    ]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def scripts_from_csv(data: bytes) -> list[ScriptIn]:
    """Every row as a script; ``InvalidItem`` lists every bad cell as ``rows.<n>.<field>``."""
    reader = csv.DictReader(io.StringIO(decode(data)))
    missing = [
        c
        for c in ("id", "category", "intent", "questions", "answer")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise InvalidItem([{"field": "header", "message": f"missing columns: {missing}"}])
    scripts: list[ScriptIn] = []
    errors: list[dict[str, str]] = []
    for number, row in enumerate(reader, start=2):  # row 1 is the header, as Excel counts
        cells = {key: restore((value or "").strip()) for key, value in row.items() if key}
        try:
            scripts.append(ScriptIn.model_validate(_script(cells, number, errors)))
        except ValidationError as error:
            for problem in error.errors():
                where = ".".join(str(part) for part in problem["loc"])
                errors.append({"field": f"rows.{number}.{where}", "message": problem["msg"]})
    if errors:
        raise InvalidItem(errors)
    return scripts


def _script(cells: dict[str, str], number: int, errors: list[dict[str, str]]) -> dict[str, Any]:
    script: dict[str, Any] = {
        "id": cells.get("id", ""),
        "category": cells.get("category", ""),
        "intent": cells.get("intent", ""),
        "questions": _lines(cells.get("questions", "")),
        "answer": cells.get("answer", ""),
        "buttons": [],
        "tags": [t.strip() for t in _TAG_SPLIT.split(cells.get("tags", "")) if t.strip()],
    }
    for line in _lines(cells.get("buttons", "")):
        label, sep, text = line.partition("=")
        if not sep:
            errors.append({"field": f"rows.{number}.buttons", "message": "expected label=text"})
        script["buttons"].append({"label": label.strip(), "text": text.strip()})
    enabled = cells.get("enabled", "").lower()
    if enabled in _FALSE:
        script["enabled"] = False
    elif enabled and enabled not in _TRUE:
        errors.append({"field": f"rows.{number}.enabled", "message": "expected true or false"})
    if cells.get("flow"):
        script["flow"] = cells["flow"]
    return script


def _lines(cell: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(cell) if part.strip()]
