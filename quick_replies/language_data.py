"""Language data the matcher needs, read from one compact cache file: the toneless pinyin of
every CJK character (``pypinyin.lazy_pinyin``), for the pinyin index.

Building the file asks pypinyin once per character (about a second, on the first start on a
machine); afterwards a start reads it in milliseconds and does not import pypinyin. The file
sits in the temporary directory, named after the pypinyin version, and is replaced
atomically; if it cannot be written the data is simply rebuilt at the next start.
"""

from __future__ import annotations

import importlib.metadata
import logging
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT = 2  # bump when the layout of the file changes
CJK = range(0x3400, 0x9FFF + 1)
log_ = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LanguageData:
    syllables: dict[str, str]  # CJK character → toneless pinyin


def load_language_data(cache_dir: Path | None = None) -> LanguageData:
    """The data for this process, read once and shared (it never changes while it runs)."""
    key = importlib.metadata.version("pypinyin")
    cache = (cache_dir or Path(tempfile.gettempdir())) / f"quick_replies-language-{FORMAT}-{key}"
    return _shared(cache.with_suffix(".marshal"))


@lru_cache(maxsize=2)
def _shared(cache: Path) -> LanguageData:
    return read_language_data(cache)


def read_language_data(cache: Path) -> LanguageData:
    """The data from ``cache``, built with pypinyin (and written to ``cache``) when the file
    is missing or unreadable."""
    try:
        syllables = marshal.loads(cache.read_bytes())
        if not isinstance(syllables, dict):
            raise ValueError("not a table")
    except (OSError, EOFError, ValueError, TypeError):
        syllables = _syllables()
        _write(cache, marshal.dumps(syllables))
    return LanguageData(syllables)


def _syllables() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    return {chr(code): lazy_pinyin(chr(code))[0] for code in CJK}


def _write(path: Path, data: bytes) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # readable by other users of the machine
        os.replace(temporary, path)
    except OSError as exc:
        log_.warning("language data cache not written to %s: %s", path, exc)
