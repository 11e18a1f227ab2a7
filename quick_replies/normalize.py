"""Shopper text → the canonical form scripts are indexed and matched in.

Built once from the lexicon; ``normalise`` is the per-message hot path and does only
table look-ups, one segmenter call and set operations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import ahocorasick  # type: ignore[import-not-found]
from opencc import OpenCC

from quick_replies.language_data import LanguageData, load_language_data
from quick_replies.lexicon import Lexicon, load_lexicon
from quick_replies.segment import Segmenter

# Placeholder markers live in Unicode's private use area: one character per slot kind,
# untouched by punctuation removal and cut as a word of its own.
MARKER_BASE = 0xE000
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_ANY_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")  # a search is cheaper than translate
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NOT_KEPT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\ue000-\ue0ff\n]+")
_TURNING = re.compile("你们|我想|想问|我就想|能不能")
_SENTENCE_END = re.compile("[。！？!?；;…\n]+")  # cut as "\n", other punctuation as " "
_INDEX = re.compile(r"\d{1,3}\]$")  # [订单12] → [订单x]
_LATIN = re.compile(r"[0-9a-z]+")
# The character before an ending that says the matter is not done (还没处理好了, 昨天就该到了).
_NOT_DONE = frozenset("没未不还该快要")
# Words that only report an ending or ask about it (电子发票说是已经开好了, 显示已签收, 是不是已经
# 签收了, and 说 right before it: 退款说到账了): not settled. 上回说的补偿已经到账了 is.
_REPORTED = ("说是", "显示", "是不是")
_SAID_BEFORE = re.compile("说(已经|已|都)?$")
# Characters after 但是 / 就是 up to which a clause still leans on the one before (但是少了20).
_SHORT_CONTINUATION = 5
# An ending this long names its matter itself (换货不用了, 不需要开发票了): it needs no topic.
_NAMING_ENDING = 5
# Five or more digits read out one by one (一二三一五, 幺三八…): a number dictated by voice.
_SPELLED_DIGITS = re.compile("[零〇一二三四五六七八九幺]{5,}")
_DIGIT_OF = str.maketrans("零〇一二三四五六七八九幺", "001234567891")


@dataclass(frozen=True, slots=True)
class Normalised:
    original: str
    clean: str  # half-width, simplified, lower case, typos fixed, placeholders as markers
    tokens: tuple[str, ...]  # segmented, fillers dropped, synonyms mapped
    text: str  # the tokens joined: what scripts are scored against


class Normaliser:
    def __init__(self, lexicon: Lexicon, language: LanguageData) -> None:
        self.lexicon = lexicon
        self.language = language
        self._t2s = OpenCC("t2s")
        self._traditional = TraditionalCharacters(_traditional_characters(self._t2s))
        kinds = sorted(set(lexicon.placeholders.values()))
        self.markers = {kind: chr(MARKER_BASE + index) for index, kind in enumerate(kinds)}
        self.marker_kinds = {marker: kind for kind, marker in self.markers.items()}
        self._markers_in = re.compile(f"[{chr(MARKER_BASE)}-{chr(MARKER_BASE + 63)}]")
        self._placeholders = {
            text: self.markers[kind] for text, kind in lexicon.placeholders.items()
        }
        self._placeholder_pattern = _alternation(self._placeholders, _numbered)
        self._placeholder_starts = frozenset(text[0] for text in lexicon.placeholders if text)
        self._homophone_pattern = _alternation(lexicon.homophones)
        # The alternation replaces; the automaton tells, several times faster, whether any
        # homophone is there at all (most messages hold none)
        self._homophones_in = _any_of(lexicon.homophones) or (lambda text: False)
        self._segmenter = Segmenter(segmenter_words(lexicon))
        # The aside words as a clause reads once segmented (OK了 → 好的了: ok is a synonym)
        self._settled = self._as_said(lexicon.settled)
        self._dismissed = self._as_said(lexicon.dismissed)
        settles_last = self._as_said(lexicon.settles_last)
        elsewhere = self._as_said(lexicon.elsewhere)
        self._elsewhere_in = _any_of(elsewhere)
        self._disputes_in = _any_of(self._as_said(lexicon.disputes))
        aside = self._settled + self._dismissed + settles_last + elsewhere
        # A cheap first test on the cleaned text, before any clause is read: each aside
        # word as said and as it may be typed (好的了 as ok了)
        self._settled_in = _any_of(_typed_forms(aside, lexicon.synonyms))
        self._settles_last = _settling_last(self._as_said(lexicon.pointing), settles_last)
        self._form_fields = _field_labels(lexicon.form_fields, self._markers_in.pattern)
        self._notices = _pasted_notices(lexicon.pasted, self._markers_in.pattern)

    def clean(self, text: str) -> str:
        """Character-level normalisation, kept for slot extraction (digits, punctuation)."""
        if _ANY_FULL_WIDTH.search(text):
            text = text.translate(_FULL_WIDTH)
        if self._traditional.found_in(text):
            text = self._t2s.convert(text)
        text = text.lower()
        text = _SPELLED_DIGITS.sub(_spelled_digits, text)
        if self._placeholder_pattern is not None and self._may_hold_placeholder(text):
            text = self._placeholder_pattern.sub(self._marker_of, text)
        if self._homophone_pattern is not None and self._homophones_in(text):
            homophones = self.lexicon.homophones
            text = self._homophone_pattern.sub(lambda m: homophones[m[0]], text)
        return text

    def _may_hold_placeholder(self, text: str) -> bool:
        return any(start in text for start in self._placeholder_starts)

    def _marker_of(self, found: re.Match[str]) -> str:
        text = found[0]
        return self._placeholders.get(text) or self._placeholders[_INDEX.sub("x]", text)]

    def normalise(self, text: str) -> Normalised:
        clean = self.clean(text)
        kept = self._without_fillers(self._words(clean))
        synonyms = self.lexicon.synonyms
        tokens = tuple(synonyms.get(w, w) for w in kept)
        return Normalised(original=text, clean=clean, tokens=tokens, text="".join(tokens))

    def dropped_fillers(self, text: str) -> list[str]:
        """The filler words ``normalise`` drops from ``text`` (none when it is all fillers)."""
        words = self._words(self.clean(text))
        if self._without_fillers(words) is words:
            return []
        return [w for w in words if w in self.lexicon.fillers]

    def _without_fillers(self, words: list[str]) -> list[str]:
        """``words`` less the filler words; all of them when nothing else is left (你好)."""
        return [w for w in words if w not in self.lexicon.fillers] or words

    def _words(self, clean: str) -> list[str]:
        """The segmented words of ``clean``, less the clauses that only put something aside
        (发票不急, 换货的事处理好了, 不是问运费) when another clause says what is wanted."""
        if self._form_fields is not None and self._markers_in.search(clean):
            clean = self._form_fields.sub(" ", clean)
        if self._notices is not None and "【" in clean:
            clean, words = self._without_notices(clean)
        else:
            words = self._cut(clean)
        if self._settled_in is None or not self._settled_in(clean):
            return [word for word in words if not word.isspace()]
        sentences = _sentences(words)
        clauses = [clause for sentence in sentences for clause in sentence]
        aside = self._asides(sentences)
        wanted = [clause for clause, put_aside in zip(clauses, aside, strict=True) if not put_aside]
        fillers = self.lexicon.fillers
        if len(wanted) < len(clauses) and any(w not in fillers for c in wanted for w in c):
            clauses = wanted
        return [word for clause in clauses for word in clause]

    def _asides(self, sentences: list[list[list[str]]]) -> list[bool]:
        """Which clauses only put a matter aside. A settled clause that names nothing of its
        own (已经处理好了, 这个没问题) speaks of what came before it, which goes aside with it,
        when another clause follows with what is wanted (之前投诉过物流 已经处理好了 想问…).
        So does a clause, or a sentence before the last, that tells of another shop's or
        person's dispute (我同事投诉过别家; 在别家退款拖了一个月，投诉才给退。)."""
        clauses = [clause for sentence in sentences for clause in sentence]
        afters = [*clauses[1:], []]
        aside = [
            (self._is_aside(clause) or (bool(after) and self._tells_elsewhere(clause)))
            and not self._leans_on_last(after)
            for clause, after in zip(clauses, afters, strict=True)
        ]
        begins = [start for start, sentence in _starts(sentences) for _ in sentence]
        for at in range(1, len(clauses) - 1):
            if self._points_back(clauses[at]) and not self._leans_on_last(afters[at]):
                # back to its sentence's start, or over the sentence before when it starts one
                since = begins[at] if begins[at] < at else begins[at - 1]
                aside[since : at + 1] = [True] * (at + 1 - since)
        for start, sentence in _starts(sentences[:-1]):  # in the last, only a clause (above)
            span = self._elsewhere_span(sentence)
            if span is not None:
                aside[start + span.start : start + span.stop] = [True] * len(span)
        return aside

    def _elsewhere_span(self, sentence: list[list[str]]) -> range | None:
        """The clauses of ``sentence`` that tell of another's dispute: from the first that
        names another shop, person or the news to the last with a dispute word, unless one
        between turns to the shopper's own matter (我就想问问你们：能不能安排人工)."""
        if self._elsewhere_in is None or self._disputes_in is None:
            return None
        said = [self._said(clause) for clause in sentence]
        first = next((at for at, text in enumerate(said) if self._elsewhere_in(text)), None)
        if first is None:
            return None
        last = max((at for at, text in enumerate(said) if self._disputes_in(text)), default=-1)
        if last < first or any(_TURNING.search(text) for text in said[first + 1 : last + 1]):
            return None
        return range(first, last + 1)

    def _without_notices(self, clean: str) -> tuple[str, list[str]]:
        """``clean`` less the notices pasted into it (【京东】您的订单已签收 up to the first
        break), and its words: the shopper's own words say what is wanted. Kept whole when
        nothing else is said."""
        assert self._notices is not None
        rest = self._notices.sub(" ", clean)
        words = self._cut(rest)
        if any(not w.isspace() and w not in self.lexicon.fillers for w in words):
            return rest, words
        return clean, self._cut(clean)

    def _cut(self, text: str) -> list[str]:
        """Segmented words, with a space where punctuation or emoji stood."""
        return self._segmenter.cut(_NOT_KEPT.sub(" ", _SENTENCE_END.sub("\n", text)))

    def _is_aside(self, clause: list[str]) -> bool:
        said = self._said(clause)
        if said.startswith(self._dismissed):  # False for an empty tuple
            return True
        endings = self._settled
        if not said.endswith(endings):
            return False
        for ending in endings:  # 发票不急, not 我不急 (no topic) or 还没处理好了
            topic = said[: -len(ending)]
            named = len(topic) >= 2 or len(ending) >= _NAMING_ENDING
            if said.endswith(ending) and named and (not topic or topic[-1] not in _NOT_DONE):
                reported = any(word in topic for word in _REPORTED)
                return not reported and _SAID_BEFORE.search(topic) is None
        return False

    def _tells_elsewhere(self, clause: list[str]) -> bool:
        """The clause tells of a dispute of another shop, another person or the news
        (同事投诉过一家店, 看新闻说12315…): background to what the shopper asks."""
        if self._elsewhere_in is None or self._disputes_in is None:
            return False
        said = self._said(clause)
        return self._elsewhere_in(said) and self._disputes_in(said)

    def _points_back(self, clause: list[str]) -> bool:
        """The clause only says that the matter before is done (已经处理好了, 这个没问题)."""
        return self._settles_last is not None and bool(
            self._settles_last.fullmatch(self._said(clause))
        )

    def _said(self, words: list[str]) -> str:
        """What ``words`` say: fillers dropped, synonyms mapped, joined."""
        synonyms, fillers = self.lexicon.synonyms, self.lexicon.fillers
        return "".join([synonyms.get(w, w) for w in words if w not in fillers])

    def _as_said(self, phrases: tuple[str, ...]) -> tuple[str, ...]:
        """``phrases`` as ``_said`` reads them in a message, in order, once each."""
        said = (self._said(self._cut(self.clean(phrase))).replace(" ", "") for phrase in phrases)
        return tuple(dict.fromkeys(phrase for phrase in said if phrase))

    def _leans_on_last(self, clause: list[str]) -> bool:
        """``clause`` goes on with the one before and says little of its own (退款收到了
        *但是少了*): the clause before is what it speaks of, so that one is kept."""
        said = "".join(w for w in clause if w not in self.lexicon.fillers)
        for start in self.lexicon.continued:
            if said.startswith(start) and len(said) - len(start) <= _SHORT_CONTINUATION:
                return True
        return False

    def readable(self, text: str) -> str:
        """``text`` with markers spelled out (``<order_no>``), for explanations."""
        if self._markers_in.search(text) is None:
            return text
        for marker, kind in self.marker_kinds.items():
            text = text.replace(marker, f"<{kind}>")
        return text


def _field_labels(labels: tuple[str, ...], marker: str) -> re.Pattern[str] | None:
    """The labels a chat window puts before a filled-in field (咨询订单号:[订单x] 订单金额:[金额x]):
    noise for matching, and 金额 or 下单 in them would read as the shopper's own words."""
    words = _alternation(labels)
    if words is None:
        return None
    return re.compile(f"(?:{words.pattern})\\s*[:：]?\\s*(?={marker})")


def _pasted_notices(senders: Collection[str], marker: str) -> re.Pattern[str] | None:
    """A notice's 【sender】 header (a listed sender or a placeholder such as 【[站点1]】) and
    its text up to the first space or punctuation."""
    if not senders:
        return None
    names = "|".join(map(re.escape, sorted(senders, key=len, reverse=True)))
    return re.compile(f"【[^】]{{0,8}}(?:{names}|{marker})[^】]{{0,8}}】[^\\s,.!?;:。、~]*")


def _any_of(words: Collection[str]) -> Callable[[str], bool] | None:
    """Whether a text holds one of ``words``: one pass of an Aho-Corasick automaton (in C),
    where ``re`` would try each of several hundred alternatives at every character."""
    if not words:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH, ahocorasick.KEY_STRING)
    for word in sorted(words):
        automaton.add_word(word)
    automaton.make_automaton()
    return lambda text: next(automaton.iter(text), None) is not None


def _typed_forms(said: tuple[str, ...], synonyms: dict[str, str]) -> set[str]:
    """Phrases as said (synonyms mapped) and as typed: each canonical word in a phrase
    replaced by each of its variants, one word at a time."""
    variants: dict[str, list[str]] = {}
    for variant, canonical in synonyms.items():
        variants.setdefault(canonical, []).append(variant)
    forms = set(said)
    for phrase in said:
        for canonical, typed in variants.items():
            if canonical in phrase:
                forms.update(phrase.replace(canonical, variant) for variant in typed)
    return forms


def _settling_last(pointing: Collection[str], endings: Collection[str]) -> re.Pattern[str] | None:
    """A clause of pointing words (已经, 这个) and an ending that settles the clause before."""
    settled = _alternation(endings)
    if settled is None:
        return None
    pointers = _alternation(pointing)
    before = f"(?:{pointers.pattern})*" if pointers is not None else ""
    return re.compile(f"{before}(?:{settled.pattern})")


def _starts(sentences: list[list[list[str]]]) -> list[tuple[int, list[list[str]]]]:
    """Each sentence with the index of its first clause among all the clauses."""
    found, start = [], 0
    for sentence in sentences:
        found.append((start, sentence))
        start += len(sentence)
    return found


def _sentences(words: list[str]) -> list[list[list[str]]]:
    """Segmented words as sentences (split where the shopper ended one: 。？！) of clauses
    (split where the shopper put a space or other punctuation)."""
    sentences: list[list[list[str]]] = [[[]]]
    for word in words:
        if word == "\n":
            sentences.append([[]])
        elif word.isspace():
            sentences[-1].append([])
        else:
            sentences[-1][-1].append(word)
    found = ([clause for clause in sentence if clause] for sentence in sentences)
    return [sentence for sentence in found if sentence]


def load_normaliser(lexicon_dir: Path, language: LanguageData | None = None) -> Normaliser:
    return Normaliser(load_lexicon(lexicon_dir), language or load_language_data())


def _alternation(
    words: Collection[str], pattern_of: Callable[[str], str] = re.escape
) -> re.Pattern[str] | None:
    """One pattern for every word (every key of a table), longest first."""
    if not words:
        return None
    return re.compile("|".join(map(pattern_of, sorted(words, key=len, reverse=True))))


def is_marker(char: str) -> bool:
    """Whether ``char`` is the marker a placeholder (``[订单x]``) becomes."""
    return MARKER_BASE <= ord(char) < MARKER_BASE + 64


def _numbered(placeholder: str) -> str:
    """A placeholder as exported (``[订单x]``) or numbered (``[订单1]``, ``[订单12]``)."""
    if placeholder.endswith("x]"):
        return re.escape(placeholder[:-2]) + r"(?:x|\d{1,3})\]"
    return re.escape(placeholder)


class TraditionalCharacters:
    """Whether a text holds a traditional character. A character class of the four thousand
    in the Basic Multilingual Plane is searched in C, several times faster than a set's
    ``isdisjoint`` (which makes a string of each character); the few hundred beyond it would
    turn the class into a list tried one by one, so they are looked up in a set, and only
    in a text with such characters at all (emoji, mostly)."""

    def __init__(self, chars: Collection[str]) -> None:
        basic = sorted(c for c in chars if ord(c) <= 0xFFFF)
        self._basic = re.compile(f"[{''.join(map(re.escape, basic))}]")
        self._astral = frozenset(c for c in chars if ord(c) > 0xFFFF)

    def found_in(self, text: str) -> bool:
        if self._basic.search(text) is not None:
            return True
        return _ASTRAL.search(text) is not None and not self._astral.isdisjoint(text)


def _traditional_characters(converter: OpenCC) -> frozenset[str]:
    """Characters the converter changes on their own: text without any is already simplified."""
    chars: set[str] = set()
    for _, _, table in converter.dict_cache.values():  # the package exposes no accessor
        chars.update(key for key, value in table.items() if len(key) == 1 and key != value)
    return frozenset(chars)


def segmenter_words(lexicon: Lexicon) -> list[tuple[str, int | None]]:
    """Words the segmenter must keep whole: the user dictionary, every synonym, filler and
    homophone target, and the placeholder markers. Runs of Latin letters and digits are cut
    whole anyway; as dictionary words they would split model names (``kf`` in ``kf94``)."""
    words: list[tuple[str, int | None]] = [(word, freq) for word, freq, _ in lexicon.userdict]
    listed = {word for word, _, _ in lexicon.userdict}
    added = sorted(w for w in lexicon.words - listed if len(w) > 1 and not _LATIN.fullmatch(w))
    words += [(word, None) for word in added]  # sorted: each suggested frequency depends on
    # the words added before it
    words += [(chr(marker), 1000) for marker in range(MARKER_BASE, MARKER_BASE + 64)]
    return words


def _spelled_digits(found: re.Match[str]) -> str:
    return found[0].translate(_DIGIT_OF)
