"""Expressions: ``fl.col("a") + 1``, ``.str``, ``.dt``, aggregates and ``when/then/otherwise``."""

from __future__ import annotations

import builtins
from typing import Any, Iterable

from floe import _floe
from floe.datatypes import DataType, _dtype_name
from floe.expr_math import MathMethods
from floe.expr_window import WindowMethods


def _to_expr(value: Any, *, str_as_lit: bool = True) -> "Expr":
    """Wraps a Python value as a literal expression (strings name columns where Polars says so)."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, str) and not str_as_lit:
        return col(value)
    from floe.frame import Series

    if isinstance(value, Series):
        raise TypeError("a Series cannot be used as an expression yet; use fl.lit(value) with a Python value")
    return Expr(_floe.lit(value))


def _exprs(items: Iterable[Any], named: dict[str, Any] | None = None) -> list:
    """Positional arguments (expressions, column names, lists of them) and keyword aliases."""
    out = []
    for item in items:
        if isinstance(item, (list, tuple)) or (hasattr(item, "__next__") and not isinstance(item, Expr)):
            out.extend(_exprs(item))
        else:
            out.append(_to_expr(item, str_as_lit=False)._e)
    for name, value in (named or {}).items():
        out.append(_to_expr(value).alias(name)._e)
    return out


def _names(columns: Iterable[Any]) -> list[str]:
    """Column names given as strings or (nested) lists of strings."""
    out = []
    for item in columns:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            out.extend(_names(item))
        else:
            raise TypeError(f"expected column names, got {item!r}")
    return out


class Expr(WindowMethods, MathMethods):
    """A column expression, as in Polars.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1, 2, 3]})
    >>> df.select((fl.col("a") * 2).alias("b"))["b"].to_list()
    [2, 4, 6]
    """

    def __init__(self, native):
        self._e = native

    def __str__(self) -> str:
        return repr(self._e)

    def __repr__(self) -> str:
        text = repr(self._e)
        if builtins.len(text) > 30:
            text = text[:30] + "…"
        return f"<Expr [{text!r}] at 0x{id(self):X}>"

    def __bool__(self):
        raise TypeError(
            "the truth value of an Expr is ambiguous\n\n"
            "You probably got here by using a Python standard library function instead of the native "
            "expressions API.\nUse '&' for 'and', '|' for 'or' and '~' for 'not'."
        )

    # -- operators -----------------------------------------------------------------------
    def _bin(self, op: str, other: Any, reverse: bool = False) -> "Expr":
        other = _to_expr(other)
        a, b = (other, self) if reverse else (self, other)
        return Expr(_floe.binary(op, a._e, b._e))

    def __add__(self, o): return self._bin("+", o)
    def __radd__(self, o): return self._bin("+", o, True)
    def __sub__(self, o): return self._bin("-", o)
    def __rsub__(self, o): return self._bin("-", o, True)
    def __mul__(self, o): return self._bin("*", o)
    def __rmul__(self, o): return self._bin("*", o, True)
    def __truediv__(self, o): return self._bin("/", o)
    def __rtruediv__(self, o): return self._bin("/", o, True)
    def __floordiv__(self, o): return self._bin("//", o)
    def __rfloordiv__(self, o): return self._bin("//", o, True)
    def __mod__(self, o): return self._bin("%", o)
    def __rmod__(self, o): return self._bin("%", o, True)
    def __pow__(self, o): return self._bin("**", o)
    def __rpow__(self, o): return self._bin("**", o, True)
    def __eq__(self, o): return self._bin("==", o)  # type: ignore[override]
    def __ne__(self, o): return self._bin("!=", o)  # type: ignore[override]
    def __lt__(self, o): return self._bin("<", o)
    def __le__(self, o): return self._bin("<=", o)
    def __gt__(self, o): return self._bin(">", o)
    def __ge__(self, o): return self._bin(">=", o)
    def __and__(self, o): return self._bin("&", o)
    def __rand__(self, o): return self._bin("&", o, True)
    def __or__(self, o): return self._bin("|", o)
    def __ror__(self, o): return self._bin("|", o, True)
    def __xor__(self, o): return self._bin("^", o)
    def __rxor__(self, o): return self._bin("^", o, True)
    def __invert__(self): return Expr(self._e.not_())
    def __neg__(self): return Expr(self._e.neg())
    def __pos__(self): return self
    def __abs__(self): return self.abs()
    __hash__ = None  # type: ignore[assignment]

    def add(self, other) -> "Expr":
        """``self + other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).add(3)).item()
        5
        """
        return self + other

    def sub(self, other) -> "Expr":
        """``self - other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).sub(3)).item()
        -1
        """
        return self - other

    def mul(self, other) -> "Expr":
        """``self * other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).mul(3)).item()
        6
        """
        return self * other

    def truediv(self, other) -> "Expr":
        """``self / other``: always a float.

        >>> import floe as fl
        >>> fl.select(fl.lit(3).truediv(2)).item()
        1.5
        """
        return self / other

    def floordiv(self, other) -> "Expr":
        """``self // other``, rounding toward negative infinity.

        >>> import floe as fl
        >>> fl.select(fl.lit(-7).floordiv(2)).item()
        -4
        """
        return self // other

    def mod(self, other) -> "Expr":
        """``self % other`` with the sign of the divisor, as Python.

        >>> import floe as fl
        >>> fl.select(fl.lit(-7).mod(3)).item()
        2
        """
        return self % other

    def pow(self, exponent) -> "Expr":
        """``self ** exponent``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).pow(10)).item()
        1024
        """
        return self ** exponent

    def eq(self, other) -> "Expr":
        """``self == other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).eq(2)).item()
        True
        """
        return self == other

    def ne(self, other) -> "Expr":
        """``self != other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).ne(2)).item()
        False
        """
        return self != other

    def lt(self, other) -> "Expr":
        """``self < other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(1).lt(2)).item()
        True
        """
        return self < other

    def le(self, other) -> "Expr":
        """``self <= other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).le(2)).item()
        True
        """
        return self <= other

    def gt(self, other) -> "Expr":
        """``self > other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(1).gt(2)).item()
        False
        """
        return self > other

    def ge(self, other) -> "Expr":
        """``self >= other``.

        >>> import floe as fl
        >>> fl.select(fl.lit(2).ge(3)).item()
        False
        """
        return self >= other

    def and_(self, *others) -> "Expr":
        """Logical AND (Kleene: false wins over null).

        >>> import floe as fl
        >>> fl.select(fl.lit(None, fl.Boolean).and_(False)).item()
        False
        """
        out = self
        for o in others:
            out = out & o
        return out

    def or_(self, *others) -> "Expr":
        """Logical OR (Kleene: true wins over null).

        >>> import floe as fl
        >>> fl.select(fl.lit(None, fl.Boolean).or_(True)).item()
        True
        """
        out = self
        for o in others:
            out = out | o
        return out

    def xor(self, other) -> "Expr":
        """Logical exclusive OR.

        >>> import floe as fl
        >>> fl.select(fl.lit(True).xor(True)).item()
        False
        """
        return self ^ other

    def not_(self) -> "Expr":
        """Logical NOT.

        >>> import floe as fl
        >>> fl.select(fl.lit(True).not_()).item()
        False
        """
        return ~self

    def neg(self) -> "Expr":
        """``-self``.

        >>> import floe as fl
        >>> fl.select(fl.lit(5).neg()).item()
        -5
        """
        return -self

    # -- naming and types ----------------------------------------------------------------
    def alias(self, name: str) -> "Expr":
        """Renames the expression's output.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1]}).select(fl.col("a").alias("b")).columns
        ['b']
        """
        return Expr(self._e.alias(name))

    def cast(self, dtype, *, strict: bool = True, wrap_numerical: bool = False) -> "Expr":
        """Converts to ``dtype``; with ``strict=False`` values that do not convert become null.

        >>> import floe as fl
        >>> df = fl.DataFrame({"s": ["1", "x"]})
        >>> df.select(fl.col("s").cast(fl.Int64, strict=False))["s"].to_list()
        [1, None]
        """
        if wrap_numerical:
            raise NotImplementedError("cast(wrap_numerical=True) is not supported yet")
        return Expr(self._e.cast(_dtype_name(dtype), strict))

    # -- nulls -----------------------------------------------------------------------------
    def is_null(self) -> "Expr":
        """True where the value is null.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None]}).select(fl.col("a").is_null())["a"].to_list()
        [False, True]
        """
        return Expr(self._e.is_null())

    def is_not_null(self) -> "Expr":
        """True where the value is not null.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None]}).select(fl.col("a").is_not_null())["a"].to_list()
        [True, False]
        """
        return Expr(self._e.is_not_null())

    def fill_null(self, value: Any = None, strategy: str | None = None, limit: int | None = None) -> "Expr":
        """Replaces nulls with ``value``, or by ``strategy`` ("zero", "one", "min", "max", "mean").

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, None, 3]})
        >>> df.select(fl.col("a").fill_null(0))["a"].to_list()
        [1, 0, 3]
        >>> df.select(fl.col("a").fill_null(strategy="max"))["a"].to_list()
        [1, 3, 3]
        """
        if value is not None and strategy is not None:
            raise ValueError("cannot specify both `value` and `strategy`")
        if value is None and strategy is None:
            raise ValueError("must specify either a fill `value` or `strategy`")
        if limit is not None:
            raise NotImplementedError("fill_null(limit=...) is not supported yet")
        if strategy is not None:
            fills = {"zero": lambda: lit(0), "one": lambda: lit(1), "min": self.min, "max": self.max,
                     "mean": self.mean}
            if strategy in ("forward", "backward"):
                raise NotImplementedError(f"fill_null(strategy={strategy!r}) is not supported yet")
            if strategy not in fills:
                raise ValueError(
                    f"`strategy` must be one of {{'forward', 'backward', 'min', 'max', 'mean', 'zero', 'one'}}, "
                    f"got {strategy!r}"
                )
            return Expr(self._e.fill_null(fills[strategy]()._e))
        return Expr(self._e.fill_null(_to_expr(value)._e))

    def fill_nan(self, value: Any) -> "Expr":
        """Replaces NaN with ``value`` (nulls stay null).

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1.0, float("nan"), None]})
        >>> df.select(fl.col("a").fill_nan(0.0))["a"].to_list()
        [1.0, 0.0, None]
        """
        return Expr(self._e.fill_nan(_to_expr(value)._e))

    def is_in(self, other: Iterable[Any], *, nulls_equal: bool = False) -> "Expr":
        """True where the value is one of ``other``; a null value gives null unless ``nulls_equal``.

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 2, None]})
        >>> df.select(fl.col("a").is_in([1, None]))["a"].to_list()
        [True, False, None]
        >>> df.select(fl.col("a").is_in([1, None], nulls_equal=True))["a"].to_list()
        [True, False, True]
        """
        if isinstance(other, (str, bytes)) or isinstance(other, Expr):
            raise TypeError(f"is_in() takes a collection of values, got {type(other).__name__}")
        values = list(other.to_list() if hasattr(other, "to_list") else other)
        present = [v for v in values if v is not None]
        # Polars' semantics: a null in the list never matches a value (so absent values are
        # false, not null); with nulls_equal a null matches a null in the list.
        found = Expr(self._e.is_in(present))
        if nulls_equal:
            has_null = builtins.any(v is None for v in values)
            return found.fill_null(lit(has_null)) if has_null else found.fill_null(False)
        return found

    def is_between(self, lower_bound: Any, upper_bound: Any, closed: str = "both") -> "Expr":
        """True where lower_bound <= value <= upper_bound (``closed``: "both", "left", "right", "none").

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 2, 3]})
        >>> df.select(fl.col("a").is_between(1, 2, closed="left"))["a"].to_list()
        [True, False, False]
        """
        if closed not in ("both", "left", "right", "none"):
            raise ValueError(f"`closed` must be one of {{'both', 'left', 'right', 'none'}}, got {closed}")
        # As in Polars, a string bound names a column (use fl.lit("x") for a string value).
        lower = _to_expr(lower_bound, str_as_lit=False)
        upper = _to_expr(upper_bound, str_as_lit=False)
        return Expr(self._e.is_between(lower._e, upper._e, closed))

    def exclude(self, columns, *more_columns) -> "Expr":
        """Every column the expression selects except the ones named.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2], "c": [3]}).select(fl.all().exclude("b")).columns
        ['a', 'c']
        """
        return Expr(self._e.exclude(_names([columns, *more_columns])))

    def filter(self, *predicates, **constraints) -> "Expr":
        """Keeps the values where every predicate holds (inside an aggregation).

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 2, 3]})
        >>> df.select(fl.col("a").filter(fl.col("a") > 1).sum()).item()
        5
        """
        preds = [_to_expr(p, str_as_lit=False) for p in predicates]
        preds += [col(k) == v for k, v in constraints.items()]
        if not preds:
            raise TypeError("filter() needs at least one predicate")
        return Expr(self._e.filter(_combine(preds)._e))

    def sort(self, *, descending: bool = False, nulls_last: bool = False) -> "Expr":
        """The values in sorted order (nulls first).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, 3, 1]}).select(fl.col("a").sort(descending=True))["a"].to_list()
        [3, 2, 1]
        """
        if nulls_last:
            raise NotImplementedError("Expr.sort(nulls_last=True) is not supported yet")
        return Expr(self._e.sort(descending))

    # -- aggregates ------------------------------------------------------------------------
    def _agg(self, name: str, **kw) -> "Expr":
        return Expr(self._e.agg(name, **kw))

    def sum(self) -> "Expr":
        """Sum of the values (nulls ignored; 0 when there are none).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None, 3]}).select(fl.col("a").sum()).item()
        4
        """
        return self._agg("sum")

    def mean(self) -> "Expr":
        """Mean of the non-null values.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None, 3]}).select(fl.col("a").mean()).item()
        2.0
        """
        return self._agg("mean")

    def min(self) -> "Expr":
        """Smallest value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, 1]}).select(fl.col("a").min()).item()
        1
        """
        return self._agg("min")

    def max(self) -> "Expr":
        """Largest value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, 1]}).select(fl.col("a").max()).item()
        2
        """
        return self._agg("max")

    def count(self) -> "Expr":
        """Number of non-null values.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, 1]}).select(fl.col("a").count()).item()
        2
        """
        return self._agg("count")

    def len(self) -> "Expr":
        """Number of values, nulls included.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, 1]}).select(fl.col("a").len()).item()
        3
        """
        return self._agg("len")

    def null_count(self) -> "Expr":
        """Number of nulls.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, None]}).select(fl.col("a").null_count()).item()
        2
        """
        return self._agg("null_count")

    def n_unique(self) -> "Expr":
        """Number of distinct values (null counts as one).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 1, None]}).select(fl.col("a").n_unique()).item()
        2
        """
        return self._agg("n_unique")

    def first(self, *, ignore_nulls: bool = False) -> "Expr":
        """The first value (null when it is null).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [5, 6]}).select(fl.col("a").first()).item()
        5
        """
        if ignore_nulls:
            raise NotImplementedError("first(ignore_nulls=True) is not supported yet")
        return self._agg("first")

    def last(self, *, ignore_nulls: bool = False) -> "Expr":
        """The last value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [5, 6]}).select(fl.col("a").last()).item()
        6
        """
        if ignore_nulls:
            raise NotImplementedError("last(ignore_nulls=True) is not supported yet")
        return self._agg("last")

    def median(self) -> "Expr":
        """Median of the non-null values.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 10]}).select(fl.col("a").median()).item()
        2.0
        """
        return self._agg("median")

    def std(self, ddof: int = 1) -> "Expr":
        """Standard deviation (``ddof=1``: the sample's).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 3]}).select(fl.col("a").std()).item()
        1.4142135623730951
        """
        return self._agg("std", ddof=ddof)

    def var(self, ddof: int = 1) -> "Expr":
        """Variance (``ddof=1``: the sample's).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 3]}).select(fl.col("a").var()).item()
        2.0
        """
        return self._agg("var", ddof=ddof)

    def quantile(self, quantile: float, interpolation: str = "nearest") -> "Expr":
        """The ``quantile`` (0 to 1) of the values; ``interpolation`` is "nearest", "lower",
        "higher", "midpoint" or "linear".

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3, 4]}).select(fl.col("a").quantile(0.5, "linear")).item()
        2.5
        """
        methods = ("lower", "higher", "nearest", "linear", "midpoint")
        if interpolation not in methods:
            raise ValueError(
                f"`interpolation` must be one of {{'lower', 'higher', 'nearest', 'linear', 'midpoint'}}, "
                f"got {interpolation}"
            )
        if not 0.0 <= quantile <= 1.0:
            from floe.exceptions import ComputeError

            raise ComputeError(f"`quantile` should be between 0.0 and 1.0, got {quantile}")
        return self._agg("quantile", quantile=float(quantile), interpolation=interpolation)

    @property
    def str(self) -> "ExprStringNameSpace":
        """String functions (``.str.contains``, ``.str.to_uppercase``, ...).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["ab"]}).select(fl.col("s").str.to_uppercase()).item()
        'AB'
        """
        return ExprStringNameSpace(self)

    @property
    def dt(self) -> "ExprDateTimeNameSpace":
        """Date and time functions (``.dt.year``, ``.dt.truncate``, ...).

        >>> import datetime, floe as fl
        >>> fl.DataFrame({"d": [datetime.date(2024, 3, 1)]}).select(fl.col("d").dt.month()).item()
        3
        """
        return ExprDateTimeNameSpace(self)

    @property
    def list(self) -> "ExprListNameSpace":
        """List functions (``.list.len``, ``.list.get``, ...).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [[1, 2]]}).select(fl.col("a").list.get(0)).item()
        1
        """
        return ExprListNameSpace(self)

    @property
    def struct(self) -> "ExprStructNameSpace":
        """Struct functions (``.struct.field``).

        >>> import floe as fl
        >>> fl.DataFrame({"s": [{"a": 1}]}).select(fl.col("s").struct.field("a")).item()
        1
        """
        return ExprStructNameSpace(self)


def col(name, *more_names) -> Expr:
    """A column by name (``"*"`` for all), several names, or every column of some dtypes.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1], "b": [2.0]})
    >>> df.select(fl.col("a", "b")).columns
    ['a', 'b']
    >>> df.select(fl.col(fl.Float64)).columns
    ['b']
    """
    names = [name, *more_names]
    flat = [n for item in names for n in (item if isinstance(item, (list, tuple)) else [item])]
    if not flat:
        raise TypeError("col() needs at least one column name or dtype")
    if builtins.all(isinstance(n, str) for n in flat):
        if builtins.len(flat) == 1:
            return Expr(_floe.all()) if flat[0] == "*" else Expr(_floe.col(flat[0]))
        return Expr(_floe.cols(flat))
    if builtins.all(isinstance(n, DataType) or (isinstance(n, type) and issubclass(n, DataType)) for n in flat):
        return Expr(_floe.dtype_cols([_dtype_name(n) for n in flat]))
    raise TypeError(f"col() takes column names or dtypes, got {flat!r}")


def lit(value: Any, dtype=None) -> Expr:
    """A literal value (of ``dtype`` when given). Python ints are Int32 when alone, as in Polars.

    >>> import floe as fl
    >>> fl.select(fl.lit(1)).dtypes
    [Int32]
    >>> fl.select(fl.lit(1, fl.UInt8)).dtypes
    [UInt8]
    """
    if isinstance(value, Expr):
        return value
    return Expr(_floe.lit(value, None if dtype is None else _dtype_name(dtype)))


def len() -> Expr:  # noqa: A001 - Polars' name
    """The number of rows, named "len".

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.len()).item()
    2
    """
    return Expr(_floe.len())


def all(*names: str, ignore_nulls: bool = True) -> Expr:  # noqa: A001 - Polars' name
    """Every column (``all("a", ...)``, Polars' boolean "all" aggregate, is not supported yet).

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1], "b": [2]}).select(fl.all() * 10).rows()
    [(10, 20)]
    """
    if names:
        raise NotImplementedError("fl.all(*names) (the boolean 'all' aggregate) is not supported yet")
    return Expr(_floe.all())


def exclude(columns, *more_columns) -> Expr:
    """Every column except the ones named.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1], "b": [2]}).select(fl.exclude("a")).columns
    ['b']
    """
    return all().exclude(columns, *more_columns)


class When:
    """``when(condition)``: waits for ``.then(value)``."""

    def __init__(self, branches, condition):
        self._branches = branches
        self._condition = condition

    def then(self, value) -> "Then":
        """The value where the condition holds (a string names a column, as in Polars).

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 5]})
        >>> df.select(fl.when(fl.col("a") > 2).then(fl.col("a")))["a"].to_list()
        [None, 5]
        """
        return Then(self._branches + [(self._condition, _to_expr(value, str_as_lit=False))])


class Then(Expr):
    """``when(...).then(...)``: an expression (null where no condition holds) that can chain."""

    def __init__(self, branches):
        self._branches = branches
        super().__init__(self._build(Expr(_floe.lit(None)))._e)

    def _build(self, otherwise: Expr) -> Expr:
        result = otherwise
        for cond, value in reversed(self._branches):
            result = Expr(_floe.ternary(cond._e, value._e, result._e))
        return result

    def when(self, *predicates, **constraints) -> When:
        """Another condition, tried when the earlier ones do not hold.

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 5, 9]})
        >>> e = fl.when(fl.col("a") > 8).then(fl.lit("high")).when(fl.col("a") > 2).then(fl.lit("mid"))
        >>> df.select(e.otherwise(fl.lit("low")))["literal"].to_list()
        ['low', 'mid', 'high']
        """
        return When(self._branches, _combine(predicates, constraints))

    def otherwise(self, value) -> Expr:
        """The value where no condition holds.

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 5]})
        >>> df.select(fl.when(fl.col("a") > 2).then(1).otherwise(0))["literal"].to_list()
        [0, 1]
        """
        return self._build(_to_expr(value, str_as_lit=False))


def _combine(predicates, constraints=None) -> Expr:
    flat = [p for item in predicates for p in (item if isinstance(item, (list, tuple)) else [item])]
    exprs = [_to_expr(p, str_as_lit=False) for p in flat]
    exprs += [col(k) == v for k, v in (constraints or {}).items()]
    if not exprs:
        raise TypeError("at least one predicate or constraint must be provided")
    out = exprs[0]
    for e in exprs[1:]:
        out = out & e
    return out


def when(*predicates, **constraints) -> When:
    """``when(cond).then(value).otherwise(other)``, chainable with more ``when``.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1, 5]})
    >>> df.select(fl.when(fl.col("a") > 2).then(fl.lit("big")).otherwise(fl.lit("small")))["literal"].to_list()
    ['small', 'big']
    """
    return When([], _combine(predicates, constraints))


# The namespaces refer back to Expr; bound here once Expr exists.
from floe.expr_namespaces import ExprDateTimeNameSpace, ExprStringNameSpace  # noqa: E402
from floe.expr_nested import ExprListNameSpace, ExprStructNameSpace  # noqa: E402
