"""LazyFrame: a query built with Polars' verbs and run by collect()."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, Sequence

from floe import _floe
from floe.config import Config
from floe.datatypes import _dtype_name, _from_engine
from floe.exceptions import InvalidOperationError, OutOfBoundsError
from floe.expr import Expr, _combine, _exprs, _names, col, lit
from floe.frame import DataFrame, Schema, _rename_mapping, _schema_dict, _sort_args  # noqa: F401


class LazyFrame:
    """A lazy query: build it with Polars' verbs, run it with ``collect()``.

    >>> import floe as fl
    >>> lf = fl.LazyFrame({"a": [1, 2, 3]}).filter(fl.col("a") > 1)
    >>> lf.collect()["a"].to_list()
    [2, 3]
    """

    def __init__(self, data: Any = None, schema: Any = None, *, schema_overrides: dict | None = None,
                 strict: bool = True, orient: str | None = None):
        if data is None and schema is None:
            self._lf = _floe.PyLazyFrame()
        else:
            frame = DataFrame(data, schema=schema, schema_overrides=schema_overrides, strict=strict, orient=orient)
            self._lf = frame._df.lazy()

    @classmethod
    def _wrap(cls, native) -> "LazyFrame":
        obj = cls.__new__(cls)
        obj._lf = native
        return obj

    # schema
    def collect_schema(self) -> Schema:
        """The output schema, without running the query.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1]}).select((fl.col("a") / 2).alias("h")).collect_schema()
        Schema([('h', Float64)])
        """
        return _schema_dict(self._lf.schema())

    @property
    def schema(self) -> Schema:
        """The output schema (as ``collect_schema()``).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1]}).schema
        Schema([('a', Int64)])
        """
        return self.collect_schema()

    @property
    def columns(self) -> list[str]:
        """The output column names.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1], "b": [2]}).columns
        ['a', 'b']
        """
        return self.collect_schema().names()

    @property
    def dtypes(self) -> list:
        """The output dtypes.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1], "b": [2.0]}).dtypes
        [Int64, Float64]
        """
        return self.collect_schema().dtypes()

    @property
    def width(self) -> int:
        """The number of output columns.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1], "b": [2]}).width
        2
        """
        return builtins.len(self.collect_schema())

    # verbs
    def select(self, *exprs, **named_exprs) -> "LazyFrame":
        """The columns computed by ``exprs`` (names, expressions, or ``name=expr``).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2]}).select("a", b=fl.col("a") * 10).collect().rows()
        [(1, 10), (2, 20)]
        """
        return LazyFrame._wrap(self._lf.select(_exprs(exprs, named_exprs)))

    def with_columns(self, *exprs, **named_exprs) -> "LazyFrame":
        """Adds (or replaces) the columns computed by ``exprs``.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2]}).with_columns(b=fl.col("a") + 1).collect().rows()
        [(1, 2), (2, 3)]
        """
        return LazyFrame._wrap(self._lf.with_columns(_exprs(exprs, named_exprs)))

    def filter(self, *predicates, **constraints) -> "LazyFrame":
        """The rows where every predicate is true (null counts as false); ``name=value`` tests equality.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, None]}).filter(fl.col("a") > 1).collect()["a"].to_list()
        [2]
        """
        return LazyFrame._wrap(self._lf.filter(_combine(predicates, constraints)._e))

    def head(self, n: int = 5) -> "LazyFrame":
        """The first ``n`` rows.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3]}).head(2).collect()["a"].to_list()
        [1, 2]
        """
        return self.slice(0, n)

    def limit(self, n: int = 5) -> "LazyFrame":
        """The first ``n`` rows (as ``head``).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3]}).limit(1).collect()["a"].to_list()
        [1]
        """
        return self.head(n)

    def tail(self, n: int = 5) -> "LazyFrame":
        """The last ``n`` rows.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3]}).tail(2).collect()["a"].to_list()
        [2, 3]
        """
        if n < 0:
            raise OverflowError("number too small to fit in target type")  # as Polars
        return LazyFrame._wrap(self._lf.tail(n))

    def first(self) -> "LazyFrame":
        """The first row.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3]}).first().collect().rows()
        [(1,)]
        """
        return self.head(1)

    def last(self) -> "LazyFrame":
        """The last row.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3]}).last().collect().rows()
        [(3,)]
        """
        return self.tail(1)

    def slice(self, offset: int, length: int | None = None) -> "LazyFrame":
        """``length`` rows from ``offset`` (negative counts from the end).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2, 3, 4]}).slice(-3, 2).collect()["a"].to_list()
        [2, 3]
        """
        if length is not None and length < 0:
            raise ValueError(f"negative slice lengths ({length}) are invalid for LazyFrame")
        return LazyFrame._wrap(self._lf.slice(offset, length))

    def group_by(self, *by, maintain_order: bool = False, **named_by) -> "LazyGroupBy":
        """Groups rows by keys (names or expressions); finish with ``.agg(...)``.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
        >>> lf.group_by("k", maintain_order=True).agg(fl.col("v").sum()).collect().rows()
        [('a', 4), ('b', 2)]
        """
        return LazyGroupBy(self, _exprs(by, named_by), maintain_order)

    def join(self, other: "LazyFrame", on=None, how: str = "inner", *, left_on=None, right_on=None,
             suffix: str = "_right", nulls_equal: bool = False, coalesce=None, validate: str = "m:m") -> "LazyFrame":
        """Joins with ``other`` on equal keys (``how``: inner, left, semi, anti or cross).

        >>> import floe as fl
        >>> orders = fl.LazyFrame({"id": [1, 2, 3], "customer": [10, 20, 10]})
        >>> names = fl.LazyFrame({"customer": [10, 20], "name": ["ann", "bob"]})
        >>> orders.join(names, on="customer").collect().rows()
        [(1, 10, 'ann'), (2, 20, 'bob'), (3, 10, 'ann')]
        """
        if not isinstance(other, LazyFrame):
            raise TypeError(f"expected `other` join table to be a LazyFrame, not {type(other).__name__!r}")
        if validate != "m:m":
            raise NotImplementedError("join(validate=...) is not supported yet")
        if how == "cross":
            left_keys, right_keys = [], []
        else:
            if on is not None:
                left_on = right_on = on
            if left_on is None or right_on is None:
                raise ValueError("must specify `on` OR `left_on` and `right_on`")
            left_keys, right_keys = _exprs([left_on]), _exprs([right_on])
        return LazyFrame._wrap(self._lf.join(other._lf, left_keys, right_keys, how, suffix, nulls_equal))

    def unique(self, subset=None, *, keep: str = "any", maintain_order: bool = False) -> "LazyFrame":
        """Drops duplicate rows (by ``subset`` columns when given).

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"a": [1, 2, 1], "b": ["x", "y", "z"]})
        >>> lf.unique(subset="a", keep="last", maintain_order=True).collect().rows()
        [(2, 'y'), (1, 'z')]
        """
        names = [] if subset is None else ([subset] if isinstance(subset, str) else list(subset))
        return LazyFrame._wrap(self._lf.unique(names, keep, maintain_order))

    def sort(self, by, *more_by, descending=False, nulls_last=False, maintain_order=False,
             multithreaded=True) -> "LazyFrame":
        """Sorts by one or more columns or expressions; ``descending`` and ``nulls_last`` take
        one flag or one per key. The sort is stable.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"a": [1, 2, 1], "b": ["x", "y", "z"]})
        >>> lf.sort("a", "b", descending=[False, True]).collect()["b"].to_list()
        ['z', 'x', 'y']
        """
        keys, desc, nl = _sort_args(by, more_by, descending, nulls_last)
        return LazyFrame._wrap(self._lf.sort(keys, desc, nl, maintain_order))

    def rename(self, mapping: dict[str, str] | Callable[[str], str], *, strict: bool = True) -> "LazyFrame":
        """Renames columns by a mapping (or a function of the name).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1]}).rename({"a": "b"}).columns
        ['b']
        """
        return LazyFrame._wrap(self._lf.rename(_rename_mapping(mapping, lambda: self.columns), strict))

    def drop(self, *columns, strict: bool = True) -> "LazyFrame":
        """Removes the named columns.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1], "b": [2]}).drop("a").columns
        ['b']
        """
        return LazyFrame._wrap(self._lf.drop(_names(columns), strict))

    def with_row_index(self, name: str = "index", offset: int = 0) -> "LazyFrame":
        """Adds a first column numbering the rows (UInt32) from ``offset``.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": ["x", "y"]}).with_row_index().collect().rows()
        [(0, 'x'), (1, 'y')]
        """
        if offset < 0:
            raise ValueError(f"`offset` input for `with_row_index` cannot be negative, got {offset}")
        return LazyFrame._wrap(self._lf.with_row_index(name, offset))

    def explain(self, *, format: str = "plain", optimized: bool = True, engine: str = "auto") -> str:  # noqa: A002
        """The query plan as text: the optimized one by default, the plan as built with
        ``optimized=False``.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"a": [1, 2], "b": [3, 4]}).filter(fl.col("a") > 1).select("b")
        >>> print(lf.explain(optimized=False))
        SELECT [col("b")]
          FILTER [(col("a")) > (dyn int: 1)]
          FROM
            DF ["a", "b"]; 2 columns
            PROJECT * COLUMNS
        """
        if format != "plain":
            raise NotImplementedError(f"explain(format={format!r}) is not supported; use 'plain'")
        return self._lf.explain(optimized).rstrip("\n")

    def collect(self, **kwargs) -> "DataFrame":
        """Runs the query on all cores and returns the result.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 2]}).select(fl.col("a").sum()).collect().item()
        3
        """
        return DataFrame._wrap(self._lf.collect())

    def lazy(self) -> "LazyFrame":
        """The frame itself.

        >>> import floe as fl
        >>> lf = fl.LazyFrame({"a": [1]})
        >>> lf.lazy() is lf
        True
        """
        return self

    def clone(self) -> "LazyFrame":
        """A copy of the query (plans are immutable, so this is cheap).

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1]}).clone().collect().rows()
        [(1,)]
        """
        return LazyFrame._wrap(self._lf)

    def sink_csv(self, path, *, include_header: bool = True, separator: str = ",", line_terminator: str = "\n",
                 quote_char: str = '"', float_precision: int | None = None, null_value: str | None = None,
                 quote_style: str | None = None) -> None:
        """Runs the query and writes the result as CSV to ``path``.

        >>> import floe as fl, os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "out.csv")
        >>> fl.LazyFrame({"a": [1, 2]}).sink_csv(path)
        >>> open(path).read()
        'a\\n1\\n2\\n'
        """
        self.collect().write_csv(path, include_header=include_header, separator=separator,
                                 line_terminator=line_terminator, quote_char=quote_char,
                                 float_precision=float_precision, null_value=null_value, quote_style=quote_style)

    def __repr__(self) -> str:
        return f"<LazyFrame at 0x{id(self):X}>"

    def __str__(self) -> str:
        return (
            "naive plan: (run LazyFrame.explain(optimized=True) to see the optimized plan)\n\n"
            + self.explain(optimized=False)
        )


from floe.group_by import LazyGroupBy  # noqa: E402
from floe.series import Series  # noqa: E402,F401
