"""Reading and writing files: ``read_csv``, ``scan_csv`` (Parquet follows)."""

from __future__ import annotations

import io as _io
import os
from typing import Any

from floe import _floe
from floe.datatypes import _dtype_name
from floe.frame import DataFrame, LazyFrame


def _csv_kwargs(*, has_header, columns, separator, comment_prefix, quote_char, skip_rows, schema, schema_overrides,
                null_values, ignore_errors, infer_schema, infer_schema_length, n_rows, encoding, try_parse_dates,
                truncate_ragged_lines) -> dict[str, Any]:
    """The engine's reader options from Polars' read_csv arguments."""
    if encoding not in ("utf8", "utf8-lossy"):
        raise ValueError(f"encoding {encoding!r} is not supported; use 'utf8'")
    kw: dict[str, Any] = {"has_header": has_header, "separator": separator, "quote_char": quote_char,
                          "skip_rows": skip_rows, "try_parse_dates": try_parse_dates,
                          "truncate_ragged_lines": bool(truncate_ragged_lines), "ignore_errors": ignore_errors}
    if infer_schema_length is None:
        infer_schema_length = -1
    if not infer_schema:
        infer_schema_length = 0
    kw["infer_schema_length"] = infer_schema_length
    if null_values is not None:
        if isinstance(null_values, dict):
            raise NotImplementedError("null_values given per column are not supported yet; pass a string or a list")
        kw["null_values"] = [null_values] if isinstance(null_values, str) else list(null_values)
    if schema_overrides is not None:
        kw["schema_overrides"] = {k: _dtype_name(v) for k, v in dict(schema_overrides).items()}
    if schema is not None:
        kw["schema"] = [(k, _dtype_name(v)) for k, v in dict(schema).items()]
    if columns is not None:
        kw["columns"] = [columns] if isinstance(columns, str) else list(columns)
    if n_rows is not None:
        kw["n_rows"] = n_rows
    if comment_prefix is not None:
        kw["comment_prefix"] = comment_prefix
    return kw


def _local_path(source) -> str:
    """The path of a local file, raising FileNotFoundError (as Polars does) when there is none."""
    path = os.path.expanduser(os.fspath(source))
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such file or directory (os error 2): {path}")
    return path


def read_csv(source, *, has_header: bool = True, columns=None, separator: str = ",", comment_prefix: str | None = None,
             quote_char: str | None = '"', skip_rows: int = 0, schema=None, schema_overrides=None, null_values=None,
             ignore_errors: bool = False, infer_schema: bool = True, infer_schema_length: int | None = 100,
             n_rows: int | None = None, encoding: str = "utf8", try_parse_dates: bool = False,
             truncate_ragged_lines: bool | None = None) -> DataFrame:
    """Reads a CSV file (a path, bytes or a file-like object) in parallel.

    Options follow Polars: ``has_header``, ``separator``, ``quote_char``, ``null_values``,
    ``schema``, ``schema_overrides``, ``infer_schema_length``, ``columns``, ``n_rows``,
    ``skip_rows``, ``try_parse_dates``, ``comment_prefix``, ``truncate_ragged_lines``,
    ``ignore_errors``.

    >>> import floe as fl
    >>> df = fl.read_csv(b"a,b\\n1,x\\n2,y\\n")
    >>> df.shape, df.dtypes
    ((2, 2), [Int64, String])
    """
    kw = _csv_kwargs(has_header=has_header, columns=columns, separator=separator, comment_prefix=comment_prefix,
                     quote_char=quote_char, skip_rows=skip_rows, schema=schema, schema_overrides=schema_overrides,
                     null_values=null_values, ignore_errors=ignore_errors, infer_schema=infer_schema,
                     infer_schema_length=infer_schema_length, n_rows=n_rows, encoding=encoding,
                     try_parse_dates=try_parse_dates, truncate_ragged_lines=truncate_ragged_lines)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return DataFrame._wrap(_floe.read_csv_buffer(bytes(source), kw))
    if isinstance(source, (_io.StringIO, _io.TextIOBase)):
        return DataFrame._wrap(_floe.read_csv_buffer(source.read().encode(), kw))
    if hasattr(source, "read"):
        data = source.read()
        return DataFrame._wrap(_floe.read_csv_buffer(data.encode() if isinstance(data, str) else data, kw))
    return DataFrame._wrap(_floe.read_csv(_local_path(source), kw))


def scan_csv(source, *, has_header: bool = True, separator: str = ",", comment_prefix: str | None = None,
             quote_char: str | None = '"', skip_rows: int = 0, schema=None, schema_overrides=None, null_values=None,
             ignore_errors: bool = False, infer_schema: bool = True, infer_schema_length: int | None = 100,
             n_rows: int | None = None, encoding: str = "utf8", try_parse_dates: bool = False,
             truncate_ragged_lines: bool | None = None) -> LazyFrame:
    """A lazy scan of a CSV file: only the columns and rows the query needs are parsed.

    >>> import floe as fl, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(path, "w").write("a,b\\n1,x\\n2,y\\n")
    >>> fl.scan_csv(path).filter(fl.col("a") > 1).select("b").collect().rows()
    [('y',)]
    """
    kw = _csv_kwargs(has_header=has_header, columns=None, separator=separator, comment_prefix=comment_prefix,
                     quote_char=quote_char, skip_rows=skip_rows, schema=schema, schema_overrides=schema_overrides,
                     null_values=null_values, ignore_errors=ignore_errors, infer_schema=infer_schema,
                     infer_schema_length=infer_schema_length, n_rows=n_rows, encoding=encoding,
                     try_parse_dates=try_parse_dates, truncate_ragged_lines=truncate_ragged_lines)
    return LazyFrame._wrap(_floe.scan_csv(_local_path(source), kw))


def _parquet_sources(source) -> list[str]:
    if isinstance(source, (list, tuple)):
        items = [os.path.expanduser(os.fspath(s)) for s in source]
    else:
        items = [os.path.expanduser(os.fspath(source))]
    if not items:
        raise ValueError("expected at least one source, got an empty list")
    return items


def scan_parquet(source, *, n_rows: int | None = None, row_index_name: str | None = None, row_index_offset: int = 0,
                 parallel: str = "auto", use_statistics: bool = True, hive_partitioning: bool | None = None,
                 glob: bool = True, schema=None, hive_schema=None, try_parse_hive_dates: bool = True,
                 rechunk: bool = False, low_memory: bool = False, cache: bool = True, storage_options=None,
                 include_file_paths: str | None = None, missing_columns: str = "raise",
                 extra_columns: str = "raise") -> LazyFrame:
    """A lazy scan of Parquet files: a path, a directory, a glob pattern or a list of them.

    Only the columns the query uses are read, row groups whose statistics rule out the filter
    are skipped, and ``key=value`` folders become columns (``hive_partitioning``, on by default
    for directories).

    >>> import floe as fl, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> fl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}).write_parquet(path)
    >>> fl.scan_parquet(path).filter(fl.col("a") > 1).select("b").collect().rows()
    [('y',), ('z',)]
    """
    if schema is not None or hive_schema is not None:
        raise NotImplementedError("scan_parquet(schema=..., hive_schema=...) is not supported yet")
    if storage_options:
        raise NotImplementedError("scan_parquet(storage_options=...): only local files are supported yet")
    if missing_columns not in ("raise", "insert"):
        raise ValueError(f"missing_columns must be 'raise' or 'insert', got {missing_columns!r}")
    if extra_columns not in ("raise", "ignore"):
        raise ValueError(f"extra_columns must be 'raise' or 'ignore', got {extra_columns!r}")
    kw = {"hive_partitioning": hive_partitioning, "include_file_paths": include_file_paths,
          "use_statistics": use_statistics, "allow_missing_columns": missing_columns == "insert",
          "ignore_extra_columns": extra_columns == "ignore"}
    lf = LazyFrame._wrap(_floe.scan_parquet(_parquet_sources(source), kw))
    if n_rows is not None:
        lf = lf.head(n_rows)
    if row_index_name is not None:
        lf = lf.with_row_index(row_index_name, offset=row_index_offset)
    return lf


def read_parquet(source, *, columns=None, n_rows: int | None = None, row_index_name: str | None = None,
                 row_index_offset: int = 0, parallel: str = "auto", use_statistics: bool = True,
                 hive_partitioning: bool | None = None, glob: bool = True, schema=None, hive_schema=None,
                 try_parse_hive_dates: bool = True, rechunk: bool = False, low_memory: bool = False,
                 storage_options=None, use_pyarrow: bool = False, pyarrow_options=None, memory_map: bool = True,
                 include_file_paths: str | None = None, missing_columns: str = "raise") -> DataFrame:
    """Reads Parquet files into a DataFrame (``columns`` by name or position).

    >>> import floe as fl, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> fl.DataFrame({"a": [1, 2], "b": [0.5, None]}).write_parquet(path)
    >>> fl.read_parquet(path, columns=["b"]).to_dict(as_series=False)
    {'b': [0.5, None]}
    """
    if hasattr(source, "read") or isinstance(source, (bytes, bytearray)):
        raise NotImplementedError("read_parquet reads paths; file objects and bytes are not supported yet")
    lf = scan_parquet(source, n_rows=n_rows, use_statistics=use_statistics, hive_partitioning=hive_partitioning,
                      schema=schema, hive_schema=hive_schema, storage_options=storage_options,
                      include_file_paths=include_file_paths, missing_columns=missing_columns)
    if columns is not None:
        if isinstance(columns, (str, int)):
            columns = [columns]
        names = lf.collect_schema().names()
        columns = [names[c] if isinstance(c, int) else c for c in columns]
        lf = lf.select(columns)
    if row_index_name is not None:
        lf = lf.with_row_index(row_index_name, offset=row_index_offset)
    return lf.collect()
