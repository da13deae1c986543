"""The output side of DataFrame: writing CSV and Parquet, and handing the frame to Arrow,
pandas and numpy. A mixin of DataFrame (floe/frame.py), kept apart along that seam."""

from __future__ import annotations

import os
from typing import Any

from floe import _floe


class FrameOutput:
    """DataFrame's writers and exporters (``self._df`` is the native frame).

    >>> import floe as fl
    >>> fl.DataFrame({"a": [1, 2]}).write_csv()
    'a\\n1\\n2\\n'
    """

    # Arrow, pandas and numpy (floe/interop.py)
    def __arrow_c_stream__(self, requested_schema=None):
        """The frame as an Arrow C stream of record batches (the Arrow PyCapsule interface).

        >>> import floe as fl, pyarrow as pa
        >>> pa.table(fl.DataFrame({"a": [1, 2]})).column("a").to_pylist()
        [1, 2]
        """
        return _floe.frame_to_arrow_stream(self._df)

    def __arrow_c_schema__(self):
        """The frame's schema as an Arrow C schema capsule.

        >>> import floe as fl, pyarrow as pa
        >>> pa.schema(fl.DataFrame({"a": [1]}))
        a: int64
        """
        return _floe.frame_arrow_schema(self._df)

    def to_arrow(self, *, compat_level=None):
        """The frame as a ``pyarrow.Table`` (strings as ``large_string``, as Polars exports them).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None], "s": ["x", "y"]}).to_arrow().schema
        a: int64
        s: large_string
        """
        from floe.interop import _frame_to_arrow

        return _frame_to_arrow(self)

    def to_pandas(self, *, use_pyarrow_extension_array: bool = False, **kwargs):
        """The frame as a pandas DataFrame (through Arrow, as Polars converts).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None]}).to_pandas()["a"].tolist()
        [1.0, nan]
        """
        from floe.interop import _frame_to_pandas

        if use_pyarrow_extension_array:
            import pandas as pd

            kwargs.setdefault("types_mapper", pd.ArrowDtype)
        return _frame_to_pandas(self, **kwargs)

    def to_numpy(self, *, order: str = "fortran", writable: bool = False, allow_copy: bool = True,
                 structured: bool = False, masked: bool = False):
        """The frame as a 2-d numpy array (numbers share one dtype; mixed columns give objects).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}).to_numpy().tolist()
        [[1.0, 0.5], [2.0, 1.5]]
        """
        from floe.interop import _frame_to_numpy

        if structured or masked:
            raise NotImplementedError("to_numpy(structured=True / masked=True) is not supported yet")
        return _frame_to_numpy(self)

    # output
    def write_csv(self, file=None, *, include_header: bool = True, separator: str = ",",
                  line_terminator: str = "\n", quote_char: str = '"', float_precision: int | None = None,
                  null_value: str | None = None, quote_style: str | None = None) -> str | None:
        """Writes CSV to ``file`` (a path or a writable file object), or returns it as a string
        when ``file`` is None.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1, None], "b": ["x,y", "z"]}).write_csv()
        'a,b\\n1,"x,y"\\n,z\\n'
        """
        kw = _csv_write_options(include_header, separator, line_terminator, quote_char, float_precision, null_value,
                                quote_style)
        if file is not None and hasattr(file, "write"):
            text = self._df.write_csv("", kw)
            try:
                file.write(text)
            except TypeError:
                file.write(text.encode())
            return None
        return self._df.write_csv("" if file is None else os.fspath(file), kw)

    def write_parquet(self, file, *, compression: str = "zstd", compression_level: int | None = None,
                      statistics: bool | str | dict = True, row_group_size: int | None = None,
                      data_page_size: int | None = None) -> None:
        """Writes the frame as Parquet to ``file`` (a path or a writable binary file object).

        ``compression`` is one of "uncompressed", "snappy", "gzip", "brotli", "lz4" and "zstd"
        (level 3 unless ``compression_level`` says otherwise); row groups hold
        ``row_group_size`` rows (512^2 by default) and data pages about ``data_page_size``
        bytes (1 MiB).

        >>> import floe as fl, os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "out.parquet")
        >>> fl.DataFrame({"a": [1, None], "b": ["x", "y"]}).write_parquet(path)
        >>> open(path, "rb").read(4)
        b'PAR1'
        """
        kw = _parquet_write_options(compression, compression_level, statistics, row_group_size, data_page_size)
        if hasattr(file, "write"):
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "frame.parquet")
                self._df.write_parquet(path, kw)
                with open(path, "rb") as f:
                    file.write(f.read())
            return None
        self._df.write_parquet(os.fspath(file), kw)
        return None


def _csv_write_options(include_header, separator, line_terminator, quote_char, float_precision, null_value,
                       quote_style) -> dict:
    """The keyword options of the native ``write_csv`` and ``sink_csv``."""
    kw: dict[str, Any] = {"include_header": include_header, "separator": separator,
                          "line_terminator": line_terminator, "quote_char": quote_char}
    if null_value is not None:
        kw["null_value"] = null_value
    if quote_style is not None:
        kw["quote_style"] = quote_style
    if float_precision is not None:
        kw["float_precision"] = float_precision
    return kw


def _parquet_write_options(compression, compression_level, statistics, row_group_size, data_page_size) -> dict:
    """The keyword options of the native ``write_parquet``, checked as Polars checks them."""
    codecs = ("uncompressed", "snappy", "gzip", "brotli", "lz4", "zstd")
    if compression not in codecs:
        raise ValueError(f"parquet `compression` must be one of {{'uncompressed', 'snappy', 'gzip', 'brotli', "
                         f"'lz4', 'zstd'}}, got {compression}")
    levels = {"zstd": (1, 22), "gzip": (0, 9), "brotli": (0, 11)}
    if compression_level is not None and compression in levels:
        lo, hi = levels[compression]
        if not lo <= compression_level <= hi:
            raise ValueError(f"valid compression range {lo}..={hi} exceeded.")
    kw: dict[str, Any] = {"compression": compression, "compression_level": compression_level,
                          # Polars also takes "full" or a dict of statistic names: any of them on.
                          "statistics": any(statistics.values()) if isinstance(statistics, dict) else bool(statistics)}
    # Polars treats 0 as "no limit given".
    if row_group_size:
        kw["row_group_size"] = int(row_group_size)
    if data_page_size:
        kw["data_page_size"] = int(data_page_size)
    return kw
