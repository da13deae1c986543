"""LazyFrame: a query built with Polars' verbs and run by collect()."""

from __future__ import annotations

import builtins
import os
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
             suffix: str = "_right", validate: str = "m:m", nulls_equal: bool = False, coalesce=None,
             maintain_order=None, build_side: str = "auto") -> "LazyFrame":
        """Joins with ``other`` on equal keys (``how``: inner, left, right, full, semi, anti or cross).

        Keys are column names or expressions. ``coalesce`` merges the key columns of both sides
        (default: all but full joins); ``validate`` ("1:m", "m:1", "1:1") fails unless the "1"
        sides have unique keys. Inner and left joins keep the left order, right joins the right
        order.

        >>> import floe as fl
        >>> orders = fl.LazyFrame({"id": [1, 2, 3], "customer": [10, 20, 10]})
        >>> names = fl.LazyFrame({"customer": [10, 20], "name": ["ann", "bob"]})
        >>> orders.join(names, on="customer").collect().rows()
        [(1, 10, 'ann'), (2, 20, 'bob'), (3, 10, 'ann')]
        >>> orders.join(names, on="customer", how="full").sort("id").collect().rows()
        [(1, 10, 10, 'ann'), (2, 20, 20, 'bob'), (3, 10, 10, 'ann')]
        """
        if not isinstance(other, LazyFrame):
            raise TypeError(f"expected `other` join table to be a LazyFrame, not {type(other).__name__!r}")
        if how == "outer":
            raise ValueError("use of `how='outer'` should be replaced with `how='full'`.")
        if how not in ("inner", "left", "right", "full", "semi", "anti", "cross"):
            raise ValueError(f"`how` must be one of {{'inner', 'left', 'full', 'semi', 'anti', 'cross'}}, got {how}")
        if validate not in ("m:m", "m:1", "1:m", "1:1"):
            raise ValueError(f"`validate` must be one of {{'m:m', 'm:1', '1:m', '1:1'}}, got {validate}")
        # Inner and left joins give left rows in order, each with its matches in right order;
        # right joins the other way round.
        kept_orders = {"inner": ("left", "left_right"), "left": ("left", "left_right"), "semi": ("left",),
                       "anti": ("left",), "right": ("right", "right_left")}.get(how, ())
        if maintain_order not in (None, "none", *kept_orders):
            raise NotImplementedError(f"join(maintain_order={maintain_order!r}) is not supported for how={how!r}")
        if how == "cross":
            if on is not None or left_on is not None or right_on is not None:
                raise ValueError("cross join should not pass join keys")
            left_keys, right_keys = [], []
        else:
            if on is not None:
                left_on = right_on = on
            if left_on is None and right_on is None:
                raise ValueError("must specify `on` OR `left_on` and `right_on`")
            if left_on is None or right_on is None:
                raise ValueError(f"'{'left_on' if right_on is None else 'right_on'}' requires corresponding "
                                 f"'{'right_on' if right_on is None else 'left_on'}'")
            left_keys, right_keys = _exprs([left_on]), _exprs([right_on])
            if coalesce and not all(_is_column(k) for k in _flat([left_on, right_on])):
                import warnings

                warnings.warn("coalescing join requested but not all join keys are column references, turning off "
                              "key coalescing", UserWarning, stacklevel=2)
        return LazyFrame._wrap(self._lf.join(other._lf, left_keys, right_keys, how, suffix, nulls_equal, coalesce,
                                             validate))

    def join_asof(self, other: "LazyFrame", *, left_on=None, right_on=None, on=None, by_left=None, by_right=None,
                  by=None, strategy: str = "backward", suffix: str = "_right", tolerance=None,
                  allow_parallel: bool = True, force_parallel: bool = False, coalesce: bool = True,
                  allow_exact_matches: bool = True, check_sortedness: bool = True) -> "LazyFrame":
        """Asof join: each left row takes the nearest right row by a sorted key (within ``by`` groups).

        ``strategy``: "backward" (last right key <= left key), "forward" (first >=) or
        "nearest". ``tolerance`` bounds the distance: a number, or for temporal keys a duration
        string ("2d", "1h30m") or timedelta.

        >>> import floe as fl
        >>> quotes = fl.LazyFrame({"t": [1, 5, 10], "px": [100, 101, 102]})
        >>> trades = fl.LazyFrame({"t": [2, 5, 12]})
        >>> trades.join_asof(quotes, on="t").collect().rows()
        [(2, 100), (5, 101), (12, 102)]
        """
        if not isinstance(other, LazyFrame):
            raise TypeError(f"expected `other` join table to be a LazyFrame, not {type(other).__name__!r}")
        if strategy not in ("backward", "forward", "nearest"):
            raise ValueError(f"asof `strategy` must be one of {{'backward', 'forward', 'nearest'}}, got {strategy}")
        if on is not None:
            left_on = right_on = on
        if left_on is None or right_on is None:
            raise ValueError("must specify `on` OR `left_on` and `right_on`")
        if by is not None:
            by_left = by_right = by
        if (by_left is None) != (by_right is None):
            raise InvalidOperationError("expected both 'by_left' and 'by_right' to be set in 'asof_join'")
        if by_left is not None and check_sortedness:
            import warnings

            warnings.warn("Sortedness of columns cannot be checked when 'by' groups provided", UserWarning,
                          stacklevel=2)
        by_left = [by_left] if isinstance(by_left, str) else list(by_left or [])
        by_right = [by_right] if isinstance(by_right, str) else list(by_right or [])
        left_key = _exprs([left_on])[0]
        tol = None
        if tolerance is not None:
            tol = _asof_tolerance(tolerance, self._lf.select([left_key]).schema()[0][1])
        return LazyFrame._wrap(self._lf.join_asof(other._lf, left_key, _exprs([right_on])[0], _exprs(by_left),
                                                  _exprs(by_right), strategy, tol, allow_exact_matches,
                                                  check_sortedness, suffix, coalesce))

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

    def top_k(self, k: int, *, by, reverse=False) -> "LazyFrame":
        """The ``k`` rows with the largest values of ``by`` (the smallest with ``reverse``, one
        flag or one per key), largest first; nulls come last. Planned as a sort with a limit.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 3, 2]}).top_k(2, by="a").collect()["a"].to_list()
        [3, 2]
        """
        return self._k_rows(k, by, reverse, largest=True)

    def bottom_k(self, k: int, *, by, reverse=False) -> "LazyFrame":
        """The ``k`` rows with the smallest values of ``by`` (the largest with ``reverse``),
        smallest first; nulls come last. Planned as a sort with a limit.

        >>> import floe as fl
        >>> fl.LazyFrame({"a": [1, 3, 2]}).bottom_k(2, by="a").collect()["a"].to_list()
        [1, 2]
        """
        return self._k_rows(k, by, reverse, largest=False)

    def _k_rows(self, k: int, by, reverse, *, largest: bool) -> "LazyFrame":
        keys = by if isinstance(by, (list, tuple)) else [by]
        flags = list(reverse) if isinstance(reverse, (list, tuple)) else [bool(reverse)] * len(keys)
        if len(flags) != len(keys):
            raise ValueError(f"the length of `reverse` ({len(flags)}) does not match the length of `by` ({len(keys)})")
        descending = [largest != bool(r) for r in flags]
        return self.sort(keys, descending=descending, nulls_last=True, maintain_order=True).head(k)

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

    def unnest(self, columns=None, *more_columns) -> "LazyFrame":
        """Replaces each named Struct column (every one when none is named) by its fields, in place.

        >>> import floe as fl
        >>> fl.LazyFrame({"s": [{"a": 1, "b": "x"}], "n": [2]}).unnest("s").collect().rows()
        [(1, 'x', 2)]
        """
        from floe.datatypes import Struct
        from floe.exceptions import InvalidOperationError
        from floe.expr import col

        schema = self.collect_schema()
        if columns is None and not more_columns:
            columns = [n for n, dtype in schema.items() if isinstance(dtype, Struct)]
        names = [columns] if isinstance(columns, str) else list(columns or [])
        names += list(more_columns)
        for n in names:
            if n not in schema:
                from floe.exceptions import ColumnNotFoundError

                raise ColumnNotFoundError(f"unable to find column \"{n}\"; valid columns: {list(schema)}")
            if not isinstance(schema[n], Struct):
                raise InvalidOperationError(f"invalid series dtype: expected `Struct`, got `{schema[n]!r}` for '{n}'")
        exprs = []
        for n, dtype in schema.items():
            if n in names:
                exprs += [col(n).struct.field(f.name) for f in dtype.fields]
            else:
                exprs.append(col(n))
        return self.select(exprs)

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

    def remote(self, context=None) -> "LazyFrameRemote":  # noqa: F821
        """This query bound to a Floe cluster, to run there: ``lf.remote(ctx).distributed().execute()``
        runs it over all workers, ``.single_node()`` as one task (see ``floe.ClusterContext``).

        >>> import floe as fl
        >>> ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=5051, insecure=True)
        >>> fl.LazyFrame({"a": [1, 2]}).select(fl.col("a").sum()).remote(ctx).distributed()
        LazyFrameRemote(distributed, ClusterContext(compute_address='127.0.0.1', compute_port=5051, insecure=True))
        """
        from floe.cluster import LazyFrameRemote

        return LazyFrameRemote(self, context)

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
        """Runs the query and streams the result as CSV to ``path`` as it is computed.

        >>> import floe as fl, os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "out.csv")
        >>> fl.LazyFrame({"a": [1, 2]}).sink_csv(path)
        >>> open(path).read()
        'a\\n1\\n2\\n'
        """
        from floe.frame_output import _csv_write_options

        kw = _csv_write_options(include_header, separator, line_terminator, quote_char, float_precision, null_value,
                                quote_style)
        self._lf.sink_csv(os.path.expanduser(os.fspath(path)), kw)

    def sink_parquet(self, path, *, compression: str = "zstd", compression_level: int | None = None,
                     statistics: bool | str | dict = True, row_group_size: int | None = None,
                     data_page_size: int | None = None) -> None:
        """Runs the query and streams the result as Parquet to ``path`` (options as
        ``DataFrame.write_parquet``): memory stays bounded by a row group, not the result.

        >>> import floe as fl, os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "out.parquet")
        >>> fl.LazyFrame({"a": [1, 2]}).sink_parquet(path, compression="snappy")
        >>> os.path.getsize(path) > 0
        True
        """
        from floe.frame_output import _parquet_write_options

        kw = _parquet_write_options(compression, compression_level, statistics, row_group_size, data_page_size)
        # Streams: row groups are written as the query produces them, never the whole result at once.
        self._lf.sink_parquet(os.path.expanduser(os.fspath(path)), kw)

    def __repr__(self) -> str:
        return f"<LazyFrame at 0x{id(self):X}>"

    def __str__(self) -> str:
        return (
            "naive plan: (run LazyFrame.explain(optimized=True) to see the optimized plan)\n\n"
            + self.explain(optimized=False)
        )


from floe.group_by import LazyGroupBy  # noqa: E402
from floe.series import Series  # noqa: E402,F401


def _flat(items) -> list:
    """Nested lists of join keys as one flat list."""
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_flat(item))
        else:
            out.append(item)
    return out


def _is_column(key) -> bool:
    """A join key naming a column (a string or a bare ``col("name")``)."""
    import re

    return isinstance(key, str) or (isinstance(key, Expr) and re.fullmatch(r'col\("[^"]*"\)', str(key)) is not None)


_DURATION_NS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000,
                "h": 3_600_000_000_000, "d": 86_400_000_000_000, "w": 604_800_000_000_000}


def _asof_tolerance(tolerance, key_dtype: str) -> float:
    """An asof tolerance in the physical units of the key: days for dates, ticks for datetimes."""
    import datetime
    import re

    if isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool):
        return float(tolerance)
    if isinstance(tolerance, datetime.timedelta):
        ns = (tolerance.days * 86_400 + tolerance.seconds) * 1_000_000_000 + tolerance.microseconds * 1_000
    elif isinstance(tolerance, str):
        parts = re.findall(r"(\d+)(ns|us|µs|ms|s|m|h|d|w)", tolerance)
        if not parts or "".join(n + u for n, u in parts) != tolerance:
            raise InvalidOperationError(f"invalid duration string {tolerance!r} for an asof tolerance")
        ns = sum(int(n) * _DURATION_NS[u] for n, u in parts)
    else:
        raise TypeError(f"asof tolerance must be a number, a duration string or a timedelta, got {tolerance!r}")
    if key_dtype == "date":
        return ns / _DURATION_NS["d"]
    for unit, per in (("ms", 1_000_000), ("us", 1_000), ("μs", 1_000), ("ns", 1)):
        if key_dtype.startswith(("datetime[" + unit, "duration[" + unit)):
            return ns / per
    if key_dtype == "time":
        return float(ns)
    raise InvalidOperationError("can only use timedelta string language with Date/Datetime/Duration/Time dtypes")
