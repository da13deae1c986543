"""The conformance harness: run the same query on Floe and on Polars (the oracle) and compare.

``assert_same(lambda m: m.DataFrame({"a": [1]}).select(m.col("a") + 1))`` calls the lambda with
``floe`` and with ``polars`` and compares the results (columns, dtypes by name, values with NaN ==
NaN and a float tolerance), or, when Polars raises, checks that Floe raises the same class.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import polars as pl
import pytest

import floe as fl

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def dtype_name(dtype: Any) -> str:
    """A dtype's name as both libraries print it: 'Int64', "Datetime(time_unit='us', time_zone=None)"."""
    return repr(dtype)


def _values_equal(left: Any, right: Any, *, rel_tol: float, abs_tol: float) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, float) or isinstance(right, float):
        if type(left) is not type(right):  # 1 and 1.0 differ: the dtypes differ
            return False
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        if math.isinf(left) or math.isinf(right):
            return left == right
        return math.isclose(left, right, rel_tol=rel_tol, abs_tol=abs_tol)
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(
            _values_equal(a, b, rel_tol=rel_tol, abs_tol=abs_tol) for a, b in zip(left, right)
        )
    return type(left) is type(right) and left == right


def _column_lists(frame: Any) -> dict[str, list]:
    return {name: frame.get_column(name).to_list() for name in frame.columns}


def assert_frame_equal_polars(
    floe_df: Any, polars_df: Any, *, check_dtypes: bool = True, check_row_order: bool = True,
    rel_tol: float = 1e-9, abs_tol: float = 1e-12,
) -> None:
    """Floe's frame (or Series) holds the same column names, dtypes and values as Polars' one.

    Dtypes compare by name (repr); floats compare with a tolerance and NaN equals NaN; nulls
    equal only nulls; ints never equal floats or bools.
    """
    if isinstance(polars_df, pl.Series):
        assert isinstance(floe_df, fl.Series), f"expected a Series, got {type(floe_df).__name__}"
        assert floe_df.name == polars_df.name, f"name: floe {floe_df.name!r} != polars {polars_df.name!r}"
        floe_df, polars_df = floe_df.to_frame(), polars_df.to_frame()
    assert isinstance(floe_df, fl.DataFrame), f"expected a DataFrame, got {type(floe_df).__name__}"
    assert floe_df.columns == polars_df.columns, f"columns: floe {floe_df.columns} != polars {polars_df.columns}"
    if check_dtypes:
        got = [dtype_name(d) for d in floe_df.dtypes]
        want = [dtype_name(d) for d in polars_df.dtypes]
        assert got == want, f"dtypes: floe {got} != polars {want}"
    assert floe_df.shape == polars_df.shape, f"shape: floe {floe_df.shape} != polars {polars_df.shape}"
    got_cols, want_cols = _column_lists(floe_df), _column_lists(polars_df)
    float32 = {n for n, d in zip(polars_df.columns, polars_df.dtypes) if dtype_name(d) == "Float32"}
    for name in polars_df.columns:
        got, want = got_cols[name], want_cols[name]
        # Float32 results may differ in the last bit (f32 vs f64 intermediate arithmetic).
        tol = max(rel_tol, 1e-6) if name in float32 else rel_tol
        if not check_row_order:
            got, want = sorted(got, key=_sort_key), sorted(want, key=_sort_key)
        for i, (a, b) in enumerate(zip(got, want)):
            assert _values_equal(a, b, rel_tol=tol, abs_tol=abs_tol), (
                f"column {name!r} row {i}: floe {a!r} != polars {b!r}\n floe:   {got}\n polars: {want}"
            )


def _sort_key(value: Any):
    if value is None:
        return (0, "")
    if isinstance(value, float) and math.isnan(value):
        return (2, "")
    return (1, value)


def assert_same_repr(floe_obj: Any, polars_obj: Any) -> None:
    """Floe prints the object exactly as Polars does (tables, Series, schemas, dtypes)."""
    got, want = str(floe_obj), str(polars_obj)
    assert got == want, f"printed output differs\n--- floe ---\n{got}\n--- polars ---\n{want}"


def assert_same_result(floe_value: Any, polars_value: Any, **kw) -> None:
    """Compares whatever a query returned: frames, Series, schemas, dtypes, rows or scalars."""
    if isinstance(polars_value, pl.LazyFrame):
        assert isinstance(floe_value, fl.LazyFrame), f"expected a LazyFrame, got {type(floe_value).__name__}"
        floe_value, polars_value = floe_value.collect(), polars_value.collect()
    if isinstance(polars_value, (pl.DataFrame, pl.Series)):
        assert_frame_equal_polars(floe_value, polars_value, **kw)
    elif isinstance(polars_value, pl.Schema):
        assert list(floe_value.names()) == list(polars_value.names())
        assert [dtype_name(d) for d in floe_value.dtypes()] == [dtype_name(d) for d in polars_value.dtypes()]
    elif isinstance(polars_value, pl.DataType) or (isinstance(polars_value, type) and issubclass(polars_value, pl.DataType)):
        assert dtype_name(floe_value) == dtype_name(polars_value)
    elif isinstance(polars_value, (list, tuple)) and polars_value and isinstance(polars_value[0], pl.DataType):
        assert [dtype_name(d) for d in floe_value] == [dtype_name(d) for d in polars_value]
    else:
        tol = {k: v for k, v in kw.items() if k in ("rel_tol", "abs_tol")}
        tol.setdefault("rel_tol", 1e-9)
        tol.setdefault("abs_tol", 1e-12)
        assert _values_equal(_plain(floe_value), _plain(polars_value), **tol), (
            f"floe {floe_value!r} != polars {polars_value!r}"
        )


def _plain(value: Any) -> Any:
    """dicts compare by their items; everything else as is."""
    if isinstance(value, dict):
        return [(k, _plain(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def run_both(query: Callable[[Any], Any]) -> tuple[Any, Any]:
    """Runs ``query(fl)`` and ``query(pl)``. When Polars raises, Floe must raise an exception of
    the same class name; returns (floe_result, polars_result) otherwise."""
    try:
        want = query(pl)
        if isinstance(want, pl.LazyFrame):
            want = want.collect()
    except Exception as polars_error:  # noqa: BLE001 - any Polars error is the expectation
        with pytest.raises(Exception) as info:
            got = query(fl)
            if isinstance(got, fl.LazyFrame):
                got.collect()
        assert type(info.value).__name__ == type(polars_error).__name__, (
            f"polars raised {type(polars_error).__name__}: {polars_error}\n"
            f"floe raised {type(info.value).__name__}: {info.value}"
        )
        return None, None
    got = query(fl)
    if isinstance(got, fl.LazyFrame):
        got = got.collect()
    return got, want


def assert_same(query: Callable[[Any], Any], **kw) -> None:
    """The conformance check: the same snippet gives the same answer (or the same exception class)
    on Floe and on Polars, e.g. ``assert_same(lambda m: m.DataFrame({"a": [1]}).select(m.col("a") + 1))``."""
    got, want = run_both(query)
    if got is None and want is None:
        return
    assert_same_result(got, want, **kw)


def assert_same_error(query: Callable[[Any], Any], error: str | None = None) -> None:
    """Both libraries raise, with the same exception class (``error`` names it when given)."""
    try:
        result = query(pl)
        if isinstance(result, pl.LazyFrame):
            result.collect()
    except Exception as polars_error:  # noqa: BLE001
        want = type(polars_error).__name__
    else:
        raise AssertionError("polars did not raise; the test expects an error")
    if error is not None:
        assert want == error, f"polars raised {want}, the test expects {error}"
    with pytest.raises(Exception) as info:
        result = query(fl)
        if isinstance(result, fl.LazyFrame):
            result.collect()
    assert type(info.value).__name__ == want, (
        f"polars raised {want}; floe raised {type(info.value).__name__}: {info.value}"
    )


def run_floe_subprocess(code: str, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    """Runs ``code`` in a fresh interpreter (engine settings are read once per process) and
    returns its stdout."""
    full_env = dict(os.environ)
    for key in ("FLOE_MAX_THREADS", "FLOE_MORSEL_SIZE"):
        full_env.pop(key, None)
    full_env.update(env or {})
    proc = subprocess.run([PYTHON, "-c", code], env=full_env, capture_output=True, text=True, timeout=timeout,
                          cwd=str(REPO))
    assert proc.returncode == 0, f"subprocess failed ({proc.returncode}):\n{proc.stderr}"
    return proc.stdout
