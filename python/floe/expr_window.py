"""Order-dependent expression methods (cumulative functions, shift, diff, rank, top_k) and
``over()``: a mixin of Expr (floe/expr.py), kept apart along that seam."""

from __future__ import annotations

from typing import Any


def _wrap(native):
    """An Expr around a native expression (floe.expr imports this module, so it comes late)."""
    from floe.expr import Expr

    return Expr(native)


class WindowMethods:
    """Expr methods that see a whole column, or each group of it with ``over()``.

    >>> import floe as fl
    >>> fl.DataFrame({"g": [1, 1, 2], "x": [1, 2, 3]}).select(fl.col("x").cum_sum().over("g"))["x"].to_list()
    [1, 3, 3]
    """

    # -- order-dependent functions ---------------------------------------------------------
    def _window(self, name: str, *params) -> "Expr":
        return _wrap(self._e.window(name, list(params)))

    def cum_sum(self, *, reverse: bool = False) -> "Expr":
        """Running sum (nulls stay null and are skipped); small integers sum as Int64.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None, 3]}).select(fl.col("a").cum_sum())["a"].to_list()
        [1, None, 4]
        """
        return self._window("cum_sum", bool(reverse))

    def cum_prod(self, *, reverse: bool = False) -> "Expr":
        """Running product (nulls stay null and are skipped); integers multiply as Int64.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3]}).select(fl.col("a").cum_prod())["a"].to_list()
        [1, 2, 6]
        """
        return self._window("cum_prod", bool(reverse))

    def cum_min(self, *, reverse: bool = False) -> "Expr":
        """Running minimum (nulls stay null).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [3, 1, 2]}).select(fl.col("a").cum_min())["a"].to_list()
        [3, 1, 1]
        """
        return self._window("cum_min", bool(reverse))

    def cum_max(self, *, reverse: bool = False) -> "Expr":
        """Running maximum (nulls stay null).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 3, 2]}).select(fl.col("a").cum_max())["a"].to_list()
        [1, 3, 3]
        """
        return self._window("cum_max", bool(reverse))

    def cum_count(self, *, reverse: bool = False) -> "Expr":
        """Running count of the non-null values (UInt32).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None, 3]}).select(fl.col("a").cum_count())["a"].to_list()
        [1, 1, 2]
        """
        return self._window("cum_count", bool(reverse))

    def shift(self, n: int = 1, *, fill_value: Any = None) -> "Expr":
        """The values moved down by ``n`` rows (up when negative); the rows left empty are null
        or ``fill_value``.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3]}).select(fl.col("a").shift(1, fill_value=0))["a"].to_list()
        [0, 1, 2]
        """
        from floe.expr import Expr

        if isinstance(fill_value, Expr):
            raise NotImplementedError("shift(fill_value=) takes a Python value, not an expression, in Floe")
        return self._window("shift", int(n), fill_value)

    def diff(self, n: int = 1, null_behavior: str = "ignore") -> "Expr":
        """Difference with the value ``n`` rows earlier; ``null_behavior="drop"`` removes the
        first ``n`` rows instead of leaving them null.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 4, 9]}).select(fl.col("a").diff())["a"].to_list()
        [None, 3, 5]
        """
        return self._window("diff", int(n), null_behavior)

    def rank(self, method: str = "average", *, descending: bool = False, seed: int | None = None) -> "Expr":
        """Rank of each value (1 = smallest); ties by ``method``: "average" (Float64), "min",
        "max", "dense" or "ordinal" (UInt32). Nulls stay null.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [3, 1, 3]}).select(fl.col("a").rank("min"))["a"].to_list()
        [2, 1, 2]
        """
        if method == "random":
            raise NotImplementedError("rank(method='random') is not supported yet")
        if method not in ("average", "min", "max", "dense", "ordinal"):
            raise ValueError(
                f"`method` must be one of {{'average', 'min', 'max', 'dense', 'ordinal', 'random'}}, got {method!r}")
        return self._window("rank", method, bool(descending))

    def top_k(self, k: int = 5) -> "Expr":
        """The ``k`` largest values, largest first (nulls last).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 5, 3]}).select(fl.col("a").top_k(2))["a"].to_list()
        [5, 3]
        """
        return self._window("top_k", int(k))

    def bottom_k(self, k: int = 5) -> "Expr":
        """The ``k`` smallest values, smallest first (nulls last).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 5, 3]}).select(fl.col("a").bottom_k(2))["a"].to_list()
        [1, 3]
        """
        return self._window("bottom_k", int(k))

    def over(self, partition_by: Any = None, *more_exprs: Any, order_by: Any = None, descending: bool = False,
             nulls_last: bool = False, mapping_strategy: str = "group_to_rows") -> "Expr":
        """This expression computed per group of ``partition_by`` and mapped back to the rows of
        each group: aggregates are broadcast, order-dependent functions (``cum_sum``, ``rank``,
        ``shift``, ...) run within each group, over rows sorted by ``order_by`` when given.

        >>> import floe as fl
        >>> df = fl.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
        >>> df.select(fl.col("x").sum().over("g"))["x"].to_list()
        [4, 2, 4]
        >>> df.select(fl.col("x").cum_sum().over("g", order_by="x", descending=True))["x"].to_list()
        [4, 2, 3]
        """
        if mapping_strategy != "group_to_rows":
            raise NotImplementedError(f"over(mapping_strategy={mapping_strategy!r}) is not supported yet")
        from floe.expr import _exprs

        keys = [] if partition_by is None else _exprs([partition_by], None)
        keys += _exprs(more_exprs, None)
        order = [] if order_by is None else _exprs([order_by], None)
        if not keys and not order:
            raise TypeError("over() needs at least one partition_by or order_by expression")
        return _wrap(self._e.over(keys, order, bool(descending), bool(nulls_last)))
