"""Language data the matcher needs, read from one compact cache file.

- jieba's dictionary (``jieba/dict.txt``: word, frequency), grouped by first character: each
  group is a marshalled ``{word or prefix: log frequency, or None for a mere prefix}``,
  unpacked on first use (``WordTables``);
- the toneless pinyin of every CJK character (``pypinyin.lazy_pinyin``).

Building the file parses the dictionary and asks pypinyin once (about 2 s, on the first
start on a machine, like jieba's own cache); afterwards a start reads it in milliseconds and
imports neither jieba nor pypinyin. The file sits in the temporary directory, named after the
dictionary's size and time and the pypinyin version, and is replaced atomically; if it cannot
be written the data is simply rebuilt at the next start.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from math import log
from pathlib import Path

Table = dict[str, float | None]
FORMAT = 1  # bump when the layout of the file changes
CJK = range(0x3400, 0x9FFF + 1)
log_ = logging.getLogger(__name__)


class WordTables:
    """jieba's dictionary by first character; a group is unpacked the first time it is read."""

    def __init__(self, packed: dict[str, bytes], total: int) -> None:
        self._packed = packed
        self._tables: dict[str, Table] = {}
        self.total = total  # sum of all frequencies, as jieba's ``Tokenizer.total``

    def table(self, char: str) -> Table:
        table = self._tables.get(char)
        if table is None:
            packed = self._packed.get(char)
            table = marshal.loads(packed) if packed else {}
            self._tables[char] = table
        return table


@dataclass(frozen=True, slots=True)
class LanguageData:
    words: WordTables
    syllables: dict[str, str]  # CJK character → toneless pinyin


def load_language_data(cache_dir: Path | None = None) -> LanguageData:
    """The data for this process, read once and shared (it never changes while it runs)."""
    dictionary = jieba_dictionary()
    stat = dictionary.stat()
    key = f"{stat.st_size}-{int(stat.st_mtime)}-{importlib.metadata.version('pypinyin')}"
    cache = (cache_dir or Path(tempfile.gettempdir())) / f"quick_replies-language-{FORMAT}-{key}"
    return _shared(cache.with_suffix(".marshal"), dictionary)


@lru_cache(maxsize=2)
def _shared(cache: Path, dictionary: Path) -> LanguageData:
    return read_language_data(cache, dictionary)


def read_language_data(cache: Path, dictionary: Path) -> LanguageData:
    """The data from ``cache``, built from ``dictionary`` and pypinyin (and written to
    ``cache``) when the file is missing or unreadable."""
    try:
        packed, total, syllables = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        packed, total = _pack_dictionary(dictionary)
        syllables = _syllables()
        _write(cache, marshal.dumps((packed, total, syllables)))
    return LanguageData(WordTables(packed, total), syllables)


def jieba_dictionary() -> Path:
    """jieba's dict.txt, found without importing jieba (its import alone costs ~0.15 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _pack_dictionary(path: Path) -> tuple[dict[str, bytes], int]:
    """The same words, prefixes and total as ``jieba.Tokenizer.gen_pfdict``."""
    frequencies: dict[str, int] = {}
    total = 0
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        line = raw.strip().decode("utf-8")
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) < 2 or not parts[1].isdigit():
            raise ValueError(f"{path}:{number}: invalid dictionary entry {line!r}")
        word, freq = parts[0], int(parts[1])
        frequencies[word] = freq
        total += freq
        for end in range(1, len(word)):
            frequencies.setdefault(word[:end], 0)
    groups: dict[str, Table] = {}
    for word, freq in frequencies.items():
        groups.setdefault(word[0], {})[word] = log(freq) if freq else None
    return {char: marshal.dumps(table) for char, table in groups.items()}, total


def _syllables() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    return {chr(code): lazy_pinyin(chr(code))[0] for code in CJK}


def _write(path: Path, data: bytes) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # readable by other users of the machine, as jieba's cache
        os.replace(temporary, path)
    except OSError as exc:
        log_.warning("language data cache not written to %s: %s", path, exc)
