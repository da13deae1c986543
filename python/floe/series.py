"""Series: a named column of values."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, Sequence

from floe import _floe
from floe.config import Config
from floe.datatypes import _dtype_name, _from_engine
from floe.exceptions import InvalidOperationError, OutOfBoundsError
from floe.expr import Expr, _combine, _exprs, _names, col, lit
from floe.frame import DataFrame, Schema, _column_values, _is_numpy, _is_numpy_numeric, _schema_dict  # noqa: F401
from floe.lazy_frame import LazyFrame  # noqa: F401


class Series:
    """A named column of values.

    >>> import floe as fl
    >>> s = fl.Series("x", [1, 2, 3])
    >>> (s * 2).to_list()
    [2, 4, 6]
    """

    def __init__(self, name: Any = None, values: Any = None, dtype: Any = None, *, strict: bool = True):
        if values is None and name is not None and not isinstance(name, str):
            name, values = "", name
        name = "" if name is None else name
        if isinstance(values, Series):
            dtype = dtype if dtype is not None else values.dtype
            values = values.to_list()
        elif _is_numpy(values):
            values = values.tolist()
        values = [] if values is None else list(values)
        self._frame = DataFrame({name: values}, schema={name: dtype} if dtype is not None else None, strict=strict)

    @classmethod
    def _from_frame(cls, frame: DataFrame) -> "Series":
        obj = cls.__new__(cls)
        obj._frame = frame
        return obj

    @property
    def name(self) -> str:
        """The Series' name.

        >>> import floe as fl
        >>> fl.Series("x", [1]).name
        'x'
        """
        return self._frame.columns[0]

    @property
    def dtype(self):
        """The Series' dtype.

        >>> import floe as fl
        >>> fl.Series("x", [1.5]).dtype
        Float64
        """
        return self._frame.dtypes[0]

    def __len__(self) -> int:
        return self._frame.height

    def len(self) -> int:
        """The number of values, nulls included.

        >>> import floe as fl
        >>> fl.Series([1, None]).len()
        2
        """
        return self._frame.height

    def is_empty(self) -> bool:
        """Whether the Series has no values.

        >>> import floe as fl
        >>> fl.Series([]).is_empty()
        True
        """
        return self._frame.height == 0

    @property
    def shape(self) -> tuple[int]:
        """(length,).

        >>> import floe as fl
        >>> fl.Series([1, 2]).shape
        (2,)
        """
        return (self._frame.height,)

    def to_list(self) -> list:
        """The values as a Python list.

        >>> import floe as fl
        >>> fl.Series([1, None]).to_list()
        [1, None]
        """
        return self._frame._df.column_index_to_list(0)

    def __arrow_c_stream__(self, requested_schema=None):
        """The Series as an Arrow C stream of arrays (the Arrow PyCapsule interface).

        >>> import floe as fl, pyarrow as pa
        >>> pa.chunked_array(fl.Series("x", [1, None])).to_pylist()
        [1, None]
        """
        return _floe.column_to_arrow_stream(self._frame._df)

    def to_arrow(self, *, compat_level=None):
        """The Series as a ``pyarrow.Array``.

        >>> import floe as fl
        >>> fl.Series("x", ["a", None]).to_arrow().to_pylist()
        ['a', None]
        """
        from floe.interop import _series_to_arrow

        return _series_to_arrow(self._frame)

    def to_numpy(self, *, writable: bool = False, allow_copy: bool = True, masked: bool = False):
        """The Series as a numpy array (integers with nulls become float64 with NaN).

        >>> import floe as fl
        >>> fl.Series("x", [1, None, 3]).to_numpy().tolist()
        [1.0, nan, 3.0]
        """
        from floe.interop import _series_to_numpy

        return _series_to_numpy(self._frame)

    def to_pandas(self, *, use_pyarrow_extension_array: bool = False, **kwargs):
        """The Series as a pandas Series (through Arrow, as Polars converts).

        >>> import floe as fl
        >>> fl.Series("x", [1, 2]).to_pandas().tolist()
        [1, 2]
        """
        kwargs.setdefault("date_as_object", False)
        if use_pyarrow_extension_array:
            import pandas as pd

            kwargs.setdefault("types_mapper", pd.ArrowDtype)
        out = self.to_arrow().to_pandas(**kwargs)
        out.name = self.name
        return out

    def to_frame(self, name: str | None = None) -> DataFrame:
        """A one-column DataFrame.

        >>> import floe as fl
        >>> fl.Series("x", [1]).to_frame().columns
        ['x']
        """
        return self._frame if name is None else self._frame.rename({self.name: name})

    def alias(self, name: str) -> "Series":
        """The Series under another name.

        >>> import floe as fl
        >>> fl.Series("x", [1]).alias("y").name
        'y'
        """
        return self.rename(name)

    def rename(self, name: str) -> "Series":
        """The Series under another name.

        >>> import floe as fl
        >>> fl.Series("x", [1]).rename("y").name
        'y'
        """
        return Series._from_frame(self._frame.select(col(self.name).alias(name)))

    def item(self, index: int | None = None):
        """The single value of a length-1 Series, or the value at ``index``.

        >>> import floe as fl
        >>> fl.Series([7]).item()
        7
        """
        if index is None:
            if self.len() != 1:
                raise ValueError(
                    "can only call '.item()' if the Series is of length 1, or an explicit index is provided "
                    f"(Series is of length {self.len()})"
                )
            index = 0
        return self[index]

    def __getitem__(self, i):
        if isinstance(i, int):
            if not -self.len() <= i < self.len():
                raise IndexError(f"index {i} is out of bounds for sequence of length {self.len()}")
            return self._frame._df.row(i)[0]
        if isinstance(i, (slice, list, range)) or _is_numpy(i):
            return Series._from_frame(self._frame[i] if not isinstance(i, list) else self._frame._take(i))
        raise TypeError(f"cannot index a Series with {type(i).__name__!r}")

    def __iter__(self):
        return iter(self.to_list())

    def __bool__(self):
        raise TypeError(
            "the truth value of a Series is ambiguous\n\n"
            "Here are some things you might want to try:\n"
            "- instead of `if s`, use `if not s.is_empty()`\n"
            "- instead of `s1 and s2`, use `s1 & s2`\n"
            "- instead of `s1 or s2`, use `s1 | s2`\n"
            "- instead of `s in [y, z]`, use `s.is_in([y, z])`\n"
        )

    def _apply(self, fn) -> "Series":
        out = self._frame.select(fn(col(self.name)).alias(self.name))
        return Series._from_frame(out)

    def _scalar(self, fn):
        return self._frame.select(fn(col(self.name))).item()

    def _bin(self, other, op):
        if isinstance(other, Series):
            if other.len() != self.len() and other.len() != 1 and self.len() != 1:
                raise InvalidOperationError(
                    f"cannot do arithmetic operation on series of different lengths: got {self.len()} and {other.len()}"
                )
            frame = DataFrame([self.rename("__l"), other.rename("__r")]) if other.len() == self.len() else None
            if frame is None:
                scalar_side = other if other.len() == 1 else self
                value = lit(scalar_side[0], scalar_side.dtype)
                if scalar_side is other:
                    return self._apply(lambda c: op(c, value))
                return Series._from_frame(other._frame.select(op(value, col(other.name)).alias(self.name)))
            return Series._from_frame(frame.select(op(col("__l"), col("__r")).alias(self.name)))
        return self._apply(lambda c: op(c, other))

    def __add__(self, o): return self._bin(o, lambda a, b: a + b)
    def __radd__(self, o): return self._apply(lambda c: o + c)
    def __sub__(self, o): return self._bin(o, lambda a, b: a - b)
    def __rsub__(self, o): return self._apply(lambda c: o - c)
    def __mul__(self, o): return self._bin(o, lambda a, b: a * b)
    def __rmul__(self, o): return self._apply(lambda c: o * c)
    def __truediv__(self, o): return self._bin(o, lambda a, b: a / b)
    def __rtruediv__(self, o): return self._apply(lambda c: o / c)
    def __floordiv__(self, o): return self._bin(o, lambda a, b: a // b)
    def __rfloordiv__(self, o): return self._apply(lambda c: o // c)
    def __mod__(self, o): return self._bin(o, lambda a, b: a % b)
    def __rmod__(self, o): return self._apply(lambda c: o % c)
    def __pow__(self, o): return self._bin(o, lambda a, b: a ** b)
    def __eq__(self, o): return self._bin(o, lambda a, b: a == b)  # type: ignore[override]
    def __ne__(self, o): return self._bin(o, lambda a, b: a != b)  # type: ignore[override]
    def __lt__(self, o): return self._bin(o, lambda a, b: a < b)
    def __le__(self, o): return self._bin(o, lambda a, b: a <= b)
    def __gt__(self, o): return self._bin(o, lambda a, b: a > b)
    def __ge__(self, o): return self._bin(o, lambda a, b: a >= b)
    def __and__(self, o): return self._bin(o, lambda a, b: a & b)
    def __or__(self, o): return self._bin(o, lambda a, b: a | b)
    def __xor__(self, o): return self._bin(o, lambda a, b: a ^ b)
    def __invert__(self): return self._apply(lambda c: ~c)
    def __neg__(self): return self._apply(lambda c: -c)
    def __abs__(self): return self.abs()
    __hash__ = None  # type: ignore[assignment]

    def sum(self):
        """Sum of the values.

        >>> import floe as fl
        >>> fl.Series([1, None, 3]).sum()
        4
        """
        return self._scalar(lambda c: c.sum())

    def mean(self):
        """Mean of the non-null values.

        >>> import floe as fl
        >>> fl.Series([1, None, 3]).mean()
        2.0
        """
        return self._scalar(lambda c: c.mean())

    def min(self):
        """Smallest value.

        >>> import floe as fl
        >>> fl.Series([2, 1]).min()
        1
        """
        return self._scalar(lambda c: c.min())

    def max(self):
        """Largest value.

        >>> import floe as fl
        >>> fl.Series([2, 1]).max()
        2
        """
        return self._scalar(lambda c: c.max())

    def median(self):
        """Median of the non-null values.

        >>> import floe as fl
        >>> fl.Series([1, 2, 10]).median()
        2.0
        """
        return self._scalar(lambda c: c.median())

    def std(self, ddof: int = 1):
        """Standard deviation.

        >>> import floe as fl
        >>> fl.Series([1, 3]).std(ddof=0)
        1.0
        """
        return self._scalar(lambda c: c.std(ddof))

    def var(self, ddof: int = 1):
        """Variance.

        >>> import floe as fl
        >>> fl.Series([1, 3]).var()
        2.0
        """
        return self._scalar(lambda c: c.var(ddof))

    def n_unique(self) -> int:
        """Number of distinct values (null counts as one).

        >>> import floe as fl
        >>> fl.Series([1, 1, None]).n_unique()
        2
        """
        return self._scalar(lambda c: c.n_unique())

    def null_count(self) -> int:
        """Number of nulls.

        >>> import floe as fl
        >>> fl.Series([1, None]).null_count()
        1
        """
        return self._scalar(lambda c: c.null_count())

    def count(self) -> int:
        """Number of non-null values.

        >>> import floe as fl
        >>> fl.Series([1, None]).count()
        1
        """
        return self._scalar(lambda c: c.count())

    def first(self, *, ignore_nulls: bool = False):
        """The first value.

        >>> import floe as fl
        >>> fl.Series([5, 6]).first()
        5
        """
        return self._scalar(lambda c: c.first(ignore_nulls=ignore_nulls))

    def last(self, *, ignore_nulls: bool = False):
        """The last value.

        >>> import floe as fl
        >>> fl.Series([5, 6]).last()
        6
        """
        return self._scalar(lambda c: c.last(ignore_nulls=ignore_nulls))

    def quantile(self, quantile: float, interpolation: str = "nearest"):
        """The ``quantile`` of the values.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3, 4]).quantile(0.5, "midpoint")
        2.5
        """
        return self._scalar(lambda c: c.quantile(quantile, interpolation))

    def cast(self, dtype, *, strict: bool = True, wrap_numerical: bool = False) -> "Series":
        """The values converted to ``dtype``.

        >>> import floe as fl
        >>> fl.Series([1, 2]).cast(fl.String).to_list()
        ['1', '2']
        """
        return self._apply(lambda c: c.cast(dtype, strict=strict, wrap_numerical=wrap_numerical))

    def is_null(self) -> "Series":
        """True where the value is null.

        >>> import floe as fl
        >>> fl.Series([1, None]).is_null().to_list()
        [False, True]
        """
        return self._apply(lambda c: c.is_null())

    def is_not_null(self) -> "Series":
        """True where the value is not null.

        >>> import floe as fl
        >>> fl.Series([1, None]).is_not_null().to_list()
        [True, False]
        """
        return self._apply(lambda c: c.is_not_null())

    def fill_null(self, value=None, strategy: str | None = None, limit: int | None = None) -> "Series":
        """Nulls replaced with ``value`` (or by ``strategy``).

        >>> import floe as fl
        >>> fl.Series([1, None]).fill_null(0).to_list()
        [1, 0]
        """
        return self._apply(lambda c: c.fill_null(value, strategy, limit))

    def fill_nan(self, value) -> "Series":
        """NaN replaced with ``value``.

        >>> import floe as fl
        >>> fl.Series([1.0, float("nan")]).fill_nan(0.0).to_list()
        [1.0, 0.0]
        """
        return self._apply(lambda c: c.fill_nan(value))

    def is_in(self, other, *, nulls_equal: bool = False) -> "Series":
        """True where the value is one of ``other``.

        >>> import floe as fl
        >>> fl.Series([1, 2]).is_in([2]).to_list()
        [False, True]
        """
        return self._apply(lambda c: c.is_in(other, nulls_equal=nulls_equal))

    def is_between(self, lower_bound, upper_bound, closed: str = "both") -> "Series":
        """True where lower_bound <= value <= upper_bound.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).is_between(2, 3).to_list()
        [False, True, True]
        """
        return self._apply(lambda c: c.is_between(lower_bound, upper_bound, closed))

    def abs(self) -> "Series":
        """Absolute values.

        >>> import floe as fl
        >>> fl.Series([-1, 2]).abs().to_list()
        [1, 2]
        """
        return self._apply(lambda c: c.abs())

    def round(self, decimals: int = 0, mode: str = "half_to_even") -> "Series":
        """Values rounded to ``decimals`` places.

        >>> import floe as fl
        >>> fl.Series([1.26]).round(1).to_list()
        [1.3]
        """
        return self._apply(lambda c: c.round(decimals, mode))

    def is_nan(self) -> "Series":
        """Whether each value is NaN (null stays null).

        >>> import floe as fl
        >>> fl.Series([1.0, float("nan"), None]).is_nan().to_list()
        [False, True, None]
        """
        return self._apply(lambda c: c.is_nan())

    def is_not_nan(self) -> "Series":
        """Whether each value is not NaN.

        >>> import floe as fl
        >>> fl.Series([1.0, float("nan")]).is_not_nan().to_list()
        [True, False]
        """
        return self._apply(lambda c: c.is_not_nan())

    def is_finite(self) -> "Series":
        """Whether each value is neither infinite nor NaN.

        >>> import floe as fl
        >>> fl.Series([1.0, float("inf")]).is_finite().to_list()
        [True, False]
        """
        return self._apply(lambda c: c.is_finite())

    def is_infinite(self) -> "Series":
        """Whether each value is +inf or -inf.

        >>> import floe as fl
        >>> fl.Series([1.0, float("-inf")]).is_infinite().to_list()
        [False, True]
        """
        return self._apply(lambda c: c.is_infinite())

    def sqrt(self) -> "Series":
        """Square roots.

        >>> import floe as fl
        >>> fl.Series([4, 9]).sqrt().to_list()
        [2.0, 3.0]
        """
        return self._apply(lambda c: c.sqrt())

    def clip(self, lower_bound=None, upper_bound=None) -> "Series":
        """Values limited to [lower_bound, upper_bound].

        >>> import floe as fl
        >>> fl.Series([-5, 5]).clip(0, 3).to_list()
        [0, 3]
        """
        return self._apply(lambda c: c.clip(lower_bound, upper_bound))

    def cum_sum(self, *, reverse: bool = False) -> "Series":
        """Running sum, as ``Expr.cum_sum``.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).cum_sum().to_list()
        [1, 3, 6]
        """
        return self._apply(lambda c: c.cum_sum(reverse=reverse))

    def cum_prod(self, *, reverse: bool = False) -> "Series":
        """Running product, as ``Expr.cum_prod``.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).cum_prod().to_list()
        [1, 2, 6]
        """
        return self._apply(lambda c: c.cum_prod(reverse=reverse))

    def cum_min(self, *, reverse: bool = False) -> "Series":
        """Running minimum, as ``Expr.cum_min``.

        >>> import floe as fl
        >>> fl.Series([3, 1, 2]).cum_min().to_list()
        [3, 1, 1]
        """
        return self._apply(lambda c: c.cum_min(reverse=reverse))

    def cum_max(self, *, reverse: bool = False) -> "Series":
        """Running maximum, as ``Expr.cum_max``.

        >>> import floe as fl
        >>> fl.Series([1, 3, 2]).cum_max().to_list()
        [1, 3, 3]
        """
        return self._apply(lambda c: c.cum_max(reverse=reverse))

    def cum_count(self, *, reverse: bool = False) -> "Series":
        """Running count of non-null values, as ``Expr.cum_count``.

        >>> import floe as fl
        >>> fl.Series([1, None, 3]).cum_count().to_list()
        [1, 1, 2]
        """
        return self._apply(lambda c: c.cum_count(reverse=reverse))

    def shift(self, n: int = 1, *, fill_value=None) -> "Series":
        """Values moved by ``n`` rows, as ``Expr.shift``.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).shift(-1).to_list()
        [2, 3, None]
        """
        return self._apply(lambda c: c.shift(n, fill_value=fill_value))

    def diff(self, n: int = 1, null_behavior: str = "ignore") -> "Series":
        """Difference with the value ``n`` rows earlier, as ``Expr.diff``.

        >>> import floe as fl
        >>> fl.Series([1, 4, 9]).diff(null_behavior="drop").to_list()
        [3, 5]
        """
        return self._apply(lambda c: c.diff(n, null_behavior))

    def rank(self, method: str = "average", *, descending: bool = False, seed: int | None = None) -> "Series":
        """Rank of each value, as ``Expr.rank``.

        >>> import floe as fl
        >>> fl.Series([3, 1, 3]).rank("dense").to_list()
        [2, 1, 2]
        """
        return self._apply(lambda c: c.rank(method, descending=descending, seed=seed))

    def top_k(self, k: int = 5) -> "Series":
        """The ``k`` largest values, largest first.

        >>> import floe as fl
        >>> fl.Series([1, 5, 3]).top_k(2).to_list()
        [5, 3]
        """
        return self._apply(lambda c: c.top_k(k))

    def bottom_k(self, k: int = 5) -> "Series":
        """The ``k`` smallest values, smallest first.

        >>> import floe as fl
        >>> fl.Series([1, 5, 3]).bottom_k(2).to_list()
        [1, 3]
        """
        return self._apply(lambda c: c.bottom_k(k))

    def sort(self, *, descending: bool = False, nulls_last: bool = False, multithreaded: bool = True,
             in_place: bool = False) -> "Series":
        """The values in sorted order.

        >>> import floe as fl
        >>> fl.Series([2, 1, 3]).sort().to_list()
        [1, 2, 3]
        """
        if in_place:
            raise NotImplementedError("Series are immutable in Floe; use the returned Series")
        return self._apply(lambda c: c.sort(descending=descending, nulls_last=nulls_last))

    def head(self, n: int = 10) -> "Series":
        """The first ``n`` values.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).head(2).to_list()
        [1, 2]
        """
        return Series._from_frame(self._frame.head(n))

    def tail(self, n: int = 10) -> "Series":
        """The last ``n`` values.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).tail(2).to_list()
        [2, 3]
        """
        return Series._from_frame(self._frame.tail(n))

    def slice(self, offset: int, length: int | None = None) -> "Series":
        """``length`` values from ``offset``.

        >>> import floe as fl
        >>> fl.Series([1, 2, 3]).slice(1, 1).to_list()
        [2]
        """
        return Series._from_frame(self._frame.slice(offset, length))

    def equals(self, other: "Series", *, check_dtypes: bool = False, check_names: bool = False,
               null_equal: bool = True) -> bool:
        """Whether both Series hold the same values (and dtype, name when asked).

        >>> import floe as fl
        >>> fl.Series("a", [1]).equals(fl.Series("b", [1]))
        True
        >>> fl.Series("a", [1]).equals(fl.Series("b", [1]), check_names=True)
        False
        """
        if check_dtypes and self.dtype != other.dtype:
            return False
        if check_names and self.name != other.name:
            return False
        return self.rename("_").to_frame().equals(other.rename("_").to_frame(), null_equal=null_equal)

    @property
    def str(self) -> "_SeriesNameSpace":
        """String functions, as ``Expr.str``.

        >>> import floe as fl
        >>> fl.Series(["ab"]).str.to_uppercase().to_list()
        ['AB']
        """
        return _SeriesNameSpace(self, "str")

    @property
    def dt(self) -> "_SeriesNameSpace":
        """Date and time functions, as ``Expr.dt``.

        >>> import datetime, floe as fl
        >>> fl.Series([datetime.date(2024, 3, 1)]).dt.month().to_list()
        [3]
        """
        return _SeriesNameSpace(self, "dt")

    @property
    def list(self) -> "_SeriesNameSpace":
        """List functions, as ``Expr.list``.

        >>> import floe as fl
        >>> fl.Series([[1, 2], []]).list.len().to_list()
        [2, 0]
        """
        return _SeriesNameSpace(self, "list")

    @property
    def struct(self) -> "_SeriesNameSpace":
        """Struct functions, as ``Expr.struct``.

        >>> import floe as fl
        >>> fl.Series([{"a": 1}]).struct.field("a").to_list()
        [1]
        """
        return _SeriesNameSpace(self, "struct")

    def __repr__(self) -> str:
        return self._frame._df.series_repr(Config._current())

    __str__ = __repr__


class _SeriesNameSpace:
    """``Series.str`` / ``Series.dt``: each function of the expression namespace, applied to the Series."""

    def __init__(self, series: Series, kind: str):
        self._s = series
        self._kind = kind

    def __getattr__(self, name: str):
        probe = getattr(getattr(col("_"), self._kind), name)

        def apply(*args, **kwargs) -> Series:
            if self._kind == "struct":  # a field keeps its own name, as in Polars
                expr = getattr(col(self._s.name).struct, name)(*args, **kwargs)
                return Series._from_frame(self._s._frame.select(expr))
            return self._s._apply(lambda c: getattr(getattr(c, self._kind), name)(*args, **kwargs))

        apply.__doc__ = probe.__doc__
        return apply
