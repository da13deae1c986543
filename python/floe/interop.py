"""Interchange with Arrow, pandas and numpy: the Arrow PyCapsule interface both ways, and the
conversions Polars offers (``to_arrow``, ``to_pandas``, ``to_numpy``, ``from_arrow``,
``from_pandas``, ``from_numpy``)."""

from __future__ import annotations

from typing import Any

from floe import _floe
from floe.datatypes import Int8, Int16, UInt8, UInt16
from floe.frame import DataFrame

_SMALL_INTS = (Int8, Int16, UInt8, UInt16)


def _require_pyarrow(what: str):
    try:
        import pyarrow
    except ImportError:  # pragma: no cover - pyarrow is installed wherever the tests run
        raise ModuleNotFoundError(f"pyarrow is required for {what}; install it with `pip install pyarrow`") from None
    return pyarrow


def _polars_arrow_type(pa, t):
    """``t`` with its views as large types, inside lists and structs too."""
    if t == pa.string_view():
        return pa.large_string()
    if t == pa.binary_view():
        return pa.large_binary()
    if pa.types.is_large_list(t):
        return pa.large_list(t.value_field.with_type(_polars_arrow_type(pa, t.value_type)))
    if pa.types.is_struct(t):
        return pa.struct([t.field(i).with_type(_polars_arrow_type(pa, t.field(i).type)) for i in range(t.num_fields)])
    return t


def _polars_arrow_types(table):
    """Views as the large types Polars exports by default (``string_view`` -> ``large_string``)."""
    pa = _require_pyarrow("to_arrow")
    fields = [f.with_type(_polars_arrow_type(pa, f.type)) for f in table.schema]
    target = pa.schema(fields)
    return table if target.equals(table.schema) else table.cast(target)


def _frame_to_arrow(frame: DataFrame):
    """The frame as a ``pyarrow.Table``."""
    pa = _require_pyarrow("to_arrow")
    return _polars_arrow_types(pa.table(_StreamExport(frame._df, struct=True)))


class _StreamExport:
    """An object exposing ``__arrow_c_stream__`` for a native frame (pyarrow consumes it)."""

    def __init__(self, df, *, struct: bool):
        self._df = df
        self._struct = struct

    def __arrow_c_stream__(self, requested_schema=None):
        if self._struct:
            return _floe.frame_to_arrow_stream(self._df)
        return _floe.column_to_arrow_stream(self._df)


def _frame_to_pandas(frame: DataFrame, **kwargs: Any):
    """The frame as a pandas DataFrame, through Arrow (as Polars does)."""
    kwargs.setdefault("date_as_object", False)
    return _frame_to_arrow(frame).to_pandas(**kwargs)


def _series_to_arrow(frame: DataFrame):
    pa = _require_pyarrow("to_arrow")
    array = pa.chunked_array(_StreamExport(frame._df, struct=False))
    target = _polars_arrow_type(pa, array.type)
    if target != array.type:
        array = array.cast(target)
    return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)


def _series_to_numpy(frame: DataFrame):
    """A column as a numpy array: numbers without nulls keep their dtype, integers with nulls
    become float64 with NaN, strings and booleans with nulls become object arrays."""
    array = _series_to_arrow(frame)
    out = array.to_numpy(zero_copy_only=False)
    if array.null_count and frame.dtypes[0] in _SMALL_INTS:
        out = out.astype("float32")  # as Polars: small integers with nulls fit float32
    return out


def _frame_to_numpy(frame: DataFrame):
    import numpy as np

    columns = [_series_to_numpy(frame.select(c)) for c in frame.columns]
    if not columns:
        return np.empty((frame.height, 0))
    if not all(c.dtype.kind in "biuf" for c in columns):
        columns = [c.astype(object) for c in columns]  # mixed kinds: Python objects, as Polars
    return np.column_stack(columns)


def from_arrow(data, schema=None, *, schema_overrides=None, rechunk: bool = False):
    """A DataFrame (or Series) from any Arrow-exporting object: a ``pyarrow.Table``,
    ``RecordBatch``, ``Array`` or ``ChunkedArray``, or another library's frame exposing
    ``__arrow_c_stream__`` / ``__arrow_c_array__``.

    >>> import floe as fl, pyarrow as pa
    >>> fl.from_arrow(pa.table({"a": [1, 2], "b": ["x", None]})).rows()
    [(1, 'x'), (2, None)]
    >>> fl.from_arrow(pa.array([1.5, None])).to_list()
    [1.5, None]
    """
    from floe.series import Series

    if hasattr(data, "__arrow_c_stream__"):
        native = _floe.frame_from_arrow_stream(data.__arrow_c_stream__())
    elif hasattr(data, "__arrow_c_array__"):
        native = _floe.frame_from_arrow_array(*data.__arrow_c_array__())
    else:
        raise TypeError(f"expected an object exposing the Arrow PyCapsule interface, got {type(data).__name__!r}")
    frame = DataFrame._wrap(native)
    is_table = _is_struct_export(data)
    if not is_table:
        return Series._from_frame(frame)
    if schema is not None:
        names = list(schema.keys()) if isinstance(schema, dict) else list(schema)
        frame = frame.rename(dict(zip(frame.columns, names)))
        if isinstance(schema, dict):
            schema_overrides = {**{k: v for k, v in schema.items() if v is not None}, **(schema_overrides or {})}
    if schema_overrides:
        frame = frame.with_columns([_col(k).cast(v) for k, v in schema_overrides.items()])
    return frame


def _col(name):
    from floe.expr import col

    return col(name)


def _is_struct_export(data) -> bool:
    """Whether an Arrow-exporting object is a table (struct rows) rather than a single array."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover
        pa = None
    if pa is not None:
        if isinstance(data, (pa.Table, pa.RecordBatch)):
            return True
        if isinstance(data, (pa.Array, pa.ChunkedArray)):
            return False
    if hasattr(data, "__arrow_c_schema__"):
        capsule = data.__arrow_c_schema__()
        return _floe.arrow_schema_is_struct(capsule)
    return True


def from_pandas(data, *, schema_overrides=None, rechunk: bool = True, nan_to_null: bool = True,
                include_index: bool = False):
    """A DataFrame from a pandas DataFrame (or a Series from a pandas Series), through Arrow.

    >>> import floe as fl, pandas as pd
    >>> fl.from_pandas(pd.DataFrame({"a": [1, 2], "b": [0.5, None]})).rows()
    [(1, 0.5), (2, None)]
    """
    pa = _require_pyarrow("from_pandas")
    import pandas as pd

    if isinstance(data, pd.Series):
        array = pa.array(data, from_pandas=nan_to_null)
        out = from_arrow(array)
        return out.alias("" if data.name is None else str(data.name))
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame or Series, got {type(data).__name__!r}")
    if include_index:
        data = data.reset_index()
    arrays = [pa.array(data[c], from_pandas=nan_to_null) for c in data.columns]
    table = pa.Table.from_arrays(arrays, names=[str(c) for c in data.columns])
    return from_arrow(table, schema_overrides=schema_overrides)


def from_numpy(data, schema=None, *, schema_overrides=None, orient: str | None = None):
    """A DataFrame from a 1-d or 2-d numpy array (columns named ``column_0``, ... unless
    ``schema`` names them; a 2-d array's rows are rows unless ``orient="col"`` or only the
    number of its rows matches ``schema``).

    >>> import floe as fl, numpy as np
    >>> fl.from_numpy(np.array([[1, 2], [3, 4]]), schema=["a", "b"]).rows()
    [(1, 2), (3, 4)]
    """
    import numpy as np

    arr = np.asarray(data)
    if arr.ndim == 1:
        columns = [arr]
    elif arr.ndim == 2:
        if orient is None:
            n_names = len(schema) if schema is not None else None
            orient = "col" if n_names is not None and n_names == arr.shape[0] and n_names != arr.shape[1] else "row"
        columns = [arr[:, i] for i in range(arr.shape[1])] if orient == "row" else list(arr)
    else:
        raise ValueError(f"cannot create a DataFrame from a {arr.ndim}-d numpy array; expected 1-d or 2-d")
    names = list(schema.keys()) if isinstance(schema, dict) else (list(schema) if schema is not None else None)
    if names is None:
        names = [f"column_{i}" for i in range(len(columns))]
    if len(names) != len(columns):
        raise ValueError(f"dimensions of columns arg ({len(names)}) must match data dimensions ({len(columns)})")
    frame = DataFrame({n: np.ascontiguousarray(c) for n, c in zip(names, columns)})
    overrides = dict(schema_overrides or {})
    if isinstance(schema, dict):
        overrides = {**{k: v for k, v in schema.items() if v is not None}, **overrides}
    if overrides:
        frame = frame.with_columns([_col(k).cast(v) for k, v in overrides.items()])
    return frame
