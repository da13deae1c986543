"""Reading and writing files: ``read_csv``, ``scan_csv`` (Parquet follows)."""

from __future__ import annotations

import io as _io
import os
from typing import Any

from floe import _floe
from floe.datatypes import _dtype_name
from floe.frame import DataFrame, LazyFrame


def _csv_kwargs(has_header=True, separator=",", quote_char='"', null_values=None, schema_overrides=None, schema=None,
                infer_schema_length=100, columns=None, n_rows=None, skip_rows=0, try_parse_dates=False,
                comment_prefix=None, truncate_ragged_lines=False, ignore_errors=False, dtypes=None, **unsupported):
    if unsupported:
        raise TypeError(f"unsupported read_csv arguments: {', '.join(sorted(unsupported))}")
    kw: dict[str, Any] = {"has_header": has_header, "separator": separator, "quote_char": quote_char,
                          "skip_rows": skip_rows, "try_parse_dates": try_parse_dates,
                          "truncate_ragged_lines": truncate_ragged_lines, "ignore_errors": ignore_errors}
    if infer_schema_length is None:
        infer_schema_length = -1
    kw["infer_schema_length"] = infer_schema_length
    if null_values is not None:
        kw["null_values"] = [null_values] if isinstance(null_values, str) else list(null_values)
    overrides = schema_overrides if schema_overrides is not None else dtypes
    if overrides is not None:
        kw["schema_overrides"] = {k: _dtype_name(v) for k, v in dict(overrides).items()}
    if schema is not None:
        kw["schema"] = [(k, _dtype_name(v)) for k, v in dict(schema).items()]
    if columns is not None:
        kw["columns"] = list(columns)
    if n_rows is not None:
        kw["n_rows"] = n_rows
    if comment_prefix is not None:
        kw["comment_prefix"] = comment_prefix
    return kw


def read_csv(source, **kwargs) -> DataFrame:
    """Reads a CSV file (a path, bytes or a file-like object) in parallel.

    >>> import floe as fl
    >>> fl.read_csv(b"a,b\\n1,x\\n2,y\\n").shape
    (2, 2)
    """
    kw = _csv_kwargs(**kwargs)
    if isinstance(source, (bytes, bytearray)):
        return DataFrame._wrap(_floe.read_csv_buffer(bytes(source), kw))
    if isinstance(source, (_io.StringIO, _io.TextIOBase)):
        return DataFrame._wrap(_floe.read_csv_buffer(source.read().encode(), kw))
    if hasattr(source, "read"):
        return DataFrame._wrap(_floe.read_csv_buffer(source.read(), kw))
    return DataFrame._wrap(_floe.read_csv(os.fspath(source), kw))


def scan_csv(source, **kwargs) -> LazyFrame:
    """A lazy scan of a CSV file: only the columns and rows the query needs are parsed."""
    return LazyFrame._wrap(_floe.scan_csv(os.fspath(source), _csv_kwargs(**kwargs)))
