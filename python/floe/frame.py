"""DataFrame and Schema: Polars' eager API over Floe's engine."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, Sequence

from floe import _floe
from floe.frame_output import FrameOutput
from floe.config import Config
from floe.datatypes import _dtype_name, _from_engine
from floe.exceptions import InvalidOperationError, OutOfBoundsError
from floe.expr import Expr, _combine, _exprs, _names, col, lit


def _is_numpy(value) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "ndim")


def _is_numpy_numeric(value) -> bool:
    """A 1-d numpy array of numbers or booleans (shared with the engine without a copy)."""
    return _is_numpy(value) and value.ndim == 1 and value.dtype.kind in "biuf"


def _schema_dict(pairs) -> "Schema":
    return Schema({name: _from_engine(t) for name, t in pairs})


class Schema(dict):
    """An ordered mapping of column names to dtypes, printed as Polars prints it.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1], "b": ["x"]}).schema
    Schema([('a', Int64), ('b', String)])
    """

    def names(self) -> list[str]:
        """The column names.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": ["x"]}).schema.names()
        ['a', 'b']
        """
        return list(self.keys())

    def dtypes(self) -> list:
        """The dtypes, in column order.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": ["x"]}).schema.dtypes()
        [Int64, String]
        """
        return list(self.values())

    def len(self) -> int:
        """The number of columns.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": ["x"]}).schema.len()
        2
        """
        return len(self)

    def __repr__(self) -> str:
        inner = ", ".join(f"({k!r}, {v!r})" for k, v in self.items())
        return f"Schema([{inner}])"


def _sort_args(by, more_by, descending, nulls_last):
    items = [by, *more_by]
    flat = [i for item in items for i in (item if isinstance(item, (list, tuple)) else [item])]
    keys = _exprs(flat)
    desc = list(descending) if isinstance(descending, (list, tuple)) else [bool(descending)]
    nl = list(nulls_last) if isinstance(nulls_last, (list, tuple)) else [bool(nulls_last)]
    for name, given in (("descending", descending), ("nulls_last", nulls_last)):
        if isinstance(given, (list, tuple)) and builtins.len(given) != builtins.len(flat):
            raise ValueError(
                f"the length of `{name}` ({builtins.len(given)}) does not match the length of `by` ({builtins.len(flat)})"
            )
    return keys, desc, nl


def _rename_mapping(mapping, columns: Callable[[], list[str]]) -> dict[str, str]:
    if callable(mapping):
        return {c: mapping(c) for c in columns()}
    return dict(mapping)


def _column_values(value, height_hint: int | None):
    """A column's values from a list, tuple, range, numpy array, Series or a scalar (broadcast)."""
    if isinstance(value, Series):
        return value.to_list(), value.dtype
    if _is_numpy(value):
        if value.ndim != 1:
            raise ValueError(f"expected a 1-dimensional array, got {value.ndim} dimensions")
        return value.tolist(), None
    if isinstance(value, (list, tuple, range)):
        return list(value), None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        # A scalar is broadcast; a Python int becomes Int32 when it fits, as a literal does.
        dtype = None
        if isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31:
            from floe.datatypes import Int32

            dtype = Int32
        return [value] * (1 if height_hint is None else height_hint), dtype
    return list(value), None


class DataFrame(FrameOutput):
    """A table of named columns, built from a dict of lists (or list of dicts, a numpy array,
    a list of Series), as in Polars.

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

    def __init__(self, data: Any = None, schema: Any = None, *, schema_overrides: dict | None = None,
                 strict: bool = True, orient: str | None = None, infer_schema_length: int | None = 100,
                 nan_to_null: bool = False):
        if isinstance(data, DataFrame) and schema is None and not schema_overrides:
            self._df = data._df
            return
        if (isinstance(data, Mapping) and data and schema is None and not schema_overrides
                and builtins.all(_is_numpy_numeric(v) for v in data.values())
                and builtins.len({builtins.len(v) for v in data.values()}) == 1 and not nan_to_null):
            self._df = _floe.PyDataFrame.from_numpy([str(k) for k in data.keys()], list(data.values()))
            return
        names, columns, dtypes = self._columns_of(data, schema, orient)
        schema_names, schema_dtypes = self._parse_schema(schema)
        if schema_names is not None:
            if isinstance(data, Mapping) and isinstance(schema, Mapping) and names and set(schema_names) != set(names):
                raise ValueError("the given column-schema names do not match the data dictionary")
            if isinstance(data, Mapping) and isinstance(schema, Mapping) and names:
                order = [names.index(n) for n in schema_names]
                columns = [columns[i] for i in order]
                dtypes = [dtypes[i] for i in order]
                names = list(schema_names)
            elif data is not None and isinstance(data, Sequence) and data and isinstance(data[0], Mapping):
                columns = [[row.get(n) for row in data] for n in schema_names]
                dtypes = [None] * builtins.len(schema_names)
                names = list(schema_names)
            elif not names:
                names = list(schema_names)
                columns = [[] for _ in names]
                dtypes = [None] * builtins.len(names)
            else:
                if builtins.len(schema_names) != builtins.len(names):
                    raise ValueError(
                        f"the number of columns in the schema ({builtins.len(schema_names)}) does not match the "
                        f"data ({builtins.len(names)})"
                    )
                names = list(schema_names)
            for i, dtype in enumerate(schema_dtypes):
                if dtype is not None:
                    dtypes[i] = dtype
        for key, value in (schema_overrides or {}).items():
            if key in names:
                dtypes[names.index(key)] = value
        if nan_to_null:  # as in Polars, only numpy input is affected
            columns = [[None if isinstance(v, float) and v != v else v for v in c] if numpy_input else c
                       for c, numpy_input in zip(columns, self._numpy_inputs(data, names))]
        lengths = {builtins.len(c) for c in columns}
        if builtins.len(lengths) > 1:
            from floe.exceptions import ShapeError

            raise ShapeError("could not create a new DataFrame: series have different lengths")
        engine_dtypes = [None if d is None else _dtype_name(d) for d in dtypes]
        self._df = _floe.PyDataFrame(names, columns, engine_dtypes, strict)

    @staticmethod
    def _numpy_inputs(data, names) -> list[bool]:
        if isinstance(data, Mapping):
            return [_is_numpy(v) for v in data.values()]
        return [_is_numpy(data)] * builtins.len(names)

    @staticmethod
    def _parse_schema(schema):
        if schema is None:
            return None, []
        if isinstance(schema, Mapping):
            items = list(schema.items())
        else:
            items = [item if isinstance(item, tuple) else (item, None) for item in schema]
        return [n for n, _ in items], [d for _, d in items]

    @staticmethod
    def _columns_of(data, schema, orient):
        """Names, value lists and dtypes (or None) of the columns ``data`` describes."""
        if data is None:
            return [], [], []
        if isinstance(data, DataFrame):
            return data.columns, [s.to_list() for s in data.get_columns()], data.dtypes
        if isinstance(data, Mapping):
            lengths = [builtins.len(v) for v in data.values()
                       if not isinstance(v, (str, bytes)) and isinstance(v, (Sequence, Series)) or _is_numpy(v)]
            height = builtins.max(lengths) if lengths else None
            names, columns, dtypes = [], [], []
            for key, value in data.items():
                values, dtype = _column_values(value, height)
                names.append(str(key))
                columns.append(values)
                dtypes.append(dtype)
            return names, columns, dtypes
        if _is_numpy(data):
            if data.ndim == 1:
                data = data.reshape(-1, 1) if orient == "row" else data.reshape(1, -1)
                orient = orient or "col"
                rows = data.tolist() if orient == "row" else data.T.tolist()
            elif data.ndim == 2:
                rows = data.tolist() if orient in (None, "row") else data.T.tolist()
            else:
                raise ValueError(f"cannot create a DataFrame from a {data.ndim}-dimensional array")
            width = builtins.len(rows[0]) if rows else 0
            names = [f"column_{i}" for i in range(width)]
            return names, [[r[i] for r in rows] for i in range(width)], [None] * width
        if isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
            if not data:
                return [], [], []
            head = data[0]
            if isinstance(head, Mapping):
                names = []
                for row in data:
                    for k in row:
                        if k not in names:
                            names.append(k)
                return names, [[row.get(k) for row in data] for k in names], [None] * builtins.len(names)
            if isinstance(head, Series):
                return [s.name for s in data], [s.to_list() for s in data], [s.dtype for s in data]
            if isinstance(head, (list, tuple)) or _is_numpy(head):
                rows = [list(r) for r in data]
                by_row = orient == "row" or (orient is None and isinstance(head, tuple))
                if by_row:
                    width = builtins.len(rows[0])
                    columns = [[r[i] if i < builtins.len(r) else None for r in rows] for i in range(width)]
                else:
                    columns = rows
                width = builtins.len(columns)
                return [f"column_{i}" for i in range(width)], columns, [None] * width
            raise TypeError(f"DataFrame constructor called with unsupported type {type(head).__name__!r} in a sequence")
        raise TypeError(f"DataFrame constructor called with unsupported type {type(data).__name__!r} for the `data` parameter")

    @classmethod
    def _wrap(cls, native) -> "DataFrame":
        obj = cls.__new__(cls)
        obj._df = native
        return obj

    # shape and schema
    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2], "b": [3, 4]}).shape
        (2, 2)
        """
        return (self._df.height, self._df.width)

    @property
    def height(self) -> int:
        """The number of rows.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).height
        2
        """
        return self._df.height

    @property
    def width(self) -> int:
        """The number of columns.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).width
        1
        """
        return self._df.width

    def __len__(self) -> int:
        return self._df.height

    def is_empty(self) -> bool:
        """Whether the frame has no rows.

        >>> import floe as fl
        >>> fl.DataFrame({"a": []}).is_empty()
        True
        """
        return self._df.height == 0

    @property
    def schema(self) -> Schema:
        """Column names and dtypes.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [1.5]}).schema
        Schema([('a', Int64), ('b', Float64)])
        """
        return _schema_dict(self._df.schema())

    def collect_schema(self) -> Schema:
        """The schema (as on a LazyFrame).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [True]}).collect_schema()
        Schema([('a', Boolean)])
        """
        return self.schema

    @property
    def columns(self) -> list[str]:
        """The column names.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2]}).columns
        ['a', 'b']
        """
        return [n for n, _ in self._df.schema()]

    @property
    def dtypes(self) -> list:
        """The column dtypes.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": ["x"]}).dtypes
        [Int64, String]
        """
        return self.schema.dtypes()

    # access
    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __iter__(self) -> Iterator["Series"]:
        return iter(self.get_columns())

    def iter_columns(self) -> Iterator["Series"]:
        """The columns as Series, in order.

        >>> import floe as fl
        >>> [s.name for s in fl.DataFrame({"a": [1], "b": [2]}).iter_columns()]
        ['a', 'b']
        """
        return iter(self.get_columns())

    def _row_frame(self, index: int) -> "DataFrame":
        if not -self.height <= index < self.height:
            raise IndexError(f"index {index} is out of bounds for DataFrame of height {self.height}")
        return self.slice(index % builtins.max(self.height, 1), 1)

    def _rows_by_position(self, key) -> "DataFrame":
        if isinstance(key, int):
            return self._row_frame(key)
        if isinstance(key, slice):
            start, stop, step = key.indices(self.height)
            if step == 1:
                return self.slice(start, builtins.max(0, stop - start))
            return self._take(list(range(start, stop, step)))
        if isinstance(key, (list, tuple, range)) or _is_numpy(key):
            return self._take([int(i) for i in key])
        raise TypeError(f"cannot select rows with {type(key).__name__!r}")

    def _take(self, indices: list[int]) -> "DataFrame":
        for i in indices:
            if not -self.height <= i < self.height:
                raise IndexError(f"index {i} is out of bounds for DataFrame of height {self.height}")
        if not indices:
            return self.head(0)
        from floe import concat

        return concat([self.slice(i % self.height, 1) for i in indices])

    def _column_names_of(self, key) -> list[str] | str:
        names = self.columns
        if isinstance(key, str):
            return key
        if isinstance(key, int):
            if not -self.width <= key < self.width:
                raise IndexError(f"column index {key} is out of bounds for DataFrame of width {self.width}")
            return names[key]
        if isinstance(key, slice):
            return names[key]
        if isinstance(key, (list, tuple)):
            return [names[k] if isinstance(k, int) else k for k in key]
        raise TypeError(f"cannot select columns with {type(key).__name__!r}")

    def __getitem__(self, key):
        """``df["a"]`` a column, ``df[["a", "b"]]`` columns, ``df[1]`` / ``df[1:3]`` rows,
        ``df[1, "a"]`` a value, ``df[:, "a"]`` a column of some rows."""
        if isinstance(key, tuple) and builtins.len(key) == 2:
            rows, cols = key
            names = self._column_names_of(cols)
            if isinstance(rows, int) and isinstance(names, str):
                if not -self.height <= rows < self.height:
                    raise IndexError(f"index {rows} is out of bounds for sequence of length {self.height}")
                return self.get_column(names)[rows]
            frame = self if isinstance(rows, slice) and rows == slice(None) else self._rows_by_position(rows)
            if isinstance(names, str):
                return frame.get_column(names)
            return frame.select(names)
        if isinstance(key, str):
            return self.get_column(key)
        if isinstance(key, list) and key and builtins.all(isinstance(k, str) for k in key):
            return self.select(key)
        if isinstance(key, (Series, list)) and builtins.len(key) and builtins.all(isinstance(k, bool) for k in key):
            # A boolean mask picks columns, as in Polars.
            return self.select([c for c, keep in zip(self.columns, key) if keep])
        return self._rows_by_position(key)

    def get_column(self, name: str, *, default: Any = ...) -> "Series":
        """The column called ``name`` (``default`` when given and there is none).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).get_column("a").to_list()
        [1, 2]
        """
        if default is not ... and name not in self.columns:
            return default
        return Series._from_frame(self.select(col(name)))

    def get_column_index(self, name: str) -> int:
        """The position of the column called ``name``.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2]}).get_column_index("b")
        1
        """
        from floe.exceptions import ColumnNotFoundError

        if name not in self.columns:
            raise ColumnNotFoundError(f"unable to find column {name!r}; valid columns: {self.columns}")
        return self.columns.index(name)

    def get_columns(self) -> list["Series"]:
        """Every column as a Series.

        >>> import floe as fl
        >>> [s.to_list() for s in fl.DataFrame({"a": [1], "b": [2]}).get_columns()]
        [[1], [2]]
        """
        return [self.get_column(c) for c in self.columns]

    def to_series(self, index: int = 0) -> "Series":
        """The column at position ``index`` as a Series.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2]}).to_series(-1).name
        'b'
        """
        return self.get_column(self.columns[index])

    def row(self, index: int | None = None, *, by_predicate: Expr | None = None, named: bool = False):
        """One row as a tuple (or a dict with ``named=True``); negative indices count from the end.

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [1, 2], "b": ["x", "y"]})
        >>> df.row(-1)
        (2, 'y')
        >>> df.row(by_predicate=fl.col("a") == 1, named=True)
        {'a': 1, 'b': 'x'}
        """
        if by_predicate is not None:
            if index is not None:
                raise ValueError("cannot set both 'index' and 'by_predicate'; mutually exclusive")
            from floe.exceptions import NoRowsReturnedError, TooManyRowsReturnedError

            found = self.filter(by_predicate)
            if found.height == 0:
                raise NoRowsReturnedError(f"predicate <{by_predicate}> returned no rows")
            if found.height > 1:
                raise TooManyRowsReturnedError(f"predicate <{by_predicate}> returned {found.height} rows")
            return found.row(0, named=named)
        if index is None:
            raise ValueError("one of `index` or `by_predicate` must be set")
        if not -self.height <= index < self.height:
            raise OutOfBoundsError(f"index {index} is out of bounds for sequence of length {self.height}")
        values = self._df.row(index)
        return dict(zip(self.columns, values)) if named else values

    def rows(self, *, named: bool = False) -> list:
        """Every row as a tuple (or dict).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2], "b": ["x", None]}).rows()
        [(1, 'x'), (2, None)]
        """
        cols = [self._df.column_index_to_list(i) for i in range(self.width)]
        if named:
            names = self.columns
            return [dict(zip(names, r)) for r in zip(*cols)]
        return list(zip(*cols))

    def iter_rows(self, *, named: bool = False, buffer_size: int = 512) -> Iterator:
        """Iterates over the rows as tuples (or dicts).

        >>> import floe as fl
        >>> for row in fl.DataFrame({"a": [1, 2]}).iter_rows(named=True):
        ...     print(row)
        {'a': 1}
        {'a': 2}
        """
        yield from self.rows(named=named)

    def item(self, row: int | None = None, column: int | str | None = None):
        """The single value of a 1x1 frame, or the value at (``row``, ``column``).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2], "b": [3, 4]}).item(1, "b")
        4
        """
        if row is None and column is None:
            if self.shape != (1, 1):
                raise ValueError(
                    "can only call `.item()` if the dataframe is of shape (1, 1), or if explicit row/col values "
                    f"are provided; frame has shape {self.shape}"
                )
            return self._df.row(0)[0]
        if row is None or column is None:
            raise ValueError("cannot call `.item()` with only one of `row` or `column`")
        if not -self.height <= row < self.height:
            raise IndexError(f"index {row} is out of bounds for sequence of length {self.height}")
        values = self._df.row(row)
        return values[column if isinstance(column, int) else self.get_column_index(column)]

    def to_dict(self, *, as_series: bool = True) -> dict:
        """The columns by name: Series, or lists with ``as_series=False``.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).to_dict(as_series=False)
        {'a': [1, 2]}
        """
        if as_series:
            return {c: self.get_column(c) for c in self.columns}
        return {c: self._df.column_index_to_list(i) for i, c in enumerate(self.columns)}

    def to_dicts(self) -> list[dict]:
        """The rows as dicts.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).to_dicts()
        [{'a': 1}, {'a': 2}]
        """
        return self.rows(named=True)

    # verbs (eager: through the lazy engine)
    def lazy(self) -> LazyFrame:
        """A lazy query over this frame.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).lazy().filter(fl.col("a") > 1).collect().rows()
        [(2,)]
        """
        return LazyFrame._wrap(self._df.lazy())

    def select(self, *exprs, **named_exprs) -> "DataFrame":
        """The columns computed by ``exprs`` (names, expressions, or ``name=expr``).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).select(fl.col("a") * 2, total=fl.col("a").sum()).rows()
        [(2, 3), (4, 3)]
        """
        return self.lazy().select(*exprs, **named_exprs).collect()

    def with_columns(self, *exprs, **named_exprs) -> "DataFrame":
        """Adds (or replaces) the columns computed by ``exprs``.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2]}).with_columns(b=fl.col("a") - fl.col("a").mean()).rows()
        [(1, -0.5), (2, 0.5)]
        """
        return self.lazy().with_columns(*exprs, **named_exprs).collect()

    def filter(self, *predicates, **constraints) -> "DataFrame":
        """The rows where every predicate is true; ``name=value`` tests equality.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2], "b": ["x", "y"]}).filter(b="y").rows()
        [(2, 'y')]
        """
        return self.lazy().filter(*predicates, **constraints).collect()

    def group_by(self, *by, maintain_order: bool = False, **named_by) -> "GroupBy":
        """Groups rows by keys (names or expressions); finish with ``.agg(...)``.

        >>> import floe as fl
        >>> df = fl.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
        >>> df.group_by("k", maintain_order=True).agg(fl.col("v").max()).rows()
        [('a', 3), ('b', 2)]
        """
        return GroupBy(self.lazy().group_by(*by, maintain_order=maintain_order, **named_by))

    def join(self, other: "DataFrame", on=None, how: str = "inner", *, left_on=None, right_on=None,
             suffix: str = "_right", validate: str = "m:m", nulls_equal: bool = False, coalesce=None,
             maintain_order=None, build_side: str = "auto") -> "DataFrame":
        """Joins with ``other`` on equal keys (``how``: inner, left, right, full, semi, anti or cross).

        >>> import floe as fl
        >>> left = fl.DataFrame({"k": [1, 2, None], "a": ["x", "y", "z"]})
        >>> left.join(fl.DataFrame({"k": [1, None], "b": [True, False]}), on="k", how="left").rows()
        [(1, 'x', True), (2, 'y', None), (None, 'z', None)]
        >>> left.join(fl.DataFrame({"k": [1, 3], "b": [True, False]}), on="k", how="right").rows()
        [('x', 1, True), (None, 3, False)]
        """
        if not isinstance(other, DataFrame):
            raise TypeError(f"expected `other` join table to be a DataFrame, not {type(other).__name__!r}")
        return self.lazy().join(other.lazy(), on, how, left_on=left_on, right_on=right_on, suffix=suffix,
                                validate=validate, nulls_equal=nulls_equal, coalesce=coalesce,
                                maintain_order=maintain_order, build_side=build_side).collect()

    def join_asof(self, other: "DataFrame", *, left_on=None, right_on=None, on=None, by_left=None, by_right=None,
                  by=None, strategy: str = "backward", suffix: str = "_right", tolerance=None,
                  allow_parallel: bool = True, force_parallel: bool = False, coalesce: bool = True,
                  allow_exact_matches: bool = True, check_sortedness: bool = True) -> "DataFrame":
        """Asof join: each left row takes the nearest right row by a sorted key (within ``by`` groups).

        >>> import floe as fl
        >>> quotes = fl.DataFrame({"t": [1, 5, 10], "px": [100, 101, 102]})
        >>> fl.DataFrame({"t": [2, 5, 12]}).join_asof(quotes, on="t", strategy="forward").rows()
        [(2, 101), (5, 101), (12, None)]
        """
        if not isinstance(other, DataFrame):
            raise TypeError(f"expected `other` join table to be a DataFrame, not {type(other).__name__!r}")
        return self.lazy().join_asof(other.lazy(), left_on=left_on, right_on=right_on, on=on, by_left=by_left,
                                     by_right=by_right, by=by, strategy=strategy, suffix=suffix,
                                     tolerance=tolerance, coalesce=coalesce, allow_exact_matches=allow_exact_matches,
                                     check_sortedness=check_sortedness).collect()

    def unique(self, subset=None, *, keep: str = "any", maintain_order: bool = False) -> "DataFrame":
        """Drops duplicate rows (by ``subset`` columns when given).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 1, 2]}).unique(maintain_order=True)["a"].to_list()
        [1, 2]
        """
        return self.lazy().unique(subset, keep=keep, maintain_order=maintain_order).collect()

    def sort(self, by, *more_by, descending=False, nulls_last=False, multithreaded=True,
             maintain_order=False) -> "DataFrame":
        """Sorts by one or more columns or expressions (stable; nulls first unless ``nulls_last``).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [2, None, 1]}).sort("a", nulls_last=True)["a"].to_list()
        [1, 2, None]
        """
        return self.lazy().sort(by, *more_by, descending=descending, nulls_last=nulls_last,
                                maintain_order=maintain_order).collect()

    def top_k(self, k: int, *, by, reverse=False) -> "DataFrame":
        """The ``k`` rows with the largest values of ``by`` (smallest with ``reverse``),
        largest first; nulls come last.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 3, 2]}).top_k(2, by="a")["a"].to_list()
        [3, 2]
        """
        return self.lazy().top_k(k, by=by, reverse=reverse).collect()

    def bottom_k(self, k: int, *, by, reverse=False) -> "DataFrame":
        """The ``k`` rows with the smallest values of ``by`` (largest with ``reverse``),
        smallest first; nulls come last.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 3, 2]}).bottom_k(2, by="a")["a"].to_list()
        [1, 2]
        """
        return self.lazy().bottom_k(k, by=by, reverse=reverse).collect()

    def head(self, n: int = 5) -> "DataFrame":
        """The first ``n`` rows (all but the last ``-n`` when negative).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3]}).head(-1)["a"].to_list()
        [1, 2]
        """
        return DataFrame._wrap(self._df.slice(0, n if n >= 0 else builtins.max(0, self.height + n)))

    def limit(self, n: int = 5) -> "DataFrame":
        """The first ``n`` rows (as ``head``).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3]}).limit(2)["a"].to_list()
        [1, 2]
        """
        return self.head(n)

    def tail(self, n: int = 5) -> "DataFrame":
        """The last ``n`` rows (all but the first ``-n`` when negative).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3]}).tail(2)["a"].to_list()
        [2, 3]
        """
        n = n if n >= 0 else builtins.max(0, self.height + n)
        n = builtins.min(n, self.height)
        return DataFrame._wrap(self._df.slice(self.height - n, n))

    def slice(self, offset: int, length: int | None = None) -> "DataFrame":
        """``length`` rows from ``offset``; negative offsets count from the end, a negative
        length stops that many rows before the end.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2, 3, 4]}).slice(1, -1)["a"].to_list()
        [2, 3]
        """
        if length is not None and length < 0:
            # Polars' rule: the length stops -length rows before the end, counted from the offset as given.
            length = self.height - offset + length
            if length < 0:
                raise OverflowError("can't convert negative int to unsigned")
        return self.lazy().slice(offset, length).collect()

    def rename(self, mapping: dict[str, str] | Callable[[str], str], *, strict: bool = True) -> "DataFrame":
        """Renames columns by a mapping (or a function of the name).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2]}).rename(str.upper).columns
        ['A', 'B']
        """
        return self.lazy().rename(_rename_mapping(mapping, lambda: self.columns), strict=strict).collect()

    def drop(self, *columns, strict: bool = True) -> "DataFrame":
        """Removes the named columns.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1], "b": [2], "c": [3]}).drop(["a", "c"]).columns
        ['b']
        """
        return self.lazy().drop(*columns, strict=strict).collect()

    def unnest(self, columns=None, *more_columns) -> "DataFrame":
        """Replaces each named Struct column (every one when none is named) by its fields, in place.

        >>> import floe as fl
        >>> fl.DataFrame({"s": [{"a": 1, "b": "x"}, None]}).unnest("s").rows()
        [(1, 'x'), (None, None)]
        """
        return self.lazy().unnest(columns, *more_columns).collect()

    def explode(self, columns, *more_columns, empty_as_null: bool = False, keep_nulls: bool = True) -> "DataFrame":
        """One row per item of the named List columns, the other columns repeated alongside. An
        empty list gives no row (one null row with ``empty_as_null``), a null list one null row
        (none without ``keep_nulls``).

        >>> import floe as fl
        >>> fl.DataFrame({"i": [1, 2, 3], "a": [[1, 2], None, []]}).explode("a").rows()
        [(1, 1), (1, 2), (2, None)]
        """
        names = [columns] if isinstance(columns, str) else list(columns)
        names += list(more_columns)
        return DataFrame._wrap(self._df.explode(names, empty_as_null, keep_nulls))

    def with_row_index(self, name: str = "index", offset: int = 0) -> "DataFrame":
        """Adds a first column numbering the rows (UInt32) from ``offset``.

        >>> import floe as fl
        >>> fl.DataFrame({"a": ["x", "y"]}).with_row_index("i", offset=1).rows()
        [(1, 'x'), (2, 'y')]
        """
        return self.lazy().with_row_index(name, offset).collect()

    def null_count(self) -> "DataFrame":
        """One row holding the number of nulls in each column.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None], "b": [None, None]}).null_count().rows()
        [(1, 2)]
        """
        return self.select(col(c).null_count() for c in self.columns) if self.width else DataFrame()

    def clone(self) -> "DataFrame":
        """A copy of the frame (columns are immutable and shared).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1]}).clone().rows()
        [(1,)]
        """
        return DataFrame._wrap(self._df)

    def equals(self, other: "DataFrame", *, null_equal: bool = True) -> bool:
        """Whether both frames hold the same columns, dtypes and values.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None]}).equals(fl.DataFrame({"a": [1, None]}))
        True
        """
        # As Polars: names and values must agree; an Int64 1 equals a Float64 1.0.
        if self.columns != other.columns:
            return False
        mine, theirs = self.rows(), other.rows()
        if not null_equal and builtins.any(v is None for r in mine for v in r):
            return False
        return builtins.len(mine) == builtins.len(theirs) and builtins.all(
            builtins.all(a == b or (a != a and b != b) for a, b in zip(r1, r2)) for r1, r2 in zip(mine, theirs)
        )

    def __repr__(self) -> str:
        return self._df.to_string(Config._current())

    __str__ = __repr__


# LazyFrame, the group-by builders and Series refer to DataFrame and back; they live in their own
# modules and are bound here once DataFrame exists.
from floe.lazy_frame import LazyFrame  # noqa: E402  (first: it pulls in group_by and series)
from floe.group_by import GroupBy, LazyGroupBy  # noqa: E402
from floe.series import Series  # noqa: E402
