"""The quick-reply library: ``library/<category>.yaml`` files of scripts, validated at load."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bot import Button
from quick_replies import fields
from quick_replies.errors import LibraryError
from quick_replies.normalize import is_marker
from quick_replies.yaml_source import FieldPath, YamlSource, read_yaml

SCRIPT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
VARIABLE = re.compile(r"\{([A-Za-z_][\w.]*)\}")
SCRIPT_FIELDS = {"id", "intent", "questions", "answer", "buttons", "tags", "enabled", "flow"}


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    category: str
    intent: str
    questions: tuple[str, ...]
    answer: str  # rendered with the shop's variables at load
    buttons: tuple[Button, ...] = ()
    tags: tuple[str, ...] = ()
    flow: str | None = None
    where: str = ""  # ``library/物流.yaml:12``


@dataclass(frozen=True, slots=True)
class Library:
    scripts: tuple[Script, ...]
    _by_id: dict[str, Script] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {script.id: script for script in self.scripts})

    def by_id(self) -> dict[str, Script]:
        """Scripts by id (built once; do not modify)."""
        return self._by_id


@dataclass(frozen=True, slots=True)
class LibraryContext:
    """What scripts are checked against: shop variables, intent labels, flow names, and the
    normaliser that phrasings go through before matching."""

    variables: Mapping[str, str]
    intents: Collection[str]
    flows: Collection[str] | None = None  # None: flow names are not checked
    normalise: Callable[[str], str] | None = None  # None: phrasings are not checked


def load_library(directory: Path, context: LibraryContext) -> Library:
    """Enabled scripts of ``directory/*.yaml``; raises ``LibraryError`` listing every problem."""
    problems: list[str] = []
    scripts: list[Script] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        label = f"{directory.name}/{path.name}"
        try:
            source = read_yaml(path, label)
        except LibraryError as exc:
            problems.extend(exc.problems)
            continue
        for script, enabled in _scripts_of(source, context):
            if script.id in seen:
                source.problems.append(
                    f"{script.where}: id: duplicate id {script.id!r} (also at {seen[script.id]})"
                )
                continue
            seen[script.id] = script.where
            if enabled:
                scripts.append(script)
        problems.extend(source.problems)
    if problems:
        raise LibraryError(problems)
    return Library(scripts=tuple(scripts))


def _scripts_of(source: YamlSource, context: LibraryContext) -> list[tuple[Script, bool]]:
    top = fields.mapping(source, (), source.data)
    category = fields.text(source, ("category",), top.get("category"))
    found = []
    for index, raw in enumerate(fields.sequence(source, ("scripts",), top.get("scripts"))):
        path: FieldPath = ("scripts", index)
        if not isinstance(raw, dict):
            source.problem(path, "expected a mapping")
            continue
        before = len(source.problems)
        script = _script(source, path, raw, category, context)
        if len(source.problems) == before:
            found.append(
                (script, fields.flag(source, (*path, "enabled"), raw.get("enabled"), True))
            )
    return found


def _script(
    source: YamlSource, path: FieldPath, raw: dict[str, Any], category: str, ctx: LibraryContext
) -> Script:
    fields.unknown_keys(source, path, raw, SCRIPT_FIELDS)
    script_id = fields.text(source, (*path, "id"), raw.get("id"))
    if script_id and not SCRIPT_ID.fullmatch(script_id):
        source.problem((*path, "id"), f"{script_id!r} must be lower-case letters, digits and -")
    intent = fields.text(source, (*path, "intent"), raw.get("intent"))
    if intent and intent not in ctx.intents:
        source.problem((*path, "intent"), f"unknown intent label {intent!r}")
    flow = fields.text(source, (*path, "flow"), raw.get("flow"), required=False) or None
    if flow and ctx.flows is not None and flow not in ctx.flows:
        source.problem((*path, "flow"), f"unknown flow {flow!r}")
    questions = fields.text_list(source, (*path, "questions"), raw.get("questions"), minimum=2)
    if ctx.normalise is not None:
        _check_phrasings(source, (*path, "questions"), questions, ctx.normalise)
    return Script(
        id=script_id,
        category=category,
        intent=intent,
        questions=questions,
        answer=render(source, (*path, "answer"), raw.get("answer"), ctx.variables),
        buttons=buttons(source, (*path, "buttons"), raw.get("buttons")),
        tags=fields.text_list(source, (*path, "tags"), raw.get("tags")),
        flow=flow,
        where=source.where(path),
    )


def _check_phrasings(
    source: YamlSource, path: FieldPath, questions: tuple[str, ...], normalise: Callable[[str], str]
) -> None:
    """A phrasing that filler words shrink to one character (麻烦你了 → 了) would score a
    perfect partial match against every message holding that character."""
    for index, question in enumerate(questions):
        read = normalise(question)
        if len(read) == 1 and len(question) > 1 and not is_marker(read):
            source.problem(
                (*path, index),
                f"{question!r} reads as {read!r} once filler words are dropped and would match"
                " any message holding it; reword it",
            )


def render(source: YamlSource, path: FieldPath, value: Any, variables: Mapping[str, str]) -> str:
    """The answer with ``{ns.key}`` variables filled in; unknown variables are reported."""
    template = fields.text(source, path, value)

    def fill(match: re.Match[str]) -> str:
        name = match[1]
        if name not in variables:
            source.problem(path, f"unknown variable {{{name}}}")
            return match[0]
        return str(variables[name])

    return VARIABLE.sub(fill, template)


def buttons(source: YamlSource, path: FieldPath, value: Any) -> tuple[Button, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        source.problem(path, "expected a list of {label, text}")
        return ()
    found = []
    for index, raw in enumerate(value):
        if not isinstance(raw, dict):
            source.problem((*path, index), "expected {label, text}")
            continue
        label = fields.text(source, (*path, index, "label"), raw.get("label"))
        said = fields.text(source, (*path, index, "text"), raw.get("text", label))
        found.append(Button(label=label, text=said))
    return tuple(found)
