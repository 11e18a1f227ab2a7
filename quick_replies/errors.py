"""The matching domain's one exception family."""

from __future__ import annotations


class LibraryError(Exception):
    """Scripts, rules or lexicon files that cannot be loaded.

    ``problems`` lists every problem found, each naming file, line and field, e.g.
    ``library/物流.yaml:12: scripts[3].answer: empty``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
