"""group_by(): the builders that finish a grouping with agg() or a shorthand such as sum()."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, Sequence

from floe import _floe
from floe.config import Config
from floe.datatypes import _dtype_name, _from_engine
from floe.exceptions import InvalidOperationError, OutOfBoundsError
from floe.expr import Expr, _combine, _exprs, _names, col, lit
from floe.frame import DataFrame  # noqa: F401
from floe.lazy_frame import LazyFrame


class LazyGroupBy:
    """``LazyFrame.group_by(...)``: call ``agg`` (or a shorthand such as ``sum``) to finish.

    >>> import floe as fl
    >>> lf = fl.LazyFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
    >>> lf.group_by("k", maintain_order=True).agg(fl.col("v").sum()).collect().rows()
    [('a', 4), ('b', 2)]
    """

    def __init__(self, lf: LazyFrame, keys: list, maintain_order: bool):
        self._lf = lf
        self._keys = keys
        self._maintain_order = maintain_order

    def agg(self, *aggs, **named_aggs) -> LazyFrame:
        """One row per group with the given aggregations.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"k": [1, 1, 2], "v": [1.0, 3.0, 5.0]})
        >>> lf.group_by("k", maintain_order=True).agg(fl.col("v").mean(), n=fl.len()).collect().rows()
        [(1, 2.0, 2), (2, 5.0, 1)]
        """
        return LazyFrame._wrap(self._lf._lf.group_by_agg(self._keys, _exprs(aggs, named_aggs), self._maintain_order))

    def len(self, name: str | None = None) -> LazyFrame:
        """Rows per group (column "len", or ``name``).

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1, 2]}).group_by("k", maintain_order=True).len().collect().rows()
        [(1, 2), (2, 1)]
        """
        from floe.expr import len as _len

        return self.agg(_len().alias(name) if name else _len())

    def _all(self, method: str) -> LazyFrame:
        from floe.expr import all as _all

        keys = self._lf.select(*[Expr(k) for k in self._keys]).collect_schema().names()
        return self.agg(getattr(_all().exclude(*keys), method)())

    def sum(self) -> LazyFrame:
        """Sum of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").sum().collect().rows()
        [(1, 5)]
        """
        return self._all("sum")

    def mean(self) -> LazyFrame:
        """Mean of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").mean().collect().rows()
        [(1, 2.5)]
        """
        return self._all("mean")

    def min(self) -> LazyFrame:
        """Minimum of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").min().collect().rows()
        [(1, 2)]
        """
        return self._all("min")

    def max(self) -> LazyFrame:
        """Maximum of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").max().collect().rows()
        [(1, 3)]
        """
        return self._all("max")

    def first(self) -> LazyFrame:
        """First value of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").first().collect().rows()
        [(1, 2)]
        """
        return self._all("first")

    def last(self) -> LazyFrame:
        """Last value of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").last().collect().rows()
        [(1, 3)]
        """
        return self._all("last")

    def count(self) -> LazyFrame:
        """Non-null values of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1], "v": [2, None]}).group_by("k").count().collect().rows()
        [(1, 1)]
        """
        return self._all("count")

    def n_unique(self) -> LazyFrame:
        """Distinct values of every non-key column per group.

        >>> import floe as fl
        >>> fl.LazyFrame({"k": [1, 1, 1], "v": [2, 2, 3]}).group_by("k").n_unique().collect().rows()
        [(1, 2)]
        """
        return self._all("n_unique")


class GroupBy:
    """``DataFrame.group_by(...)``: the eager form of LazyGroupBy.

    >>> import floe as fl
    >>> fl.DataFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").sum().rows()
    [(1, 5)]
    """

    def __init__(self, lazy: LazyGroupBy):
        self._lazy = lazy

    def agg(self, *aggs, **named_aggs) -> "DataFrame":
        """One row per group with the given aggregations.

        >>> import floe as fl
        >>> fl.DataFrame({"k": [1, 1], "v": [2, 3]}).group_by("k").agg(fl.col("v").max()).rows()
        [(1, 3)]
        """
        return self._lazy.agg(*aggs, **named_aggs).collect()

    def __getattr__(self, name):
        method = getattr(self._lazy, name)
        return lambda *a, **k: method(*a, **k).collect()
