"""Aggregate shorthands: ``fl.sum("a")`` is ``fl.col("a").sum()``, and so on."""

from __future__ import annotations

from floe.expr import Expr, col


def sum(*names: str) -> Expr:  # noqa: A001
    """``col(names).sum()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.sum("a")).item()
    3
    """
    return col(*names).sum()


def min(*names: str) -> Expr:  # noqa: A001
    """``col(names).min()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.min("a")).item()
    1
    """
    return col(*names).min()


def max(*names: str) -> Expr:  # noqa: A001
    """``col(names).max()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.max("a")).item()
    2
    """
    return col(*names).max()


def mean(*columns: str) -> Expr:
    """``col(names).mean()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.mean("a")).item()
    1.5
    """
    return col(*columns).mean()


def median(*columns: str) -> Expr:
    """``col(names).median()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2, 9]}).select(fl.median("a")).item()
    2.0
    """
    return col(*columns).median()


def count(*columns: str) -> Expr:
    """``col(names).count()``: non-null values.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, None]}).select(fl.count("a")).item()
    1
    """
    return col(*columns).count()


def n_unique(*columns: str) -> Expr:
    """``col(names).n_unique()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 1, 2]}).select(fl.n_unique("a")).item()
    2
    """
    return col(*columns).n_unique()


def first(*columns: str) -> Expr:
    """``col(names).first()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [7, 8]}).select(fl.first("a")).item()
    7
    """
    return col(*columns).first()


def last(*columns: str) -> Expr:
    """``col(names).last()``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [7, 8]}).select(fl.last("a")).item()
    8
    """
    return col(*columns).last()


def std(column: str, ddof: int = 1) -> Expr:
    """``col(column).std(ddof)``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 3]}).select(fl.std("a", ddof=0)).item()
    1.0
    """
    return col(column).std(ddof)


def var(column: str, ddof: int = 1) -> Expr:
    """``col(column).var(ddof)``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 3]}).select(fl.var("a", ddof=0)).item()
    1.0
    """
    return col(column).var(ddof)


def quantile(column: str, quantile: float, interpolation: str = "nearest") -> Expr:
    """``col(column).quantile(quantile, interpolation)``.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2, 3]}).select(fl.quantile("a", 1.0)).item()
    3.0
    """
    return col(column).quantile(quantile, interpolation)
