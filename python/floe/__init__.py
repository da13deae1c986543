"""Floe: a fast query engine for DataFrames with Polars' API.

>>> import floe as fl
>>> df = fl.DataFrame({"a": [1, 2, 3], "b": [10.0, 20.0, 30.0]})
>>> df.filter(fl.col("a") >= 2).select(fl.col("b").sum()).item()
50.0
"""

from floe import _floe  # noqa: F401
from floe import exceptions
from floe.config import Config
from floe.datatypes import (
    Binary, Boolean, DataType, Date, Datetime, Decimal, Duration, Field, Float32, Float64, Int8, Int16, Int32, Int64, List,
    Null, String, Struct, Time, UInt8, UInt16, UInt32, UInt64, Utf8,
)
from floe.exceptions import (
    ColumnNotFoundError, ComputeError, DuplicateError, InvalidOperationError, NoDataError, OutOfBoundsError,
    PolarsError, SchemaError, ShapeError,
)
from floe.aggregations import count, first, last, max, mean, median, min, n_unique, quantile, std, sum, var
from floe.expr import Expr, all, col, exclude, len, lit, when
from floe.frame import DataFrame, LazyFrame, Schema, Series
from floe.interop import from_arrow, from_numpy, from_pandas
from floe.io import read_csv, read_parquet, scan_csv, scan_parquet

__version__ = "0.1.0"


def concat(items, *, how: str = "vertical", rechunk: bool = False, parallel: bool = True):
    """Stacks frames vertically (``how="vertical"``, or ``"vertical_relaxed"`` to cast to common types).

    >>> import floe as fl
    >>> fl.concat([fl.DataFrame({"a": [1]}), fl.DataFrame({"a": [2]})])["a"].to_list()
    [1, 2]
    """
    items = list(items)
    if not items:
        raise ValueError("cannot concat empty list")
    if how not in ("vertical", "vertical_relaxed"):
        raise NotImplementedError(f"concat(how={how!r}) is not supported yet; use 'vertical' or 'vertical_relaxed'")
    if isinstance(items[0], Series):
        frames = [s.to_frame() for s in items]
        return concat(frames, how=how).to_series()
    lazy = isinstance(items[0], LazyFrame)
    frames = [i._lf if isinstance(i, LazyFrame) else i._df.lazy() for i in items]
    if how == "vertical":
        _check_vertical_schemas([LazyFrame._wrap(f).collect_schema() for f in frames], lazy)
    out = LazyFrame._wrap(_floe.concat(frames, how))
    return out if lazy else out.collect()


def _check_vertical_schemas(schemas, lazy: bool) -> None:
    """Polars' errors for frames that do not stack: eager concat checks widths and names
    (ShapeError) then dtypes (SchemaError); lazy concat needs equal schemas (InvalidOperationError),
    except that equal dtypes under other names are a SchemaError."""
    first = schemas[0]
    for i, other in enumerate(schemas[1:], start=1):
        if lazy:
            if other.dtypes() != first.dtypes():
                raise InvalidOperationError(
                    f"'union'/'concat' inputs should all have the same schema, got\n{first}\nand\n{other}"
                )
            for a, b in zip(first.names(), other.names()):
                if a != b:
                    raise SchemaError(f'column name mismatch: expected "{a}", found "{b}"')
            continue
        if other.len() != first.len():
            raise ShapeError(f"unable to append to a DataFrame of width {first.len()} with a DataFrame of width "
                             f"{other.len()}")
        for a, b in zip(first.names(), other.names()):
            if a != b:
                raise ShapeError(f'unable to vstack, column names don\'t match: "{a}" and "{b}"')
        for name, a, b in zip(first.names(), first.dtypes(), other.dtypes()):
            if a != b:
                raise SchemaError(f"type {b!r} is incompatible with expected type {a!r} for column {name!r}")


def select(*exprs, eager: bool = True, **named_exprs):
    """Evaluates expressions without an input frame (a LazyFrame with ``eager=False``).

    >>> import floe as fl
    >>> fl.select(fl.lit(1) + 2).item()
    3
    """
    out = LazyFrame().select(*exprs, **named_exprs)
    return out.collect() if eager else out


def from_dict(data, schema=None, *, schema_overrides=None, strict: bool = True) -> DataFrame:
    """A DataFrame from a dict of columns.

    >>> import floe as fl
    >>> fl.from_dict({"a": [1, 2]}).shape
    (2, 1)
    """
    return DataFrame(data, schema=schema, schema_overrides=schema_overrides, strict=strict)


def from_dicts(data, schema=None, *, schema_overrides=None, strict: bool = True) -> DataFrame:
    """A DataFrame from a list of rows given as dicts.

    >>> import floe as fl
    >>> fl.from_dicts([{"a": 1}, {"a": 2, "b": "x"}]).rows()
    [(1, None), (2, 'x')]
    """
    return DataFrame(data, schema=schema, schema_overrides=schema_overrides, strict=strict)


__all__ = [
    "Binary", "Boolean", "ColumnNotFoundError", "ComputeError", "Config", "DataFrame", "DataType", "Date", "Datetime",
    "Decimal", "DuplicateError", "Duration", "Expr", "Float32", "Float64", "Int8", "Int16", "Int32", "Int64",
    "InvalidOperationError", "LazyFrame", "NoDataError", "Null", "OutOfBoundsError", "PolarsError", "Schema",
    "SchemaError", "Series", "ShapeError", "String", "Time", "UInt8", "UInt16", "UInt32", "UInt64", "Utf8", "all",
    "col", "concat", "count", "exceptions", "exclude", "first", "from_dict",
    "from_dicts", "last", "len", "lit", "max", "mean", "median", "min", "n_unique", "quantile", "read_csv",
    "scan_csv", "select", "std", "sum", "var", "when",
]

from floe.functions import arange, date, datetime, duration, int_range  # noqa: E402

__all__ += ["arange", "date", "datetime", "duration", "int_range"]
__all__ += ["Field", "List", "Struct"]

from floe.cluster import ClusterContext  # noqa: E402

__all__ += ["ClusterContext"]
