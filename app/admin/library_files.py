"""The library as staff edit it by hand: YAML and text files, read into items and written back.

Four kinds of item, each keyed by a name: scripts (``scripts_dir/*.yaml``, one file per
category), intent rules (``intents_dir/*.yaml``), synonyms (``lexicon_dir/synonyms.yaml``)
and dictionary words (``lexicon_dir/userdict.txt``). Only files whose content changes are
rewritten, each atomically (temporary file + rename), so a reader never sees half a file.
Comments inside a rewritten YAML file are not kept (PyYAML does not carry them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.admin.errors import LibraryFilesError
from app.admin.models import ItemKind

NEW_RULES_FILE = "staff.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
Item = dict[str, Any]


@dataclass(frozen=True, slots=True)
class LibraryDirs:
    scripts: Path
    intents: Path
    lexicon: Path

    def inside(self, root: Path) -> LibraryDirs:
        """The same layout under ``root`` (for a scratch copy)."""
        return LibraryDirs(root / "library", root / "rules", root / "lexicon")


@dataclass(slots=True)
class Library:
    """Every item of every kind, in file order. Scripts carry ``category``, rules ``file``."""

    items: dict[ItemKind, dict[str, Item]] = field(default_factory=dict)
    userdict_header: list[str] = field(default_factory=list)

    def of(self, kind: ItemKind) -> dict[str, Item]:
        return self.items.setdefault(kind, {})


def read_library(dirs: LibraryDirs) -> Library:
    library = Library()
    library.items[ItemKind.SCRIPT] = _read_scripts(dirs.scripts)
    library.items[ItemKind.RULE] = _read_rules(dirs.intents)
    library.items[ItemKind.SYNONYM] = _read_synonyms(dirs.lexicon / "synonyms.yaml")
    words, header = _read_userdict(dirs.lexicon / "userdict.txt")
    library.items[ItemKind.WORD] = words
    library.userdict_header = header
    return library


def write_library(dirs: LibraryDirs, library: Library) -> list[Path]:
    """Write the files whose content differs from ``library``; the paths written."""
    written: list[Path] = []
    for path, content in _script_files(dirs.scripts, library.of(ItemKind.SCRIPT)).items():
        written += _write_if_changed(path, content)
    for path, content in _rule_files(dirs.intents, library.of(ItemKind.RULE)).items():
        written += _write_if_changed(path, content)
    synonyms = {key: item["variants"] for key, item in library.of(ItemKind.SYNONYM).items()}
    written += _write_if_changed(dirs.lexicon / "synonyms.yaml", synonyms)
    userdict = _userdict_text(library.of(ItemKind.WORD), library.userdict_header)
    written += _write_text_if_changed(dirs.lexicon / "userdict.txt", userdict)
    return written


# -- reading ----------------------------------------------------------------------------


def _load(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LibraryFilesError(f"{path.name}: cannot read: {error}") from error


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


def _read_scripts(directory: Path) -> dict[str, Item]:
    scripts: dict[str, Item] = {}
    for path in _yaml_files(directory):
        data = _load(path) or {}
        if not isinstance(data, dict) or not isinstance(data.get("scripts", []), list):
            raise LibraryFilesError(f"{path.name}: expected 'category' and a 'scripts' list")
        category = str(data.get("category") or path.stem)
        for script in data.get("scripts") or []:
            if isinstance(script, dict) and script.get("id"):
                scripts[str(script["id"])] = {"category": category, **script}
    return scripts


def _read_rules(directory: Path) -> dict[str, Item]:
    rules: dict[str, Item] = {}
    for path in _yaml_files(directory):
        data = _load(path) or {}
        if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
            raise LibraryFilesError(f"{path.name}: expected a 'rules' list")
        for rule in data.get("rules") or []:
            if isinstance(rule, dict) and rule.get("name"):
                rules[str(rule["name"])] = {**rule, "file": path.name}
    return rules


def _read_synonyms(path: Path) -> dict[str, Item]:
    data = _load(path) if path.exists() else {}
    if not isinstance(data or {}, dict):
        raise LibraryFilesError(f"{path.name}: expected a mapping canonical: [variants]")
    synonyms: dict[str, Item] = {}
    for canonical, variants in (data or {}).items():
        words = [variants] if isinstance(variants, str) else list(variants or [])
        variants_text = [str(word) for word in words]
        synonyms[str(canonical)] = {"canonical": str(canonical), "variants": variants_text}
    return synonyms


def _read_userdict(path: Path) -> tuple[dict[str, Item], list[str]]:
    words: dict[str, Item] = {}
    header: list[str] = []
    if not path.exists():
        return words, header
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            if not words:
                header.append(line)
            continue
        freq = next((int(p) for p in parts[1:3] if p.isdigit()), None)
        pos = next((p for p in parts[1:3] if not p.isdigit()), None)
        words[parts[0]] = {"word": parts[0], "freq": freq, "pos": pos}
    return words, header


# -- writing ----------------------------------------------------------------------------


def _script_files(directory: Path, scripts: dict[str, Item]) -> dict[Path, Any]:
    """Each category's file; a category left without scripts gets ``None`` (removed)."""
    existing = category_files(directory)
    by_category: dict[str, list[Item]] = {category: [] for category in existing}
    for item in scripts.values():
        script = {key: value for key, value in item.items() if key != "category"}
        by_category.setdefault(str(item["category"]), []).append(script)
    files: dict[Path, Any] = {}
    for category, members in by_category.items():
        path = existing.get(category) or directory / f"{category}.yaml"
        files[path] = {"category": category, "scripts": members} if members else None
    return files


def category_files(directory: Path) -> dict[str, Path]:
    """Which file holds each category (file names need not match category names)."""
    files = {}
    for path in _yaml_files(directory):
        data = _load(path) or {}
        files[str(data.get("category") or path.stem) if isinstance(data, dict) else ""] = path
    return files


def script_file(directory: Path, category: str) -> Path:
    return category_files(directory).get(category) or directory / f"{category}.yaml"


def _rule_files(directory: Path, rules: dict[str, Item]) -> dict[Path, Any]:
    by_file: dict[str, list[Item]] = {path.name: [] for path in _yaml_files(directory)}
    for item in rules.values():
        rule = {key: value for key, value in item.items() if key != "file"}
        by_file.setdefault(str(item.get("file") or NEW_RULES_FILE), []).append(rule)
    return {
        directory / name: {"rules": members} if members else None
        for name, members in by_file.items()
    }


def _userdict_text(words: dict[str, Item], header: Iterable[str]) -> str:
    lines = list(header)
    for item in words.values():
        parts = [item["word"], *(str(item[k]) for k in ("freq", "pos") if item.get(k))]
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n" if lines else ""


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )


def _write_if_changed(path: Path, data: Any) -> list[Path]:
    if data is None:
        if path.exists():
            path.unlink()
            return [path]
        return []
    if (path.exists() and _load(path) == data) or (not data and not path.exists()):
        return []
    atomic_write(path, dump_yaml(data))
    return [path]


def _write_text_if_changed(path: Path, text: str) -> list[Path]:
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current == text:
        return []
    atomic_write(path, text)
    return [path]


def atomic_write(path: Path, text: str) -> None:
    """Write a temporary file beside ``path``, flush it to disk, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
