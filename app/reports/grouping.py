"""Group the shopper messages the bot could not answer, so the biggest gaps come first.

Messages are normalised (NFKC, lower case, no spaces or punctuation), equal forms are
counted together, then near-equal forms (rapidfuzz ratio at or above ``similarity``) join
the biggest group they resemble.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

SIMILARITY = 85
MAX_LEADERS = 500  # past this many distinct groups, rarer forms stay on their own
EXAMPLES = 3


@dataclass(slots=True)
class TextGroup:
    label: str  # the group's most frequent message, as a shopper wrote it
    count: int
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "count": self.count, "examples": self.examples}


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def group_texts(texts: Iterable[str], top: int, similarity: int = SIMILARITY) -> list[TextGroup]:
    by_form: dict[str, Counter[str]] = {}
    for text in texts:
        form = normalise(text)
        if form:
            by_form.setdefault(form, Counter())[text.strip()] += 1
    forms = sorted(by_form, key=lambda f: (-sum(by_form[f].values()), f))
    leaders: list[str] = []
    members: dict[str, list[str]] = {}
    for form in forms:
        leader = _closest(form, leaders, similarity)
        if leader is None:
            if len(leaders) < MAX_LEADERS:
                leaders.append(form)
            leader = form
        members.setdefault(leader, []).append(form)
    groups = [_group(leader, [by_form[f] for f in members[leader]]) for leader in members]
    groups.sort(key=lambda g: (-g.count, g.label))
    return groups[:top]


def _closest(form: str, leaders: list[str], similarity: int) -> str | None:
    best, best_score = None, 0.0
    for leader in leaders:
        score = fuzz.ratio(form, leader, score_cutoff=similarity)
        if score > best_score:
            best, best_score = leader, score
    return best


def _group(leader: str, counters: list[Counter[str]]) -> TextGroup:
    total: Counter[str] = Counter()
    for counter in counters:
        total.update(counter)
    ranked = [text for text, _ in total.most_common()]
    return TextGroup(label=ranked[0], count=sum(total.values()), examples=ranked[1 : 1 + EXAMPLES])


Grouper = Callable[[list[str], int], list[TextGroup]]


def simple_grouper(texts: list[str], top: int) -> list[TextGroup]:
    return group_texts(texts, top)


def clustering_grouper(tokenise: Callable[[str], Sequence[str]], threshold: float) -> Grouper:
    """Group with the staff tools' clustering (``app.admin.clustering``: the matcher's own
    tokens, so typos, synonyms and fillers are already folded), as the 未解决 tool does."""
    from app.admin.clustering import Message, cluster

    def grouper(texts: list[str], top: int) -> list[TextGroup]:
        groups = cluster([Message(text) for text in texts], tokenise, threshold=threshold)
        return [
            TextGroup(
                label=g.label,
                count=g.count,
                examples=[t for t in g.examples(EXAMPLES + 1) if t != g.label][:EXAMPLES],
            )
            for g in groups[:top]
        ]

    return grouper
