"""Scripts the matcher could confuse, flagged in pairs with the phrasing to change.

Two checks. ``close``: a phrasing of one script and a phrasing of another that read
almost the same once normalised (RapidFuzz ratio over the normalised text). ``stolen``: a
phrasing of one script that the live matcher answers with another script — staff wrote
it for A, shoppers typing it get B.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz, process

Normalise = Callable[[str], str]
# phrasing → (the script that answers it, score, the rule that sent it there or None)
TopScript = Callable[[str], tuple[str | None, float, str | None]]


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "close" or "stolen"
    script: str  # the script whose phrasing to change
    phrasing: str
    other_script: str
    other_phrasing: str | None
    score: float
    advice: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def close_phrasings(
    scripts: Iterable[tuple[str, list[str]]], normalise: Normalise, threshold: float
) -> list[Conflict]:
    owners: list[str] = []
    phrasings: list[str] = []
    for script_id, questions in scripts:
        for question in questions:
            owners.append(script_id)
            phrasings.append(question)
    forms = [normalise(text) for text in phrasings]
    conflicts = []
    for j, form in enumerate(forms):
        found = process.extract(
            form, forms[:j], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        for _, score, i in found:
            if owners[i] == owners[j]:
                continue
            conflicts.append(
                Conflict(
                    kind="close",
                    script=owners[j],
                    phrasing=phrasings[j],
                    other_script=owners[i],
                    other_phrasing=phrasings[i],
                    score=round(float(score), 1),
                    advice=f"reword {phrasings[j]!r} in {owners[j]} (or {phrasings[i]!r} in "
                    f"{owners[i]}): once normalised they read almost the same",
                )
            )
    return conflicts


def stolen_phrasings(scripts: Iterable[tuple[str, list[str]]], top: TopScript) -> list[Conflict]:
    conflicts = []
    for script_id, questions in scripts:
        for question in questions:
            winner, score, rule = top(question)
            if winner is not None and winner != script_id:
                why = (
                    f"rule {rule} fires and answers with {winner}"
                    if rule
                    else (f"the bot answers it with {winner}")
                )
                conflicts.append(
                    Conflict(
                        kind="stolen",
                        script=script_id,
                        phrasing=question,
                        other_script=winner,
                        other_phrasing=None,
                        score=round(score, 3),
                        advice=f"{question!r} belongs to {script_id}, but {why}: reword it, "
                        "move it to the script that should answer, or narrow the rule",
                    )
                )
    return conflicts


def find_conflicts(
    scripts: list[tuple[str, list[str]]],
    normalise: Normalise,
    top: TopScript | None,
    threshold: float,
) -> list[Conflict]:
    found = close_phrasings(scripts, normalise, threshold)
    if top is not None:
        found += stolen_phrasings(scripts, top)
    return sorted(found, key=lambda c: (c.kind != "stolen", -c.score, c.script))
