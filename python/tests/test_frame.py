"""DataFrame and Series: construction, shape and schema, indexing, rows, head/tail/slice, printing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same, assert_same_repr

DATA = {"a": [1, 2, None, 4], "b": ["x", None, "żółć", "日本語"], "c": [1.5, float("nan"), None, -2.0],
        "d": [True, False, None, True]}


def frame(m):
    return m.DataFrame(DATA)


# -- constructors ------------------------------------------------------------------------------

CONSTRUCTORS = {
    "dict of lists": lambda m: m.DataFrame({"a": [1, 2], "b": ["x", None], "c": [True, None], "d": [1.5, 2]}),
    "dict with nulls only": lambda m: m.DataFrame({"a": [None, None]}),
    "dict of empty lists": lambda m: m.DataFrame({"a": [], "b": []}),
    "no data": lambda m: m.DataFrame(),
    "none": lambda m: m.DataFrame(None),
    "dict of tuples and ranges": lambda m: m.DataFrame({"a": (1, 2), "b": range(2)}),
    "dict with a scalar to broadcast": lambda m: m.DataFrame({"a": 1, "b": [1, 2, 3]}),
    "list of dicts": lambda m: m.DataFrame([{"a": 1, "b": "x"}, {"a": 2, "c": 3.0}]),
    "list of dicts with schema names": lambda m: m.DataFrame([{"a": 1}, {"b": 2}], schema=["b", "a"]),
    "list of dicts with overrides": lambda m: m.DataFrame([{"a": 1}, {"b": 2}], schema_overrides={"b": m.Int8}),
    "list of Series": lambda m: m.DataFrame([m.Series("a", [1, 2]), m.Series("b", ["x", "y"])]),
    "Series keep their dtype": lambda m: m.DataFrame({"a": m.Series([1, 2], dtype=m.Int16)}),
    "list of lists is column-major": lambda m: m.DataFrame([[1, 2], [3, 4]]),
    "list of lists by row": lambda m: m.DataFrame([[1, 2], [3, 4]], orient="row"),
    "list of tuples by row with names": lambda m: m.DataFrame([(1, "a"), (2, "b")], schema=["x", "y"], orient="row"),
    "numpy int32 and float": lambda m: m.DataFrame({"a": np.array([1, 2, 3], dtype=np.int32),
                                                    "b": np.array([1.5, np.nan, 3.0])}),
    "numpy uint8 and bool": lambda m: m.DataFrame({"a": np.array([1, 255], dtype=np.uint8),
                                                   "b": np.array([True, False])}),
    "numpy every width": lambda m: m.DataFrame({f"{k}{w}": np.array([1, 2], dtype=f"{k}{w}")
                                                for k in ("int", "uint") for w in (8, 16, 32, 64)}),
    "numpy float32": lambda m: m.DataFrame({"a": np.array([0.5, -1.25], dtype=np.float32)}),
    "numpy strings": lambda m: m.DataFrame({"a": np.array(["x", "yz"])}),
    "numpy with overrides": lambda m: m.DataFrame({"a": np.array([1, 2])}, schema_overrides={"a": m.Int8}),
    "numpy mixed with a list": lambda m: m.DataFrame({"a": np.array([1, 2]), "b": ["x", "y"]}),
    "numpy 2d is row-major": lambda m: m.DataFrame(np.array([[1, 2, 3], [4, 5, 6]])),
    "numpy 2d by column": lambda m: m.DataFrame(np.array([[1, 2, 3], [4, 5, 6]]), orient="col"),
    "numpy 2d with names": lambda m: m.DataFrame(np.array([[1, 2], [3, 4]]), schema=["x", "y"]),
    "schema dict": lambda m: m.DataFrame({"a": [1, 2], "b": [1, 2]}, schema={"a": m.Int16, "b": m.Float32}),
    "schema dict reorders": lambda m: m.DataFrame({"a": [1], "b": ["x"]}, schema={"b": m.String, "a": m.Int8}),
    "schema list of pairs": lambda m: m.DataFrame({"a": [1, 2], "b": [1, 2]}, schema=[("x", m.Int16), ("y", m.Float32)]),
    "schema names only": lambda m: m.DataFrame({"a": [1, 2], "b": [1, 2]}, schema=["x", "y"]),
    "schema without data": lambda m: m.DataFrame(schema={"a": m.Int16, "b": m.String, "c": m.Datetime("ms")}),
    "schema python types": lambda m: m.DataFrame({"a": [1], "b": [1]}, schema={"a": float, "b": str}, strict=False),
    "schema overrides": lambda m: m.DataFrame({"a": [1, 2], "b": [1, 2]}, schema_overrides={"b": m.UInt8}),
    "schema overrides of an unknown column": lambda m: m.DataFrame({"a": [1]}, schema_overrides={"zz": m.Int8}),
    "int into float schema": lambda m: m.DataFrame({"a": [1, 2]}, schema={"a": m.Float32}),
    "bool into int schema": lambda m: m.DataFrame({"a": [True, False]}, schema={"a": m.Int8}),
    "floats then ints": lambda m: m.DataFrame({"a": [1.5, 2]}),
    "ints then bools": lambda m: m.DataFrame({"a": [1, True]}),
    "ints beyond Int64 are UInt64": lambda m: m.DataFrame({"a": [1, 2**63]}),
    "non-strict mixed strings": lambda m: m.DataFrame({"a": [1, "x"]}, strict=False),
    "non-strict ints then floats": lambda m: m.DataFrame({"a": [1, 2.5]}, strict=False),
    "non-strict bools then ints": lambda m: m.DataFrame({"a": [True, 2]}, strict=False),
    "non-strict overflow is null": lambda m: m.DataFrame({"a": [1, 300]}, schema_overrides={"a": m.Int8}, strict=False),
    "non-strict strings to ints": lambda m: m.DataFrame({"a": ["1", "x"]}, schema={"a": m.Int64}, strict=False),
    "temporal values": lambda m: m.DataFrame({"d": [dt.date(1960, 1, 1), None], "t": [dt.datetime(2020, 1, 1, 12), None],
                                              "dur": [dt.timedelta(days=1), None], "tm": [dt.time(1, 2, 3), None]}),
    "dates widen into datetimes (non-strict)": lambda m: m.DataFrame({"a": [dt.date(2020, 1, 1), dt.datetime(2020, 1, 2, 3)]},
                                                                     strict=False),
    "datetime schema from dates": lambda m: m.DataFrame({"a": [dt.date(2020, 1, 1)]}, schema={"a": m.Datetime("ms")}),
    "aware datetimes": lambda m: m.DataFrame({"a": [dt.datetime(2020, 1, 1, 5, tzinfo=dt.timezone.utc)]}),
    "bytes": lambda m: m.DataFrame({"a": [b"x", None, b"\x00\xff"]}),
    "nan_to_null": lambda m: m.DataFrame({"a": [1.0, float("nan")]}, nan_to_null=True),
    "non-ascii names": lambda m: m.DataFrame({"名前": [1], "żółć": [2], "🙂": [3]}),
    "copy of a frame": lambda m: m.DataFrame(m.DataFrame({"a": [1]})),
}


@pytest.mark.parametrize("query", CONSTRUCTORS.values(), ids=CONSTRUCTORS.keys())
def test_constructor(query):
    assert_same(query)


CONSTRUCTOR_ERRORS = {
    "ragged dict": lambda m: m.DataFrame({"a": [1, 2], "b": [1]}),
    "ints then a string": lambda m: m.DataFrame({"a": [1, "x"]}),
    "a string then ints": lambda m: m.DataFrame({"a": ["x", 1]}),
    "ints then a float": lambda m: m.DataFrame({"a": [1, 2.5]}),
    "bools then ints": lambda m: m.DataFrame({"a": [True, 1]}),
    "a date then a datetime": lambda m: m.DataFrame({"a": [dt.date(2020, 1, 1), dt.datetime(2020, 1, 1)]}),
    "bytes then a string": lambda m: m.DataFrame({"a": [b"x", "y"]}),
    "overflowing override": lambda m: m.DataFrame({"a": [1, 300]}, schema_overrides={"a": m.Int8}),
    "negative into unsigned": lambda m: m.DataFrame({"a": [-1]}, schema={"a": m.UInt8}),
    "float into int schema": lambda m: m.DataFrame({"a": [1.5]}, schema={"a": m.Int64}),
    "string into int schema": lambda m: m.DataFrame({"a": ["1"]}, schema={"a": m.Int64}),
    "int into string schema": lambda m: m.DataFrame({"a": [1]}, schema={"a": m.String}),
    "int into bool schema": lambda m: m.DataFrame({"a": [1, 0]}, schema={"a": m.Boolean}),
    "schema names that are not the dict's": lambda m: m.DataFrame({"a": [1, 2]}, schema={"b": m.Int8}),
    "unsupported data": lambda m: m.DataFrame(5),
    "unknown dtype name": lambda m: m.DataFrame({"a": [1]}, schema={"a": "nonsense"}),
}


@pytest.mark.parametrize("query", CONSTRUCTOR_ERRORS.values(), ids=CONSTRUCTOR_ERRORS.keys())
def test_constructor_error(query):
    assert_same(query)


def test_numpy_columns_are_shared_without_a_copy():
    values = np.arange(1_000_000, dtype=np.int64)
    df = fl.DataFrame({"a": values})
    values[0] = 42  # the frame sees the array's memory
    assert df["a"][0] == 42
    assert df.select(fl.col("a").sum()).item() == int(values.sum())


def test_non_contiguous_numpy_arrays_are_read_correctly():
    values = np.arange(10, dtype=np.int32)[::2]
    assert fl.DataFrame({"a": values})["a"].to_list() == [0, 2, 4, 6, 8]


def test_from_dict_and_from_dicts():
    assert_same(lambda m: m.from_dict({"a": [1, 2]}, schema_overrides={"a": m.Int8}))
    assert_same(lambda m: m.from_dicts([{"a": 1}, {"a": None, "b": "x"}]))


# -- shape and schema --------------------------------------------------------------------------

PROPERTIES = {
    "shape": lambda m: frame(m).shape,
    "height": lambda m: frame(m).height,
    "width": lambda m: frame(m).width,
    "len": lambda m: len(frame(m)),
    "columns": lambda m: frame(m).columns,
    "dtypes": lambda m: frame(m).dtypes,
    "schema": lambda m: frame(m).schema,
    "schema names": lambda m: frame(m).schema.names(),
    "schema len": lambda m: frame(m).schema.len(),
    "collect_schema": lambda m: frame(m).collect_schema(),
    "is_empty": lambda m: (frame(m).is_empty(), m.DataFrame({"a": []}).is_empty()),
    "contains": lambda m: ("a" in frame(m), "zz" in frame(m)),
    "get_column_index": lambda m: frame(m).get_column_index("c"),
    "empty frame shape": lambda m: m.DataFrame().shape,
    "schema-only frame": lambda m: m.DataFrame(schema={"a": m.Int8}).shape,
}


@pytest.mark.parametrize("query", PROPERTIES.values(), ids=PROPERTIES.keys())
def test_property(query):
    assert_same(query)


def test_schema_compares_with_a_plain_dict():
    assert fl.DataFrame({"a": [1], "b": ["x"]}).schema == {"a": fl.Int64, "b": fl.String}
    assert fl.DataFrame({"a": [1]}).schema != {"a": fl.Int32}


@pytest.mark.parametrize(
    "dtype",
    ["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "String",
     "Boolean", "Binary", "Date", "Time", "Null"],
)
def test_dtype_names_match_polars(dtype):
    f, p = getattr(fl, dtype), getattr(pl, dtype)
    assert repr(f) == repr(p)
    assert repr(f()) == repr(p())
    assert str(f) == str(p)
    assert f == f() and f() == f


@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
def test_parametric_dtypes_match_polars(unit):
    assert repr(fl.Datetime(unit)) == repr(pl.Datetime(unit))
    assert repr(fl.Datetime(unit, "UTC")) == repr(pl.Datetime(unit, "UTC"))
    assert repr(fl.Duration(unit)) == repr(pl.Duration(unit))
    assert fl.Datetime(unit) == fl.Datetime  # a class stands for any of its units, as in Polars
    assert fl.Datetime == fl.Datetime(unit)
    assert (fl.Datetime(unit) == fl.Datetime("ms")) == (unit == "ms")
    assert fl.Datetime(unit) in {fl.Datetime(unit)}


def test_dtype_groups():
    for name in ("Int8", "UInt64", "Float32", "String", "Date", "Boolean"):
        f, p = getattr(fl, name), getattr(pl, name)
        for check in ("is_numeric", "is_integer", "is_float", "is_signed_integer", "is_unsigned_integer",
                      "is_temporal"):
            assert getattr(f, check)() == getattr(p, check)(), (name, check)


def test_utf8_is_string():
    assert fl.Utf8 is fl.String
    assert fl.DataFrame({"a": ["x"]}).schema["a"] == fl.Utf8


# -- indexing ----------------------------------------------------------------------------------

INDEXING = {
    "column by name": lambda m: frame(m)["b"],
    "columns by names": lambda m: frame(m)[["c", "a"]],
    "row by position": lambda m: frame(m)[1],
    "row from the end": lambda m: frame(m)[-1],
    "rows by slice": lambda m: frame(m)[1:3],
    "rows by open slice": lambda m: frame(m)[2:],
    "rows by negative slice": lambda m: frame(m)[-2:],
    "rows by slice with a step": lambda m: frame(m)[::2],
    "rows by a list of positions": lambda m: frame(m)[[3, 0, 3]],
    "value by row and name": lambda m: frame(m)[1, "b"],
    "value by row and position": lambda m: frame(m)[-1, 0],
    "column of every row": lambda m: frame(m)[:, "b"],
    "column by position": lambda m: frame(m)[:, 2],
    "columns of some rows": lambda m: frame(m)[0:2, ["b"]],
    "columns by slice": lambda m: frame(m)[:, 1:3],
    "rows by boolean Series": lambda m: frame(m)[m.Series([True, False, False, True])],
    "missing column": lambda m: frame(m)["zz"],
    "row out of bounds": lambda m: frame(m)[4],
    "value out of bounds": lambda m: frame(m)[9, "a"],
    "get_column": lambda m: frame(m).get_column("c"),
    "get_column default": lambda m: frame(m).get_column("zz", default=None),
    "get_column missing": lambda m: frame(m).get_column("zz"),
    "get_columns": lambda m: frame(m).get_columns()[3],
    "to_series": lambda m: frame(m).to_series(1),
    "to_series from the end": lambda m: frame(m).to_series(-1),
    "iteration gives columns": lambda m: [s.name for s in frame(m)],
    "iter_columns": lambda m: [s.to_list() for s in frame(m).iter_columns()][0],
}


@pytest.mark.parametrize("query", INDEXING.values(), ids=INDEXING.keys())
def test_indexing(query):
    assert_same(query)


# -- rows and values ---------------------------------------------------------------------------

ROWS = {
    "row": lambda m: frame(m).row(1),
    "row named": lambda m: frame(m).row(2, named=True),
    "row from the end": lambda m: frame(m).row(-1),
    "row by predicate": lambda m: frame(m).row(by_predicate=m.col("a") == 4),
    "row out of bounds": lambda m: frame(m).row(4),
    "row before the start": lambda m: frame(m).row(-5),
    "row predicate matching two rows": lambda m: frame(m).row(by_predicate=m.col("d")),
    "rows": lambda m: frame(m).rows(),
    "rows named": lambda m: frame(m).rows(named=True),
    "iter_rows": lambda m: list(frame(m).iter_rows()),
    "iter_rows named": lambda m: list(frame(m).iter_rows(named=True)),
    "item of a 1x1 frame": lambda m: m.DataFrame({"a": [7]}).item(),
    "item of a bigger frame": lambda m: frame(m).item(),
    "item by row and name": lambda m: frame(m).item(2, "b"),
    "item by row and position": lambda m: frame(m).item(-1, 1),
    "item out of bounds": lambda m: frame(m).item(10, "a"),
    "to_dict": lambda m: frame(m).to_dict(as_series=False),
    "to_dict of Series": lambda m: frame(m).to_dict()["b"],
    "to_dicts": lambda m: frame(m).to_dicts(),
    "temporal values come back as Python objects": lambda m: m.DataFrame({
        "d": [dt.date(1901, 12, 13)], "t": [dt.datetime(1969, 12, 31, 23, 59, 59, 999999)],
        "dur": [dt.timedelta(days=-1, microseconds=5)], "tm": [dt.time(23, 59, 59, 999999)]}).row(0),
    "nanosecond datetimes lose the nanoseconds in Python": lambda m: m.DataFrame(
        {"t": [dt.datetime(2020, 1, 1, 0, 0, 0, 1)]}).select(m.col("t").cast(m.Datetime("ns"))).item(),
    "aware datetimes come back in their zone": lambda m: m.DataFrame(
        {"t": [dt.datetime(2020, 6, 1, 12)]}).select(m.col("t").cast(m.Datetime("us", "UTC"))).item(),
}


@pytest.mark.parametrize("query", ROWS.values(), ids=ROWS.keys())
def test_rows(query):
    assert_same(query)


# -- head, tail, slice -------------------------------------------------------------------------

TEN = {"a": list(range(10)), "b": [str(i) for i in range(10)]}

SLICING = {
    "head": lambda m: m.DataFrame(TEN).head(3),
    "head default": lambda m: m.DataFrame(TEN).head(),
    "head 0": lambda m: m.DataFrame(TEN).head(0),
    "head negative": lambda m: m.DataFrame(TEN).head(-3),
    "head past the end": lambda m: m.DataFrame(TEN).head(30),
    "limit": lambda m: m.DataFrame(TEN).limit(4),
    "tail": lambda m: m.DataFrame(TEN).tail(3),
    "tail negative": lambda m: m.DataFrame(TEN).tail(-3),
    "tail past the start": lambda m: m.DataFrame(TEN).tail(30),
    "slice": lambda m: m.DataFrame(TEN).slice(2, 3),
    "slice to the end": lambda m: m.DataFrame(TEN).slice(7),
    "slice from the end": lambda m: m.DataFrame(TEN).slice(-3),
    "slice from the end with a length": lambda m: m.DataFrame(TEN).slice(-3, 2),
    "slice with a negative length": lambda m: m.DataFrame(TEN).slice(1, -2),
    "slice from the end with a negative length": lambda m: m.DataFrame(TEN).slice(-4, -1),
    "slice past the end": lambda m: m.DataFrame(TEN).slice(20, 2),
    "head of an empty frame": lambda m: m.DataFrame({"a": []}).head(2),
}


@pytest.mark.parametrize("query", SLICING.values(), ids=SLICING.keys())
def test_slicing(query):
    assert_same(query)


# -- eager verbs -------------------------------------------------------------------------------

VERBS = {
    "with_columns by keyword": lambda m: frame(m).with_columns(e=m.col("a") * 2, f=1),
    "filter by keyword": lambda m: frame(m).filter(b="x"),
    "filter by several predicates": lambda m: frame(m).filter(m.col("a") > 1, m.col("d")),
    "rename by function": lambda m: frame(m).rename(str.upper),
    "drop several": lambda m: frame(m).drop("a", "c"),
    "with_row_index": lambda m: frame(m).with_row_index(),
    "null_count": lambda m: frame(m).null_count(),
    "clone": lambda m: frame(m).clone(),
    "equals": lambda m: (frame(m).equals(frame(m)), frame(m).equals(frame(m).head(2))),
    "equals with NaN": lambda m: m.DataFrame({"a": [float("nan")]}).equals(m.DataFrame({"a": [float("nan")]})),
    "equals with different dtypes": lambda m: m.DataFrame({"a": [1]}).equals(m.DataFrame({"a": [1.0]})),
}


@pytest.mark.parametrize("query", VERBS.values(), ids=VERBS.keys())
def test_eager_verb(query):
    assert_same(query)


# -- Series ------------------------------------------------------------------------------------

SERIES = {
    "named": lambda m: m.Series("x", [1, None, 3]),
    "unnamed": lambda m: m.Series([1, 2]),
    "dtype": lambda m: m.Series("x", [1, None, 3], dtype=m.Float32),
    "from numpy": lambda m: m.Series("x", np.array([1.5, 2.5])),
    "empty": lambda m: m.Series("x", []),
    "empty with dtype": lambda m: m.Series("x", [], dtype=m.Int16),
    "strings": lambda m: m.Series("s", ["a", None, "ż"]),
    "mixed strict": lambda m: m.Series([1, "a"]),
    "mixed non-strict": lambda m: m.Series([1, "a"], strict=False),
    "name": lambda m: m.Series("x", [1]).name,
    "dtype property": lambda m: m.Series("x", [1.5]).dtype,
    "len": lambda m: (len(m.Series([1, None])), m.Series([1, None]).len()),
    "shape": lambda m: m.Series([1, 2, 3]).shape,
    "to_list": lambda m: m.Series("x", [1, None, 3]).to_list(),
    "to_frame": lambda m: m.Series("x", [1]).to_frame(),
    "to_frame renamed": lambda m: m.Series("x", [1]).to_frame("y"),
    "alias": lambda m: m.Series("x", [1]).alias("y"),
    "rename": lambda m: m.Series("x", [1]).rename("y"),
    "index": lambda m: m.Series([1, 2, 3])[1],
    "negative index": lambda m: m.Series([1, 2, 3])[-1],
    "index out of bounds": lambda m: m.Series([1, 2, 3])[5],
    "slice": lambda m: m.Series("x", [1, 2, 3])[1:],
    "list of positions": lambda m: m.Series("x", [1, 2, 3])[[2, 0]],
    "iteration": lambda m: list(m.Series([1, None])),
    "truth value": lambda m: bool(m.Series([1])),
    "item": lambda m: m.Series([5]).item(),
    "item of a longer Series": lambda m: m.Series([5, 6]).item(),
    "is_empty": lambda m: (m.Series([]).is_empty(), m.Series([1]).is_empty()),
    "arithmetic with scalars": lambda m: m.Series("x", [1, None, 3]) * 2 + 1,
    "reflected arithmetic": lambda m: 10 - m.Series("x", [1, 2]),
    "true division": lambda m: m.Series("x", [1, 2]) / 2,
    "arithmetic of Series": lambda m: m.Series("x", [1, None, 3]) + m.Series("y", [1, 2, 3]),
    "arithmetic with a length-1 Series": lambda m: m.Series("x", [1, 2, 3]) * m.Series("y", [10]),
    "arithmetic of different lengths": lambda m: m.Series("x", [1, 2]) + m.Series("y", [1, 2, 3]),
    "comparison": lambda m: m.Series("x", [1, None, 3]) >= 2,
    "comparison of Series": lambda m: m.Series("x", [1, 2]) == m.Series("y", [1, 3]),
    "boolean ops": lambda m: m.Series("p", [True, None, False]) & m.Series("q", [True, True, None]),
    "negation": lambda m: -m.Series("x", [1, -2]),
    "not": lambda m: ~m.Series("x", [True, None]),
    "sum": lambda m: m.Series([1, None, 3]).sum(),
    "mean": lambda m: m.Series([1, None, 4]).mean(),
    "min max": lambda m: (m.Series([2, None, 1]).min(), m.Series([2, None, 1]).max()),
    "median": lambda m: m.Series([2, 9, 1, 4]).median(),
    "std var": lambda m: (m.Series([1, 2, 4]).std(), m.Series([1, 2, 4]).var(ddof=0)),
    "quantile": lambda m: m.Series([1, 2, 3, 4]).quantile(0.25, "linear"),
    "n_unique": lambda m: m.Series([1, 1, None, None]).n_unique(),
    "null_count": lambda m: m.Series([1, None, None]).null_count(),
    "count": lambda m: m.Series([1, None, None]).count(),
    "cast": lambda m: m.Series("x", [1, None]).cast(m.String),
    "cast non-strict": lambda m: m.Series("x", ["1", "x"]).cast(m.Int8, strict=False),
    "is_null": lambda m: m.Series("x", [1, None]).is_null(),
    "fill_null": lambda m: m.Series("x", [1, None]).fill_null(0),
    "fill_nan": lambda m: m.Series("x", [1.0, float("nan")]).fill_nan(None),
    "is_in": lambda m: m.Series("x", [1, 2, None]).is_in([2]),
    "is_between": lambda m: m.Series("x", [1, 2, 3]).is_between(1, 2),
    "abs round sqrt": lambda m: (m.Series([-1.44]).abs().round(1).to_list(), m.Series([16]).sqrt().to_list()),
    "clip": lambda m: m.Series("x", [-3, 0, 3]).clip(-1, 1),
    "sort": lambda m: m.Series("x", [2, None, 1]).sort(),
    "sort descending": lambda m: m.Series("x", [2, None, 1]).sort(descending=True),
    "head tail": lambda m: (m.Series(range(20)).head().to_list(), m.Series(range(20)).tail(3).to_list()),
    "slice method": lambda m: m.Series("x", [1, 2, 3, 4]).slice(1, 2),
    "equals": lambda m: (m.Series("a", [1]).equals(m.Series("a", [1])), m.Series("a", [1]).equals(m.Series("a", [2]))),
    "str namespace": lambda m: m.Series("s", ["ab", None]).str.to_uppercase(),
    "dt namespace": lambda m: m.Series("d", [dt.date(2024, 2, 29)]).dt.ordinal_day(),
    "concat of Series": lambda m: m.concat([m.Series("a", [1]), m.Series("a", [2])]),
}


@pytest.mark.parametrize("query", SERIES.values(), ids=SERIES.keys())
def test_series(query):
    assert_same(query)


# -- printing ----------------------------------------------------------------------------------

PRINTED = {
    "mixed columns": lambda m: m.DataFrame(DATA),
    "empty": lambda m: m.DataFrame(),
    "no rows": lambda m: m.DataFrame({"a": [], "b": []}, schema={"a": m.Int64, "b": m.String}),
    "one column": lambda m: m.DataFrame({"a": [1]}),
    "floats": lambda m: m.DataFrame({"f": [0.1, 1.0, 1e20, 1.5e-7, -0.0, float("inf"), float("-inf"), 123456789.123,
                                           float("nan"), None]}),
    "float32": lambda m: m.DataFrame({"f": [0.1, 2.5, None]}, schema={"f": m.Float32}),
    "integers of every width": lambda m: m.DataFrame(
        {n: [1, None] for n in ("a", "b", "c", "d", "e", "f", "g", "h")},
        schema={"a": m.Int8, "b": m.Int16, "c": m.Int32, "d": m.Int64, "e": m.UInt8, "f": m.UInt16, "g": m.UInt32,
                "h": m.UInt64}),
    "long strings are cut": lambda m: m.DataFrame({"s": ["x" * 40, "żółć" * 10, "short"]}),
    "wide characters": lambda m: m.DataFrame({"s": ["日本語テキスト", "emoji 🎉", "naïve"]}),
    "strings with quotes and newlines": lambda m: m.DataFrame({"s": ['say "hi"', "two\nlines", "tab\there", ""]}),
    "many rows are elided": lambda m: m.DataFrame({"a": list(range(100)), "b": [f"row {i}" for i in range(100)]}),
    "exactly ten rows": lambda m: m.DataFrame({"a": list(range(10))}),
    "eleven rows": lambda m: m.DataFrame({"a": list(range(11))}),
    "many columns are elided": lambda m: m.DataFrame({f"c{i}": [i] for i in range(12)}),
    "booleans": lambda m: m.DataFrame({"b": [True, False, None]}),
    "dates and times": lambda m: m.DataFrame({"d": [dt.date(1960, 2, 29), None],
                                              "t": [dt.datetime(2024, 1, 2, 3, 4, 5, 123456), None],
                                              "tm": [dt.time(1, 2, 3), None]}),
    "datetime units": lambda m: m.DataFrame({"t": [dt.datetime(2024, 1, 2, 3, 4, 5, 120000)]}).select(
        m.col("t").cast(m.Datetime("ms")).alias("ms"), m.col("t").alias("us"), m.col("t").cast(m.Datetime("ns")).alias("ns")),
    "time zones": lambda m: m.DataFrame({"t": [dt.datetime(2024, 1, 2, 3, 4, 5)]}).select(
        m.col("t").cast(m.Datetime("us", "UTC"))),
    "durations": lambda m: m.DataFrame({"d": [dt.timedelta(days=1, hours=2), dt.timedelta(microseconds=5),
                                              dt.timedelta(seconds=-90), dt.timedelta(0), None]}),
    "binary": lambda m: m.DataFrame({"b": [b"abc", b"\x00\xff", None]}),
    "nulls": lambda m: m.DataFrame({"n": [None, None]}),
    "long column names": lambda m: m.DataFrame({"a_rather_long_column_name_indeed": [1]}),
}


@pytest.mark.parametrize("query", PRINTED.values(), ids=PRINTED.keys())
def test_printed_frame(query):
    assert_same_repr(query(fl), query(pl))


@pytest.mark.parametrize(
    "options",
    [{"tbl_rows": 2}, {"tbl_rows": 3}, {"tbl_rows": -1}, {"tbl_cols": 2}, {"tbl_cols": -1}, {"fmt_str_lengths": 4}],
    ids=str,
)
def test_printed_with_config(options):
    def data(m):
        return m.DataFrame({f"c{i}": [f"value {j}" for j in range(20)] for i in range(5)})

    with fl.Config(**options), pl.Config(**options):
        assert_same_repr(data(fl), data(pl))


def test_config_restores_settings_on_exit():
    with fl.Config(tbl_rows=2):
        assert fl.Config.state() == {"tbl_rows": 2}
    assert fl.Config.state() == {}


SERIES_PRINTED = {
    "ints": lambda m: m.Series("x", [1, None, 3]),
    "strings": lambda m: m.Series("s", ["a", "żółć", None]),
    "unnamed": lambda m: m.Series([1.5]),
    "long": lambda m: m.Series("x", list(range(30))),
    "empty": lambda m: m.Series("x", [], dtype=m.Int64),
}


@pytest.mark.parametrize("query", SERIES_PRINTED.values(), ids=SERIES_PRINTED.keys())
def test_printed_series(query):
    assert_same_repr(query(fl), query(pl))


def test_printed_schema_and_dtypes():
    def data(m):
        return m.DataFrame({"a": [1], "t": [dt.datetime(2020, 1, 1)], "d": [dt.timedelta(1)]})

    assert repr(data(fl).schema) == repr(data(pl).schema)
    assert repr(data(fl).dtypes) == repr(data(pl).dtypes)


def test_expression_prints_as_polars():
    def e(m):
        return (m.col("alpha") + m.col("beta") * 2).alias("gamma")

    assert str(e(fl)) == str(e(pl))
    assert repr(e(fl)).startswith("<Expr ['[(col(\"alpha\")) + ([(col(\"beta…'] at 0x")
    assert repr(e(pl)).startswith("<Expr ['[(col(\"alpha\")) + ([(col(\"beta…'] at 0x")


def test_frame_equality_helper_sees_frames_built_both_ways():
    assert_frame_equal_polars(fl.DataFrame(DATA), pl.DataFrame(DATA))
