"""Would the library still load with this edit? Try it on a scratch copy first.

The edited library is written to a temporary copy of the three directories and loaded
with the real loader (``validate``); only when that succeeds do the real files change.
Loader problems (``library/物流.yaml:12: scripts[3].answer: empty``) that point into the
edited item become field errors (``answer``); any other problem is reported whole.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.admin.errors import InvalidItem
from app.admin.library_files import (
    Library,
    LibraryDirs,
    read_library,
    script_file,
    write_library,
)
from app.admin.models import ItemKind

Validate = Callable[[LibraryDirs], None]  # raises with ``problems`` (a list) when it fails
PROBLEM = re.compile(r"^(?P<file>[^:]+?):(?P<line>\d+)(?::\d+)?: (?P<path>[^:]+): (?P<msg>.+)$")
ITEM_PATH = re.compile(r"^(?:scripts|rules)\[(?P<index>\d+)\]\.?(?P<rest>.*)$")


def problems_of(error: Exception) -> list[str]:
    problems = getattr(error, "problems", None)
    return [str(p) for p in problems] if problems else [str(error)]


def check_library(
    dirs: LibraryDirs,
    library: Library,
    validate: Validate,
    edited: tuple[ItemKind, str] | None = None,
) -> None:
    """Raise ``InvalidItem`` unless ``library`` loads; leaves ``dirs`` untouched."""
    with tempfile.TemporaryDirectory(prefix="library-check-") as scratch:
        copy = dirs.inside(Path(scratch))
        for source, target in zip(_paths(dirs), _paths(copy), strict=True):
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
            else:
                target.mkdir(parents=True)
        write_library(copy, library)
        try:
            validate(copy)
        except Exception as error:
            where = _location(copy, *edited) if edited else None
            raise InvalidItem([_field_error(p, where) for p in problems_of(error)]) from error


def _paths(dirs: LibraryDirs) -> tuple[Path, Path, Path]:
    return dirs.scripts, dirs.intents, dirs.lexicon


def _location(dirs: LibraryDirs, kind: ItemKind, key: str) -> tuple[str, int] | None:
    """The file name and index of the edited script or rule in the scratch copy."""
    if kind not in (ItemKind.SCRIPT, ItemKind.RULE):
        return None
    items = read_library(dirs).of(kind)
    if key not in items:
        return None
    group = "category" if kind is ItemKind.SCRIPT else "file"
    siblings = [k for k, item in items.items() if item.get(group) == items[key].get(group)]
    index = siblings.index(key)
    if kind is ItemKind.RULE:
        return str(items[key]["file"]), index
    return script_file(dirs.scripts, str(items[key]["category"])).name, index


def _field_error(problem: str, where: tuple[str, int] | None) -> dict[str, str]:
    match = PROBLEM.match(problem)
    if match and where is not None and Path(match["file"]).name == where[0]:
        inside = ITEM_PATH.match(match["path"])
        if inside and int(inside["index"]) == where[1]:
            field = re.sub(r"\[(\d+)\]", r".\1", inside["rest"]) or "item"
            return {"field": field, "message": match["msg"]}
    return {"field": "library", "message": problem}
