"""The order-system exception family: every adapter raises these and nothing else."""

from __future__ import annotations


class OrderSystemError(Exception):
    """Base of every order-system error."""


class OrderSystemUnavailable(OrderSystemError):
    """The order system did not answer usefully (down, slow, 5xx, garbage).

    Flows answer "订单系统暂时无法查询" and offer a human; they never guess.
    """


class OrderNotFound(OrderSystemError):
    """No such order (or, seen from a shopper, not theirs: the two are never told apart)."""


class ChangeNotAllowed(OrderSystemError):
    """The order's state forbids the change (e.g. a new phone on a shipped order)."""


class InvalidRequest(OrderSystemError):
    """The order system rejected the request's content (bad tax id, empty address ...)."""
