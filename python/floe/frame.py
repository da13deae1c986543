"""DataFrame, LazyFrame and Series: Polars' API over Floe's engine."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from floe import _floe
from floe.config import Config
from floe.datatypes import _dtype_name, _from_engine
from floe.expr import Expr, _exprs, _to_expr, col


def _is_numpy_numeric(value) -> bool:
    """A 1-d numpy array of numbers or booleans (shared with the engine without a copy)."""
    return type(value).__module__ == "numpy" and getattr(value, "ndim", 0) == 1 and value.dtype.kind in "biuf"


def _schema_dict(pairs) -> "Schema":
    return Schema({name: _from_engine(t) for name, t in pairs})


class Schema(dict):
    """An ordered mapping of column names to dtypes, printed as Polars prints it."""

    def names(self) -> list[str]:
        return list(self.keys())

    def dtypes(self) -> list:
        return list(self.values())

    def len(self) -> int:
        return len(self)

    def __repr__(self) -> str:
        inner = ", ".join(f"({k!r}, {v!r})" for k, v in self.items())
        return f"Schema([{inner}])"


def _sort_args(by, more_by, descending, nulls_last):
    keys = _exprs([by, *more_by])
    desc = list(descending) if isinstance(descending, (list, tuple)) else [bool(descending)]
    nl = list(nulls_last) if isinstance(nulls_last, (list, tuple)) else [bool(nulls_last)]
    return keys, desc, nl


class LazyFrame:
    """A lazy query: build it with Polars' verbs, run it with ``collect()``.

    >>> import floe as fl
    >>> lf = fl.LazyFrame({"a": [1, 2, 3]}).filter(fl.col("a") > 1)
    >>> lf.collect()["a"].to_list()
    [2, 3]
    """

    def __init__(self, data: Any = None, schema: Any = None):
        if data is None and schema is None:
            self._lf = _floe.PyLazyFrame()
        else:
            self._lf = DataFrame(data, schema=schema)._df.lazy()

    @classmethod
    def _wrap(cls, native) -> "LazyFrame":
        obj = cls.__new__(cls)
        obj._lf = native
        return obj

    # schema
    def collect_schema(self) -> Schema:
        """The output schema, without running the query."""
        return _schema_dict(self._lf.schema())

    @property
    def schema(self) -> Schema:
        return self.collect_schema()

    @property
    def columns(self) -> list[str]:
        return self.collect_schema().names()

    @property
    def dtypes(self) -> list:
        return self.collect_schema().dtypes()

    @property
    def width(self) -> int:
        return len(self.collect_schema())

    # verbs
    def select(self, *exprs, **named) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.select(_exprs(exprs, named)))

    def with_columns(self, *exprs, **named) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.with_columns(_exprs(exprs, named)))

    def filter(self, *predicates, **constraints) -> "LazyFrame":
        preds = [_to_expr(p, str_as_lit=False) for p in predicates]
        preds += [col(k) == v for k, v in constraints.items()]
        if not preds:
            raise TypeError("filter() needs at least one predicate")
        combined = preds[0]
        for p in preds[1:]:
            combined = combined & p
        return LazyFrame._wrap(self._lf.filter(combined._e))

    def head(self, n: int = 5) -> "LazyFrame":
        return self.slice(0, n)

    def limit(self, n: int = 5) -> "LazyFrame":
        return self.head(n)

    def tail(self, n: int = 5) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.tail(n))

    def slice(self, offset: int, length: int | None = None) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.slice(offset, length))

    def group_by(self, *by, maintain_order: bool = False, **named_by) -> "LazyGroupBy":
        """Groups rows by keys (names or expressions); finish with ``.agg(...)``.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
        >>> lf.group_by("k", maintain_order=True).agg(fl.col("v").sum()).collect().rows()
        [('a', 4), ('b', 2)]
        """
        return LazyGroupBy(self, _exprs(by, named_by), maintain_order)

    def sort(self, by, *more_by, descending=False, nulls_last=False, maintain_order=False, multithreaded=True) -> "LazyFrame":
        keys, desc, nl = _sort_args(by, more_by, descending, nulls_last)
        return LazyFrame._wrap(self._lf.sort(keys, desc, nl, maintain_order))

    def rename(self, mapping: dict[str, str], *, strict: bool = True) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.rename(dict(mapping), strict))

    def drop(self, *columns, strict: bool = True) -> "LazyFrame":
        names = [c for item in columns for c in ([item] if isinstance(item, str) else item)]
        return LazyFrame._wrap(self._lf.drop(names, strict))

    def with_row_index(self, name: str = "index", offset: int = 0) -> "LazyFrame":
        return LazyFrame._wrap(self._lf.with_row_index(name, offset))

    def explain(self, *, optimized: bool = True) -> str:
        """The query plan as text (optimized by default)."""
        return self._lf.explain(optimized).rstrip("\n")

    def collect(self, **kwargs) -> "DataFrame":
        """Runs the query on all cores and returns the result."""
        return DataFrame._wrap(self._lf.collect())

    def lazy(self) -> "LazyFrame":
        return self

    def sink_csv(self, path: str, **kwargs) -> None:
        self.collect().write_csv(path, **kwargs)

    def __repr__(self) -> str:
        return f"<LazyFrame at {hex(id(self))}>\n" + self.explain(optimized=False)


class LazyGroupBy:
    """``LazyFrame.group_by(...)``: call ``agg`` (or a shorthand such as ``sum``) to finish."""

    def __init__(self, lf: LazyFrame, keys: list, maintain_order: bool):
        self._lf = lf
        self._keys = keys
        self._maintain_order = maintain_order

    def agg(self, *aggs, **named_aggs) -> LazyFrame:
        """One row per group with the given aggregations."""
        return LazyFrame._wrap(self._lf._lf.group_by_agg(self._keys, _exprs(aggs, named_aggs), self._maintain_order))

    def len(self, name: str | None = None) -> LazyFrame:
        from floe.expr import len as _len

        return self.agg(_len().alias(name) if name else _len())

    def _all(self, method: str) -> LazyFrame:
        from floe.expr import all as _all

        return self.agg(getattr(_all().exclude(*self._key_names()), method)())

    def _key_names(self) -> list[str]:
        return [repr_name for repr_name in self._lf.select(*[Expr(k) for k in self._keys]).columns]

    def sum(self): return self._all("sum")
    def mean(self): return self._all("mean")
    def min(self): return self._all("min")
    def max(self): return self._all("max")
    def first(self): return self._all("first")
    def last(self): return self._all("last")
    def count(self): return self._all("count")
    def n_unique(self): return self._all("n_unique")


class GroupBy:
    """``DataFrame.group_by(...)``: the eager form of LazyGroupBy."""

    def __init__(self, lazy: LazyGroupBy):
        self._lazy = lazy

    def agg(self, *aggs, **named_aggs) -> "DataFrame":
        return self._lazy.agg(*aggs, **named_aggs).collect()

    def __getattr__(self, name):
        method = getattr(self._lazy, name)
        return lambda *a, **k: method(*a, **k).collect()


class DataFrame:
    """A table of named columns, built from a dict of lists (or list of dicts), as in Polars.

    >>> import floe as fl
    >>> df = fl.DataFrame({"a": [1, 2], "b": ["x", None]})
    >>> df.shape
    (2, 2)
    >>> print(df)
    shape: (2, 2)
    ┌─────┬──────┐
    │ a   ┆ b    │
    │ --- ┆ ---  │
    │ i64 ┆ str  │
    ╞═════╪══════╡
    │ 1   ┆ x    │
    │ 2   ┆ null │
    └─────┴──────┘
    """

    def __init__(self, data: Any = None, schema: Any = None, *, schema_overrides: dict | None = None, strict: bool = True):
        names: list[str] = []
        columns: list[Any] = []
        if data is None:
            data = {}
        if isinstance(data, DataFrame):
            self._df = data._df
            return
        if isinstance(data, dict) and data and schema is None and not schema_overrides and all(
            _is_numpy_numeric(v) for v in data.values()
        ):
            self._df = _floe.PyDataFrame.from_numpy(list(data.keys()), list(data.values()))
            return
        if isinstance(data, dict):
            for k, v in data.items():
                names.append(k)
                columns.append(v.to_list() if isinstance(v, Series) else list(v))
        elif isinstance(data, Sequence) and data and isinstance(data[0], dict):
            for row in data:
                for k in row:
                    if k not in names:
                        names.append(k)
            columns = [[row.get(k) for row in data] for k in names]
        elif isinstance(data, Sequence) and data and isinstance(data[0], Series):
            names = [s.name for s in data]
            columns = [s.to_list() for s in data]
        elif isinstance(data, Sequence) and not data:
            pass
        else:
            raise TypeError(f"DataFrame constructor called with unsupported type {type(data).__name__!r}")
        dtypes: list[Any] = [None] * len(names)
        if schema is not None:
            items = list(schema.items()) if isinstance(schema, dict) else list(schema)
            if not names:
                names = [k if isinstance(k, str) else k[0] for k in (items if isinstance(schema, dict) else items)]
                columns = [[] for _ in names]
                dtypes = [None] * len(names)
            for i, item in enumerate(items):
                name, dtype = (item if isinstance(item, tuple) else (item, None))
                if i < len(names) and dtype is not None:
                    dtypes[i] = _dtype_name(dtype)
                if i < len(names) and name != names[i]:
                    names[i] = name
        for k, v in (schema_overrides or {}).items():
            if k in names:
                dtypes[names.index(k)] = _dtype_name(v)
        self._df = _floe.PyDataFrame(names, columns, dtypes, strict)

    @classmethod
    def _wrap(cls, native) -> "DataFrame":
        obj = cls.__new__(cls)
        obj._df = native
        return obj

    # shape and schema
    @property
    def shape(self) -> tuple[int, int]:
        return (self._df.height, self._df.width)

    @property
    def height(self) -> int:
        return self._df.height

    @property
    def width(self) -> int:
        return self._df.width

    def __len__(self) -> int:
        return self._df.height

    @property
    def schema(self) -> Schema:
        return _schema_dict(self._df.schema())

    def collect_schema(self) -> Schema:
        return self.schema

    @property
    def columns(self) -> list[str]:
        return [n for n, _ in self._df.schema()]

    @property
    def dtypes(self) -> list:
        return self.schema.dtypes()

    # access
    def __getitem__(self, key):
        if isinstance(key, str):
            return self.get_column(key)
        if isinstance(key, int):
            return self.row(key)
        if isinstance(key, slice):
            start, stop, step = key.indices(self.height)
            if step != 1:
                raise ValueError("slices with a step are not supported")
            return self.slice(start, stop - start)
        if isinstance(key, list):
            return self.select(key)
        raise TypeError(f"cannot index a DataFrame with {type(key).__name__!r}")

    def get_column(self, name: str) -> "Series":
        return Series._from_frame(self.select(col(name)))

    def get_columns(self) -> list["Series"]:
        return [self.get_column(c) for c in self.columns]

    def to_series(self, index: int = 0) -> "Series":
        return self.get_column(self.columns[index])

    def row(self, index: int, *, named: bool = False):
        values = self._df.row(index)
        return dict(zip(self.columns, values)) if named else values

    def rows(self, *, named: bool = False) -> list:
        cols = [self._df.column_index_to_list(i) for i in range(self.width)]
        if named:
            names = self.columns
            return [dict(zip(names, r)) for r in zip(*cols)]
        return list(zip(*cols))

    def iter_rows(self, *, named: bool = False):
        yield from self.rows(named=named)

    def item(self, row: int | None = None, column: int | str | None = None):
        if row is None and column is None:
            if self.shape != (1, 1):
                raise ValueError(f"can only call `.item()` if the dataframe is of shape (1, 1), dataframe is of shape {self.shape}")
            return self._df.row(0)[0]
        values = self._df.row(row)
        return values[column if isinstance(column, int) else self.columns.index(column)]

    def to_dict(self, *, as_series: bool = True) -> dict:
        if as_series:
            return {c: self.get_column(c) for c in self.columns}
        return {c: self._df.column_to_list(c) for c in self.columns}

    def to_dicts(self) -> list[dict]:
        return self.rows(named=True)

    # verbs (eager: through the lazy engine)
    def lazy(self) -> LazyFrame:
        return LazyFrame._wrap(self._df.lazy())

    def select(self, *exprs, **named) -> "DataFrame":
        return self.lazy().select(*exprs, **named).collect()

    def with_columns(self, *exprs, **named) -> "DataFrame":
        return self.lazy().with_columns(*exprs, **named).collect()

    def filter(self, *predicates, **constraints) -> "DataFrame":
        return self.lazy().filter(*predicates, **constraints).collect()

    def group_by(self, *by, maintain_order: bool = False, **named_by) -> "GroupBy":
        """Groups rows by keys (names or expressions); finish with ``.agg(...)``.

        >>> import floe as fl
        >>> df = fl.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
        >>> df.group_by("k", maintain_order=True).agg(fl.col("v").max()).rows()
        [('a', 3), ('b', 2)]
        """
        return GroupBy(self.lazy().group_by(*by, maintain_order=maintain_order, **named_by))

    def sort(self, by, *more_by, descending=False, nulls_last=False, maintain_order=False, multithreaded=True) -> "DataFrame":
        return self.lazy().sort(by, *more_by, descending=descending, nulls_last=nulls_last, maintain_order=maintain_order).collect()

    def head(self, n: int = 5) -> "DataFrame":
        return DataFrame._wrap(self._df.slice(0, n if n >= 0 else max(0, self.height + n)))

    def limit(self, n: int = 5) -> "DataFrame":
        return self.head(n)

    def tail(self, n: int = 5) -> "DataFrame":
        n = n if n >= 0 else max(0, self.height + n)
        return DataFrame._wrap(self._df.slice(max(0, self.height - n), n))

    def slice(self, offset: int, length: int | None = None) -> "DataFrame":
        return self.lazy().slice(offset, length).collect()

    def rename(self, mapping: dict[str, str], *, strict: bool = True) -> "DataFrame":
        return self.lazy().rename(mapping, strict=strict).collect()

    def drop(self, *columns, strict: bool = True) -> "DataFrame":
        return self.lazy().drop(*columns, strict=strict).collect()

    def with_row_index(self, name: str = "index", offset: int = 0) -> "DataFrame":
        return self.lazy().with_row_index(name, offset).collect()

    def clone(self) -> "DataFrame":
        return DataFrame._wrap(self._df)

    def equals(self, other: "DataFrame") -> bool:
        return self.schema == other.schema and self.rows() == other.rows()

    # output
    def write_csv(self, file: str | None = None, **kwargs) -> str | None:
        """Writes CSV to ``file``, or returns it as a string when ``file`` is None."""
        return self._df.write_csv("" if file is None else str(file), kwargs)

    def __repr__(self) -> str:
        return self._df.to_string(Config._current())

    __str__ = __repr__


class Series:
    """A named column of values.

    >>> import floe as fl
    >>> s = fl.Series("x", [1, 2, 3])
    >>> (s * 2).to_list()
    [2, 4, 6]
    """

    def __init__(self, name: Any = None, values: Any = None, dtype: Any = None, *, strict: bool = True):
        if values is None and not isinstance(name, str) and name is not None:
            name, values = "", name
        name = "" if name is None else name
        values = [] if values is None else list(values)
        self._frame = DataFrame({name: values}, schema={name: dtype} if dtype is not None else None, strict=strict)

    @classmethod
    def _from_frame(cls, frame: DataFrame) -> "Series":
        obj = cls.__new__(cls)
        obj._frame = frame
        return obj

    @property
    def name(self) -> str:
        return self._frame.columns[0]

    @property
    def dtype(self):
        return self._frame.dtypes[0]

    def __len__(self) -> int:
        return self._frame.height

    def len(self) -> int:
        return self._frame.height

    @property
    def shape(self) -> tuple[int]:
        return (self._frame.height,)

    def to_list(self) -> list:
        return self._frame._df.column_index_to_list(0)

    def to_frame(self) -> DataFrame:
        return self._frame

    def alias(self, name: str) -> "Series":
        return self.rename(name)

    def rename(self, name: str) -> "Series":
        return Series._from_frame(self._frame.select(col(self.name).alias(name)))

    def __getitem__(self, i):
        if isinstance(i, int):
            return self._frame.row(i)[0]
        if isinstance(i, slice):
            start, stop, _ = i.indices(len(self))
            return Series._from_frame(self._frame.slice(start, stop - start))
        raise TypeError(f"cannot index a Series with {type(i).__name__!r}")

    def __iter__(self):
        return iter(self.to_list())

    def _apply(self, fn) -> "Series":
        out = self._frame.select(fn(col(self.name)).alias(self.name))
        return Series._from_frame(out)

    def _scalar(self, fn):
        return self._frame.select(fn(col(self.name))).item()

    def _bin(self, other, op):
        if isinstance(other, Series):
            frame = DataFrame({"__l": self.to_list(), "__r": other.to_list()},
                              schema={"__l": self.dtype, "__r": other.dtype})
            out = frame.select(op(col("__l"), col("__r")).alias(self.name))
            return Series._from_frame(out)
        return self._apply(lambda c: op(c, other))

    def __add__(self, o): return self._bin(o, lambda a, b: a + b)
    def __radd__(self, o): return self._bin(o, lambda a, b: b + a)
    def __sub__(self, o): return self._bin(o, lambda a, b: a - b)
    def __rsub__(self, o): return self._bin(o, lambda a, b: b - a)
    def __mul__(self, o): return self._bin(o, lambda a, b: a * b)
    def __rmul__(self, o): return self._bin(o, lambda a, b: b * a)
    def __truediv__(self, o): return self._bin(o, lambda a, b: a / b)
    def __floordiv__(self, o): return self._bin(o, lambda a, b: a // b)
    def __mod__(self, o): return self._bin(o, lambda a, b: a % b)
    def __pow__(self, o): return self._bin(o, lambda a, b: a ** b)
    def __eq__(self, o): return self._bin(o, lambda a, b: a == b)  # type: ignore[override]
    def __ne__(self, o): return self._bin(o, lambda a, b: a != b)  # type: ignore[override]
    def __lt__(self, o): return self._bin(o, lambda a, b: a < b)
    def __le__(self, o): return self._bin(o, lambda a, b: a <= b)
    def __gt__(self, o): return self._bin(o, lambda a, b: a > b)
    def __ge__(self, o): return self._bin(o, lambda a, b: a >= b)
    def __and__(self, o): return self._bin(o, lambda a, b: a & b)
    def __or__(self, o): return self._bin(o, lambda a, b: a | b)
    def __invert__(self): return self._apply(lambda c: ~c)
    def __neg__(self): return self._apply(lambda c: -c)
    __hash__ = None  # type: ignore[assignment]

    def sum(self): return self._scalar(lambda c: c.sum())
    def mean(self): return self._scalar(lambda c: c.mean())
    def min(self): return self._scalar(lambda c: c.min())
    def max(self): return self._scalar(lambda c: c.max())
    def median(self): return self._scalar(lambda c: c.median())
    def std(self, ddof: int = 1): return self._scalar(lambda c: c.std(ddof))
    def var(self, ddof: int = 1): return self._scalar(lambda c: c.var(ddof))
    def n_unique(self): return self._scalar(lambda c: c.n_unique())
    def null_count(self): return self._scalar(lambda c: c.null_count())
    def count(self): return self._scalar(lambda c: c.count())
    def quantile(self, q: float, interpolation: str = "nearest"): return self._scalar(lambda c: c.quantile(q, interpolation))

    def cast(self, dtype, *, strict: bool = True) -> "Series":
        return self._apply(lambda c: c.cast(dtype, strict=strict))

    def is_null(self): return self._apply(lambda c: c.is_null())
    def is_not_null(self): return self._apply(lambda c: c.is_not_null())
    def fill_null(self, value): return self._apply(lambda c: c.fill_null(value))
    def abs(self): return self._apply(lambda c: c.abs())
    def round(self, decimals: int = 0): return self._apply(lambda c: c.round(decimals))
    def sort(self, *, descending: bool = False): return self._apply(lambda c: c.sort(descending=descending))
    def head(self, n: int = 10) -> "Series": return Series._from_frame(self._frame.head(n))
    def tail(self, n: int = 10) -> "Series": return Series._from_frame(self._frame.tail(n))

    def __repr__(self) -> str:
        return self._frame._df.series_repr(Config._current())

    __str__ = __repr__
