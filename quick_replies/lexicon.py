"""The lexicon staff edit: user dictionary, synonyms, fillers, homophones, placeholders,
endings of a clause that puts a matter aside (settled), beginnings of one that says what is
not meant (dismissed), beginnings of one that goes on with the clause before (continued),
clauses that settle the one before (settles_last: 已经处理好了, 这个没问题; pointing: the
words that may come before them, 已经, 这个), what marks a clause as someone else's dispute
(elsewhere: 别家, 朋友, 新闻; disputes: 投诉, 12315, 人工), senders of a notice a shopper pastes
(pasted) and a chat window's field labels.

Every file is optional (an empty table when missing), so the matcher works before the
content is written; a file that is present is validated and errors name file and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quick_replies.errors import LibraryError
from quick_replies.yaml_source import YamlSource, read_yaml


@dataclass(frozen=True, slots=True)
class Lexicon:
    userdict: tuple[tuple[str, int | None, str | None], ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)  # variant → canonical
    fillers: frozenset[str] = frozenset()
    homophones: dict[str, str] = field(default_factory=dict)  # typo → intended
    placeholders: dict[str, str] = field(default_factory=dict)  # "[订单x]" → "order_no"
    settled: tuple[str, ...] = ()  # 不急, 处理好了: a clause ending so is background
    dismissed: tuple[str, ...] = ()  # 不是问, 你发的是: a clause beginning so is not the ask
    continued: tuple[str, ...] = ()  # 但是, 就是: a short clause beginning so leans on the last
    settles_last: tuple[str, ...] = ()  # 处理好了: a clause of only this settles the last
    pointing: tuple[str, ...] = ()  # 这个, 已经: words that may come before settles_last
    elsewhere: tuple[str, ...] = ()  # 别家, 朋友, 新闻: another shop, person, or the news
    disputes: tuple[str, ...] = ()  # 投诉, 人工: with elsewhere, a clause of another's dispute
    pasted: tuple[str, ...] = ()  # 京东, 顺丰: 【京东】您的订单已签收 is a pasted notice
    form_fields: tuple[str, ...] = ()  # 订单金额: before a placeholder, a chat window's label

    @property
    def words(self) -> set[str]:
        """Words the segmenter must keep whole (so synonyms and fillers map token by token)."""
        return (
            {word for word, _, _ in self.userdict}
            | set(self.synonyms)
            | set(self.synonyms.values())
            | set(self.homophones.values())
            | set(self.fillers)
        )


def load_lexicon(directory: Path) -> Lexicon:
    problems: list[str] = []
    sources = {
        name: _read_optional(directory / f"{name}.yaml", f"lexicon/{name}.yaml", problems)
        for name in ("synonyms", "fillers", "homophones", "placeholders", "settled", "form_fields")
    }
    lexicon = Lexicon(
        userdict=_read_userdict(directory / "userdict.txt", problems),
        synonyms=_synonyms(sources["synonyms"]),
        fillers=frozenset(_word_list(sources["fillers"])),
        homophones=_string_map(sources["homophones"]),
        placeholders=_string_map(sources["placeholders"]),
        settled=tuple(_named_list(sources["settled"], "settled")),
        dismissed=tuple(_named_list(sources["settled"], "dismissed", required=False)),
        continued=tuple(_named_list(sources["settled"], "continued", required=False)),
        pasted=tuple(_named_list(sources["settled"], "pasted", required=False)),
        settles_last=tuple(_named_list(sources["settled"], "settles_last", required=False)),
        pointing=tuple(_named_list(sources["settled"], "pointing", required=False)),
        elsewhere=tuple(_named_list(sources["settled"], "elsewhere", required=False)),
        disputes=tuple(_named_list(sources["settled"], "disputes", required=False)),
        form_fields=tuple(_word_list(sources["form_fields"])),
    )
    _only_lists(
        sources["settled"],
        (
            "settled",
            "dismissed",
            "continued",
            "pasted",
            "settles_last",
            "pointing",
            "elsewhere",
            "disputes",
        ),
    )
    for source in sources.values():
        if source is not None:
            problems.extend(source.problems)
    if problems:
        raise LibraryError(problems)
    return lexicon


def _read_optional(path: Path, label: str, problems: list[str]) -> YamlSource | None:
    if not path.exists():
        return None
    try:
        return read_yaml(path, label)
    except LibraryError as exc:
        problems.extend(exc.problems)
        return None


def _read_userdict(
    path: Path, problems: list[str]
) -> tuple[tuple[str, int | None, str | None], ...]:
    if not path.exists():
        return ()
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.strip().split()
        if not parts or parts[0].startswith("#"):
            continue
        freq: int | None = None
        tag: str | None = None
        for extra in parts[1:3]:
            if extra.isdigit():
                freq = int(extra)
            else:
                tag = extra
        if len(parts) > 3:
            problems.append(f"lexicon/userdict.txt:{number}: expected 'word [freq] [tag]'")
            continue
        entries.append((parts[0].lower(), freq, tag))
    return tuple(entries)


def _mapping(source: YamlSource | None) -> dict[str, Any]:
    if source is None or source.data is None:
        return {}
    if not isinstance(source.data, dict):
        source.problem((), "expected a mapping")
        return {}
    return source.data


def _synonyms(source: YamlSource | None) -> dict[str, str]:
    variants: dict[str, str] = {}
    for canonical, words in _mapping(source).items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            assert source is not None
            source.problem((str(canonical),), "expected a list of variants")
            continue
        for word in words:
            variants[str(word).lower()] = str(canonical).lower()
    return variants


def _word_list(source: YamlSource | None) -> list[str]:
    if source is None or source.data is None:
        return []
    data = source.data
    if isinstance(data, dict):  # {fillers: [...]} or several named lists
        data = [word for value in data.values() if isinstance(value, list) for word in value]
    if not isinstance(data, list):
        source.problem((), "expected a list of words")
        return []
    return [str(word).lower() for word in data]


def _named_list(source: YamlSource | None, name: str, *, required: bool = True) -> list[str]:
    """The list ``name`` of a file of named lists; a bare list is the ``required`` one."""
    if source is None or source.data is None:
        return []
    path: tuple[str, ...] = ()
    data = source.data
    if isinstance(data, dict):
        data, path = data.get(name) or [], (name,)
    elif not required:
        return []
    if not isinstance(data, list):
        source.problem(path, "expected a list of words")
        return []
    return [str(word).lower() for word in data]


def _only_lists(source: YamlSource | None, names: tuple[str, ...]) -> None:
    """A file of named lists names no other list (a misspelt name would be ignored)."""
    if source is not None and isinstance(source.data, dict):
        for key in source.data:
            if key not in names:
                source.problem((str(key),), f"unknown list (known: {', '.join(names)})")


def _string_map(source: YamlSource | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in _mapping(source).items():
        if isinstance(value, dict):  # {"[订单x]": {slot: order_no}}
            value = value.get("slot") or value.get("to")
        if not isinstance(value, str | int) or not str(value):
            assert source is not None
            source.problem((str(key),), "expected a non-empty text value")
            continue
        result[str(key).lower()] = str(value).lower()
    return result
