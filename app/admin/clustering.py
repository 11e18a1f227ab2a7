"""Group similar shopper messages: jieba tokens compared with RapidFuzz, no external service.

Messages are first reduced to their normalised tokens (``tokenise``: the matcher's own
normaliser, so fillers, typos and synonyms are already folded), identical forms are
counted once, then an average-linkage clustering runs from the most frequent form down: a
form joins the group whose forms it resembles most on average (score >= ``threshold``),
else starts a new group. Average rather than nearest-member linkage keeps short questions
that share only a product name (芒果甜不甜 / 车厘子核大不大) from chaining together.
The scorers are a parameter, as in RapidFuzz, so they can be swapped and measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

Tokenise = Callable[[str], Sequence[str]]
Scorer = Callable[..., float]


def bigram_dice(left: str, right: str, **_: object) -> float:
    """Shared character pairs (Dice, 0-100): for Chinese a pair is roughly a word, and
    unlike RapidFuzz's ratios it gives nothing for a lone shared character (能, 吗)."""
    a, b = _bigrams(left), _bigrams(right)
    return 200.0 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _bigrams(text: str) -> set[str]:
    text = text.replace(" ", "")
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


# Averaged: character pairs, word overlap (order-free) and character order. Each alone
# fails somewhere: ``token_set_ratio`` calls any text containing the other identical (运费
# vs 运费 多少 钱 到 新疆); ``ratio`` rewards shared filler characters; pairs miss 专票/专用发票.
SCORERS: tuple[Scorer, ...] = (bigram_dice, fuzz.token_set_ratio, fuzz.ratio)


def similarities(form: str, seen: Sequence[str], scorers: Sequence[Scorer]) -> list[float]:
    """The mean of ``scorers`` between ``form`` and each of ``seen`` (RapidFuzz in C)."""
    totals = [0.0] * len(seen)
    for scorer in scorers:
        for _, score, index in process.extract(form, seen, scorer=scorer, limit=None):
            totals[index] += score
    return [total / len(scorers) for total in totals]


@dataclass(slots=True)
class Group:
    label: str  # the most frequent message of the group
    count: int = 0
    texts: Counter[str] = field(default_factory=Counter)  # original text → occurrences
    refs: list[object] = field(default_factory=list)  # whatever the caller attached

    def examples(self, limit: int) -> list[str]:
        return [text for text, _ in self.texts.most_common(limit)]


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    ref: object = None  # e.g. (conversation id, seq) for a link back


def cluster(
    messages: Sequence[Message],
    tokenise: Tokenise,
    *,
    threshold: float = 40.0,
    scorers: Sequence[Scorer] = SCORERS,
) -> list[Group]:
    """Groups of similar messages, largest first (ties: the label in text order)."""
    forms: dict[str, Group] = {}
    for message in messages:
        tokens = [token for token in tokenise(message.text) if token.strip()]
        if not tokens:
            continue
        group = forms.setdefault(" ".join(tokens), Group(label=message.text))
        group.count += 1
        group.texts[message.text] += 1
        group.refs.append(message.ref)
    seen: list[str] = []
    group_of: list[int] = []  # the group of each seen form
    groups: list[Group] = []
    for form, members in sorted(forms.items(), key=lambda item: -item[1].count):
        index = _closest_group(similarities(form, seen, scorers), group_of, threshold)
        if index is None:
            groups.append(Group(label=members.label))
            index = len(groups) - 1
        seen.append(form)
        group_of.append(index)
        target = groups[index]
        target.count += members.count
        target.texts.update(members.texts)
        target.refs.extend(members.refs)
    for group in groups:
        group.label = group.texts.most_common(1)[0][0]
    return sorted(groups, key=lambda group: (-group.count, group.label))


def _closest_group(scores: list[float], group_of: list[int], threshold: float) -> int | None:
    """Average linkage: the group whose forms are on average most alike, if alike enough."""
    totals: dict[int, float] = {}
    sizes: dict[int, int] = {}
    for score, group in zip(scores, group_of, strict=True):
        totals[group] = totals.get(group, 0.0) + score
        sizes[group] = sizes.get(group, 0) + 1
    best = max(totals, key=lambda g: totals[g] / sizes[g], default=None)
    if best is None or totals[best] / sizes[best] < threshold:
        return None
    return best
