"""Floe: a fast query engine for DataFrames with Polars' API.

>>> import floe as fl
>>> df = fl.DataFrame({"a": [1, 2, 3], "b": [10.0, 20.0, 30.0]})
>>> df.filter(fl.col("a") >= 2).select(fl.col("b").sum()).item()
50.0
"""

from floe import _floe  # noqa: F401
from floe.config import Config
from floe.datatypes import (
    Binary, Boolean, DataType, Date, Datetime, Duration, Float32, Float64, Int8, Int16, Int32, Int64, Null, String,
    Time, UInt8, UInt16, UInt32, UInt64, Utf8,
)
from floe.exceptions import (
    ColumnNotFoundError, ComputeError, DuplicateError, InvalidOperationError, PolarsError, SchemaError, ShapeError,
)
from floe.expr import Expr, all, col, len, lit, max, mean, min, sum, when
from floe.frame import DataFrame, LazyFrame, Schema, Series
from floe.io import read_csv, scan_csv

__version__ = "0.1.0"


def concat(items, *, how: str = "vertical", rechunk: bool = False, parallel: bool = True):
    """Stacks frames vertically (``how="vertical"`` or ``"vertical_relaxed"``).

    >>> import floe as fl
    >>> fl.concat([fl.DataFrame({"a": [1]}), fl.DataFrame({"a": [2]})])["a"].to_list()
    [1, 2]
    """
    items = list(items)
    if not items:
        raise ValueError("cannot concat empty list")
    lazy = isinstance(items[0], LazyFrame)
    frames = [i._lf if isinstance(i, LazyFrame) else i._df.lazy() for i in items]
    out = LazyFrame._wrap(_floe.concat(frames, how))
    return out if lazy else out.collect()


def select(*exprs, **named) -> DataFrame:
    """Evaluates expressions without an input frame.

    >>> import floe as fl
    >>> fl.select(fl.lit(1) + 2).item()
    3
    """
    return LazyFrame().select(*exprs, **named).collect()


__all__ = [
    "Binary", "Boolean", "ColumnNotFoundError", "ComputeError", "Config", "DataFrame", "DataType", "Date", "Datetime",
    "DuplicateError", "Duration", "Expr", "Float32", "Float64", "Int8", "Int16", "Int32", "Int64",
    "InvalidOperationError", "LazyFrame", "Null", "PolarsError", "Schema", "SchemaError", "Series", "ShapeError",
    "String", "Time", "UInt8", "UInt16", "UInt32", "UInt64", "Utf8", "all", "col", "concat", "len", "lit", "max",
    "mean", "min", "read_csv", "scan_csv", "select", "sum", "when",
]
