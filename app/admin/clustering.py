"""Group similar shopper messages: jieba tokens compared with RapidFuzz, no external service.

Messages are first reduced to their normalised tokens (``tokenise``: the matcher's own
normaliser, so fillers, typos and synonyms are already folded), identical forms are
counted once, then a leader clustering runs from the most frequent form down: a form joins
the group of the already grouped form it resembles most (score >= ``threshold``), else
starts a new group.
The scorer is a parameter, as in RapidFuzz, so it can be swapped and measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

Tokenise = Callable[[str], Sequence[str]]
Scorer = Callable[..., float]


def token_scorer(left: str, right: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """Similarity of two space-joined token strings: word overlap and character order.

    ``token_set_ratio`` alone calls any text that contains the other identical (运费 vs
    运费 多少 钱 到 新疆); averaging with the plain character ratio keeps long extra
    content from disappearing.
    """
    words = fuzz.token_set_ratio(left, right)
    chars = fuzz.ratio(left.replace(" ", ""), right.replace(" ", ""))
    score = (words + chars) / 2
    return score if score_cutoff is None or score >= score_cutoff else 0.0


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
    threshold: float = 70.0,
    scorer: Scorer = token_scorer,
) -> list[Group]:
    """Groups of similar messages, largest first (ties: the label in text order)."""
    forms: dict[str, Group] = {}
    for message in messages:
        tokens = [token for token in tokenise(message.text) if token.strip()]
        if not tokens:
            continue
        form = " ".join(tokens)
        group = forms.setdefault(form, Group(label=message.text))
        group.count += 1
        group.texts[message.text] += 1
        group.refs.append(message.ref)
    seen_forms: list[str] = []
    group_of: list[int] = []  # the group of each seen form
    groups: list[Group] = []
    for form, members in sorted(forms.items(), key=lambda item: -item[1].count):
        best = process.extractOne(form, seen_forms, scorer=scorer, score_cutoff=threshold)
        if best is None:
            groups.append(Group(label=members.label))
            index = len(groups) - 1
        else:
            index = group_of[best[2]]
        seen_forms.append(form)
        group_of.append(index)
        target = groups[index]
        target.count += members.count
        target.texts.update(members.texts)
        target.refs.extend(members.refs)
    for group in groups:
        group.label = group.texts.most_common(1)[0][0]
    return sorted(groups, key=lambda group: (-group.count, group.label))
