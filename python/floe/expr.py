"""Expressions: ``fl.col("a") + 1``, ``.str``, ``.dt``, aggregates and ``when/then/otherwise``."""

from __future__ import annotations

import builtins
from typing import Any, Iterable

from floe import _floe
from floe.datatypes import _dtype_name


def _to_expr(value: Any, *, str_as_lit: bool = True) -> "Expr":
    """Wraps a Python value as a literal expression (strings name columns where Polars says so)."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, str) and not str_as_lit:
        return col(value)
    return Expr(_floe.lit(value))


def _exprs(items: Iterable[Any], named: dict[str, Any] | None = None) -> list:
    """Positional arguments (expressions, column names, lists of them) and keyword aliases."""
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_exprs(item))
        else:
            out.append(_to_expr(item, str_as_lit=False)._e)
    for name, value in (named or {}).items():
        out.append(_to_expr(value).alias(name)._e)
    return out


class Expr:
    """A column expression, as in Polars.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1, 2, 3]})
    >>> df.select((fl.col("a") * 2).alias("b"))["b"].to_list()
    [2, 4, 6]
    """

    def __init__(self, native):
        self._e = native

    def __repr__(self) -> str:
        return repr(self._e)

    def __bool__(self):
        raise TypeError(
            "the truth value of an Expr is ambiguous; use '&' or '|' to combine expressions, not 'and'/'or'"
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
    def __abs__(self): return self.abs()
    __hash__ = None  # type: ignore[assignment]

    def add(self, o): return self + o
    def sub(self, o): return self - o
    def mul(self, o): return self * o
    def truediv(self, o): return self / o
    def floordiv(self, o): return self // o
    def mod(self, o): return self % o
    def eq(self, o): return self == o
    def ne(self, o): return self != o
    def lt(self, o): return self < o
    def le(self, o): return self <= o
    def gt(self, o): return self > o
    def ge(self, o): return self >= o
    def and_(self, o): return self & o
    def or_(self, o): return self | o
    def xor(self, o): return self ^ o
    def not_(self): return ~self
    def neg(self): return -self

    # -- naming and types ----------------------------------------------------------------
    def alias(self, name: str) -> "Expr":
        """Renames the expression's output."""
        return Expr(self._e.alias(name))

    def cast(self, dtype, *, strict: bool = True) -> "Expr":
        """Converts to ``dtype``; with ``strict=False`` values that do not convert become null."""
        return Expr(self._e.cast(_dtype_name(dtype), strict))

    # -- nulls -----------------------------------------------------------------------------
    def is_null(self) -> "Expr": return Expr(self._e.is_null())
    def is_not_null(self) -> "Expr": return Expr(self._e.is_not_null())

    def fill_null(self, value: Any = None, strategy: str | None = None) -> "Expr":
        """Replaces nulls with ``value``."""
        if strategy is not None:
            raise NotImplementedError("fill_null(strategy=...) is not supported yet; pass a value")
        return Expr(self._e.fill_null(_to_expr(value)._e))

    def fill_nan(self, value: Any) -> "Expr":
        """Replaces NaN with ``value``."""
        return Expr(self._e.fill_nan(_to_expr(value)._e))

    def is_in(self, values: Iterable[Any]) -> "Expr":
        """True where the value is one of ``values``."""
        return Expr(self._e.is_in(list(values)))

    def is_between(self, lower_bound: Any, upper_bound: Any, closed: str = "both") -> "Expr":
        """True where lower_bound <= value <= upper_bound (``closed`` picks the inclusive ends)."""
        return Expr(self._e.is_between(_to_expr(lower_bound)._e, _to_expr(upper_bound)._e, closed))

    def exclude(self, *columns: str) -> "Expr":
        names = [c for item in columns for c in ([item] if isinstance(item, str) else item)]
        return Expr(self._e.exclude(names))

    def filter(self, predicate: "Expr") -> "Expr":
        """Keeps the values where ``predicate`` holds (inside an aggregation)."""
        return Expr(self._e.filter(_to_expr(predicate)._e))

    def sort(self, *, descending: bool = False) -> "Expr":
        return Expr(self._e.sort(descending))

    # -- math ------------------------------------------------------------------------------
    def _fn(self, name: str, *params) -> "Expr":
        return Expr(self._e.function(name, list(params)))

    def abs(self): return self._fn("abs")
    def round(self, decimals: int = 0): return self._fn("round", decimals)
    def floor(self): return self._fn("floor")
    def ceil(self): return self._fn("ceil")
    def sqrt(self): return self._fn("sqrt")
    def exp(self): return self._fn("exp")
    def log(self, base: float = 2.718281828459045): return self._fn("log", float(base))
    def pow(self, exponent): return self ** exponent
    def sign(self): return self._fn("sign")

    def clip(self, lower_bound: Any = None, upper_bound: Any = None) -> "Expr":
        """Limits values to [lower_bound, upper_bound]."""
        return self._fn("clip", lower_bound, upper_bound)

    # -- aggregates ------------------------------------------------------------------------
    def _agg(self, name: str, **kw) -> "Expr":
        return Expr(self._e.agg(name, **kw))

    def sum(self): return self._agg("sum")
    def mean(self): return self._agg("mean")
    def min(self): return self._agg("min")
    def max(self): return self._agg("max")
    def count(self): return self._agg("count")
    def len(self): return self._agg("len")
    def null_count(self): return self._agg("null_count")
    def n_unique(self): return self._agg("n_unique")
    def first(self): return self._agg("first")
    def last(self): return self._agg("last")
    def median(self): return self._agg("median")
    def std(self, ddof: int = 1): return self._agg("std", ddof=ddof)
    def var(self, ddof: int = 1): return self._agg("var", ddof=ddof)

    def quantile(self, quantile: float, interpolation: str = "nearest") -> "Expr":
        return self._agg("quantile", quantile=float(quantile), interpolation=interpolation)

    @property
    def str(self) -> "ExprStringNameSpace":
        return ExprStringNameSpace(self)

    @property
    def dt(self) -> "ExprDateTimeNameSpace":
        return ExprDateTimeNameSpace(self)


class ExprStringNameSpace:
    """The ``.str`` namespace."""

    def __init__(self, expr: Expr):
        self._x = expr

    def _fn(self, name, *params):
        return Expr(self._x._e.function("str." + name, list(params)))

    def contains(self, pattern: str, *, literal: bool = False, strict: bool = True): return self._fn("contains", pattern, literal, strict)
    def starts_with(self, prefix: str): return self._fn("starts_with", prefix)
    def ends_with(self, suffix: str): return self._fn("ends_with", suffix)
    def len_bytes(self): return self._fn("len_bytes")
    def len_chars(self): return self._fn("len_chars")
    def to_uppercase(self): return self._fn("to_uppercase")
    def to_lowercase(self): return self._fn("to_lowercase")
    def slice(self, offset: int, length: int | None = None): return self._fn("slice", offset, length)
    def head(self, n: int): return self._fn("head", n)
    def tail(self, n: int): return self._fn("tail", n)
    def replace(self, pattern: str, value: str, *, literal: bool = False, n: int = 1): return self._fn("replace", pattern, value, literal, n)
    def replace_all(self, pattern: str, value: str, *, literal: bool = False): return self._fn("replace_all", pattern, value, literal)
    def strip_chars(self, characters: str | None = None): return self._fn("strip_chars", characters)
    def strip_chars_start(self, characters: str | None = None): return self._fn("strip_chars_start", characters)
    def strip_chars_end(self, characters: str | None = None): return self._fn("strip_chars_end", characters)


class ExprDateTimeNameSpace:
    """The ``.dt`` namespace."""

    def __init__(self, expr: Expr):
        self._x = expr

    def _fn(self, name, *params):
        return Expr(self._x._e.function("dt." + name, list(params)))

    def year(self): return self._fn("year")
    def month(self): return self._fn("month")
    def day(self): return self._fn("day")
    def hour(self): return self._fn("hour")
    def minute(self): return self._fn("minute")
    def second(self): return self._fn("second")
    def millisecond(self): return self._fn("millisecond")
    def microsecond(self): return self._fn("microsecond")
    def nanosecond(self): return self._fn("nanosecond")
    def weekday(self): return self._fn("weekday")
    def ordinal_day(self): return self._fn("ordinal_day")
    def quarter(self): return self._fn("quarter")
    def truncate(self, every: str): return self._fn("truncate", every)
    def date(self): return self._fn("date")
    def time(self): return self._fn("time")
    def epoch(self, time_unit: str = "us"): return self._fn("epoch", time_unit)
    def total_days(self): return self._fn("total_days")
    def total_hours(self): return self._fn("total_hours")
    def total_minutes(self): return self._fn("total_minutes")
    def total_seconds(self): return self._fn("total_seconds")
    def total_milliseconds(self): return self._fn("total_milliseconds")


# -- functions ---------------------------------------------------------------------------

def col(name, *more_names) -> Expr:
    """A column by name (``"*"`` for all), several names, or every column of some dtypes.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1], "b": [2]}).select(fl.col("a", "b")).columns
    ['a', 'b']
    """
    from floe.datatypes import DataType

    names = [name, *more_names]
    flat = [n for item in names for n in (item if isinstance(item, (list, tuple)) else [item])]
    if builtins.all(isinstance(n, str) for n in flat):
        return Expr(_floe.col(flat[0]) if builtins.len(flat) == 1 else _floe.cols(flat))
    if builtins.all(isinstance(n, DataType) or (isinstance(n, type) and issubclass(n, DataType)) for n in flat):
        return Expr(_floe.dtype_cols([_dtype_name(n) for n in flat]))
    raise TypeError(f"col() takes column names or dtypes, got {flat!r}")


def lit(value: Any, dtype=None) -> Expr:
    """A literal value (of ``dtype`` when given).

    >>> import floe as fl
    >>> fl.select(fl.lit(1)).dtypes
    [Int32]
    """
    if isinstance(value, Expr):
        return value
    return Expr(_floe.lit(value, None if dtype is None else _dtype_name(dtype)))


def len() -> Expr:  # noqa: A001 - Polars' name
    """The number of rows.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).select(fl.len()).item()
    2
    """
    return Expr(_floe.len())


def all() -> Expr:  # noqa: A001 - Polars' name
    """Every column."""
    return Expr(_floe.all())


def sum(*names: str) -> Expr:  # noqa: A001
    """``col(names).sum()``."""
    return col(*names).sum()


def min(*names: str) -> Expr:  # noqa: A001
    return col(*names).min()


def max(*names: str) -> Expr:  # noqa: A001
    return col(*names).max()


def mean(*names: str) -> Expr:
    return col(*names).mean()


class When:
    def __init__(self, branches, condition):
        self._branches = branches
        self._condition = condition

    def then(self, value) -> "Then":
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

    def when(self, *predicates) -> When:
        return When(self._branches, _combine(predicates))

    def otherwise(self, value) -> Expr:
        return self._build(_to_expr(value, str_as_lit=False))


def _combine(predicates) -> Expr:
    exprs = [_to_expr(p, str_as_lit=False) for p in predicates]
    out = exprs[0]
    for e in exprs[1:]:
        out = out & e
    return out


def when(*predicates) -> When:
    """``when(cond).then(value).otherwise(other)``, chainable with more ``when``.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1, 5]})
    >>> df.select(fl.when(fl.col("a") > 2).then(fl.lit("big")).otherwise(fl.lit("small")))["literal"].to_list()
    ['small', 'big']
    """
    return When([], _combine(predicates))
