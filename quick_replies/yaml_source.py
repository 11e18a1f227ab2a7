"""YAML files read with the line of every node, so errors can name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quick_replies.errors import LibraryError

FieldPath = tuple[str | int, ...]
# LibYAML's parser when PyYAML was built with it (several times faster at load), else Python's.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def field_name(path: FieldPath) -> str:
    """``("scripts", 3, "answer")`` → ``scripts[3].answer``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


@dataclass(slots=True)
class YamlSource:
    """One parsed YAML file: its data and where each field sits."""

    label: str  # how errors name the file, e.g. ``library/物流.yaml``
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def line(self, path: FieldPath) -> int:
        """The 1-based line of ``path``, or of its nearest ancestor present in the file."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: FieldPath, message: str) -> None:
        self.problems.append(f"{self.label}:{self.line(path)}: {field_name(path)}: {message}")

    def where(self, path: FieldPath) -> str:
        return f"{self.label}:{self.line(path)}"


def read_yaml(path: Path, label: str) -> YamlSource:
    """Parse ``path``; bad YAML raises ``LibraryError`` naming line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError([f"{label}: cannot read: {exc}"]) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark else label
        raise LibraryError([f"{where}: bad YAML: {exc.problem or exc}"]) from exc
    except yaml.YAMLError as exc:
        raise LibraryError([f"{label}: bad YAML: {exc}"]) from exc
    finally:
        loader.dispose()
    source = YamlSource(label=label, data=data)
    if node is not None:
        _record_lines(node, (), source)
    return source


def _record_lines(node: yaml.Node, path: FieldPath, source: YamlSource) -> None:
    """Note the line of every field; a key given twice in one mapping is a problem (YAML
    keeps the last silently, so a staff edit could vanish without a word)."""
    lines = source.lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                name, line = str(key.value), key.start_mark.line + 1
                _record_lines(value, (*path, name), source)
                lines[(*path, name)] = line
                if name not in first_line:
                    first_line[name] = line
                    continue
                source.problem((*path, name), f"duplicate key (also on line {first_line[name]})")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), source)
