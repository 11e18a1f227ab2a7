"""The shop-data error family: one exception that names the file and the field."""

from __future__ import annotations


class ShopDataError(ValueError):
    """A shop data file is missing, unreadable or holds a value the loader cannot use.

    ``str(error)`` reads ``catalog.yaml: products[3].price: expected a number, got '贵'``.
    """

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")
