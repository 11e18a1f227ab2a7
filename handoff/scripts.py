"""Canned responses for the console: fuzzy search over the quick-reply scripts, answers
with the shop's variables filled in.

The scripts are read from the library folder (``CS_SCRIPTS_DIR``) as YAML: any mapping
with an ``answer`` and a ``question`` (or a list of ``questions``) counts, so the search
works with whatever shape the library takes and with none at all (no results).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from handoff.policy import default_normalise

log = logging.getLogger(__name__)
VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}|\{([\w.]+)\}")


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    question: str
    answer: str


class ScriptSearch:
    def __init__(self, scripts: list[Script], *, limit: int = 8, cutoff: float = 40) -> None:
        self.scripts = scripts
        self.limit = limit
        self.cutoff = cutoff
        self._keys = [default_normalise(f"{s.question} {s.answer}") for s in scripts]

    def search(self, query: str) -> list[dict[str, Any]]:
        key = default_normalise(query)
        if not key:
            return []
        found = process.extract(
            key, self._keys, scorer=fuzz.partial_ratio, score_cutoff=self.cutoff, limit=self.limit
        )
        return [
            {
                "id": self.scripts[index].id,
                "question": self.scripts[index].question,
                "answer": self.scripts[index].answer,
                "score": round(score, 1),
            }
            for _, score, index in found
        ]


def load_scripts(folder: Path, variables: Mapping[str, str]) -> ScriptSearch:
    scripts: list[Script] = []
    for path in sorted(folder.glob("**/*.y*ml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            log.warning("scripts not read from %s: %s", path, error.__class__.__name__)
            continue
        for number, item in enumerate(_script_like(data)):
            questions = item.get("questions") or [item.get("question")]
            question = next((str(q) for q in questions if q), "")
            script_id = str(item.get("id") or f"{path.stem}#{number}")
            scripts.append(Script(script_id, question, fill(str(item["answer"]), variables)))
    return ScriptSearch(scripts)


def fill(template: str, variables: Mapping[str, str]) -> str:
    """``{shop.name}`` / ``{{shop.name}}`` → the shop's value; unknown names stay."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return str(variables.get(name, match.group(0)))

    return VARIABLE.sub(value, template)


def _script_like(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if "answer" in data and ("question" in data or "questions" in data):
            yield data
            return
        for value in data.values():
            yield from _script_like(value)
    elif isinstance(data, list):
        for value in data:
            yield from _script_like(value)
