"""Interchange with Arrow (the PyCapsule interface both ways), pandas and numpy, compared with
what Polars gives for the same data."""

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same

DATA = {
    "i": [1, None, 3],
    "u8": [1, 2, None],
    "f": [1.5, None, float("nan")],
    "s": ["short", "a string longer than twelve bytes", None],
    "b": [True, None, False],
    "d": [dt.date(2020, 1, 1), None, dt.date(1960, 5, 1)],
    "t": [dt.datetime(2020, 1, 1, 3, 4, 5, 6), None, dt.datetime(1969, 12, 31, 23, 59, 59)],
    "dur": [dt.timedelta(days=1, microseconds=5), None, dt.timedelta(seconds=-3)],
    "tm": [dt.time(1, 2, 3), None, dt.time(23, 59, 59, 999999)],
    "n": [None, None, None],
}
SCHEMA = {"u8": pl.UInt8}


def frame(m):
    return m.DataFrame(DATA, schema_overrides={"u8": m.UInt8})


def test_to_arrow_matches_polars():
    ours = frame(fl).to_arrow()
    theirs = frame(pl).to_arrow()
    assert ours.schema == theirs.schema
    assert ours.to_pydict() == theirs.to_pydict() or _equal_with_nan(ours.to_pydict(), theirs.to_pydict())


def _equal_with_nan(a, b):
    for k in a:
        for x, y in zip(a[k], b[k]):
            if isinstance(x, float) and x != x:
                assert isinstance(y, float) and y != y
            else:
                assert x == y, (k, x, y)
    return True


def test_arrow_stream_round_trip_keeps_types_and_values():
    df = frame(fl)
    back = fl.from_arrow(pa.table(df))
    assert back.schema == df.schema
    assert_frame_equal_polars(back, frame(pl))
    # Another library reads the stream directly.
    assert_frame_equal_polars(df, pl.DataFrame(df))
    assert_frame_equal_polars(fl.DataFrame._wrap(fl.from_arrow(pl.DataFrame(df))._df), frame(pl))


def test_arrow_schema_capsule():
    assert pa.schema(frame(fl)).names == list(DATA)
    assert pa.schema(frame(fl)).field("s").type == pa.string_view()


def test_series_arrow_stream_and_array():
    s = fl.Series("x", ["a", None, "a long string value here"])
    assert pa.chunked_array(s).to_pylist() == ["a", None, "a long string value here"]
    assert s.to_arrow().type == pl.Series("x", ["a"]).to_arrow().type
    assert fl.from_arrow(pa.array([1, None], pa.int16())).dtype == fl.Int16


@pytest.mark.parametrize(
    "array",
    [
        pa.array([1, 2, None, 4], pa.int32()).slice(1),
        pa.array([True, False, None, True, False, True, True, False, True], pa.bool_()).slice(3),
        pa.array(["a", None, "bbbbbbbbbbbbbbbbbbbbb", "c"]).slice(1),
        pa.array(["x", "yyyyyyyyyyyyyyyyyyyyyy", None], pa.large_string()),
        pa.array(["x", "yyyyyyyyyyyyyyyyyyyyyy", None], pa.string_view()),
        pa.array([b"\x00\x01", None], pa.binary()),
        pa.array(["p", "q", "p", None]).dictionary_encode(),
        pa.array([1, None, -86_400_000 * 3 - 1], pa.date64()),
        pa.array([0, 1, None], pa.date32()),
        pa.array([1, 2, None], pa.timestamp("s")),
        pa.array([1, 2, None], pa.timestamp("ns", "Europe/Amsterdam")),
        pa.array([1, 2, None], pa.duration("s")),
        pa.array([1, 2, None], pa.time32("ms")),
        pa.array([1, 2, None], pa.time64("us")),
        pa.array([1.5, None], pa.float16()),
        pa.array([None, None], pa.null()),
        pa.array([], pa.int64()),
    ],
    ids=lambda a: str(a.type),
)
def test_from_arrow_array_types(array):
    ours = fl.from_arrow(pa.chunked_array([array]) if len(array) else array)
    theirs = pl.from_arrow(pa.chunked_array([array]) if len(array) else array)
    if isinstance(theirs.dtype, pl.Categorical):
        theirs = theirs.cast(pl.String)  # Floe reads dictionaries as plain strings
    if theirs.dtype == pl.Float16:
        theirs = theirs.cast(pl.Float32)  # Floe has no Float16: half floats widen to Float32
    assert_frame_equal_polars(ours, theirs)


def test_from_arrow_table_chunks_and_empty():
    table = pa.concat_tables([pa.table({"a": [1, 2], "s": ["x", "y"]}), pa.table({"a": [3], "s": pa.array([None], pa.string())})])
    assert fl.from_arrow(table).rows() == [(1, "x"), (2, "y"), (3, None)]
    empty = pa.table({"a": pa.array([], pa.int64()), "s": pa.array([], pa.string())})
    assert_frame_equal_polars(fl.from_arrow(empty), pl.from_arrow(empty))
    batch = pa.record_batch({"a": [1, 2]}).slice(1)
    assert fl.from_arrow(batch).rows() == [(2,)]


def test_from_arrow_rejects_what_it_cannot_hold():
    with pytest.raises(fl.InvalidOperationError, match="not supported"):
        fl.from_arrow(pa.table({"m": pa.array([[("a", 1)]], type=pa.map_(pa.string(), pa.int64()))}))
    with pytest.raises(TypeError, match="Arrow PyCapsule"):
        fl.from_arrow([1, 2])


def test_to_pandas_matches_polars():
    ours = frame(fl).drop("tm", "dur").to_pandas()
    theirs = frame(pl).drop("tm", "dur").to_pandas()
    pd.testing.assert_frame_equal(ours, theirs)
    pd.testing.assert_series_equal(fl.Series("x", [1, None]).to_pandas(), pl.Series("x", [1, None]).to_pandas())


def test_from_pandas_matches_polars():
    pdf = pd.DataFrame({
        "x": [1.0, np.nan, 3.0],
        "y": ["a", None, "c"],
        "t": [pd.Timestamp("2020-01-01"), pd.NaT, pd.Timestamp("2021-06-01 12:00")],
        "n": pd.array([1, None, 3], dtype="Int64"),
        "b": [True, False, True],
    })
    assert_frame_equal_polars(fl.from_pandas(pdf), pl.from_pandas(pdf))
    assert_frame_equal_polars(fl.from_pandas(pdf, nan_to_null=False), pl.from_pandas(pdf, nan_to_null=False))
    assert_frame_equal_polars(fl.from_pandas(pdf["x"]), pl.from_pandas(pdf["x"]))
    indexed = pdf.set_index("y")
    assert_frame_equal_polars(fl.from_pandas(indexed, include_index=True), pl.from_pandas(indexed, include_index=True))


@pytest.mark.parametrize("column", ["i", "u8", "f", "s", "b", "d", "t"])
def test_series_to_numpy_matches_polars(column):
    ours = frame(fl)[column].to_numpy()
    theirs = frame(pl)[column].to_numpy()
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_frame_to_numpy_matches_polars():
    numeric = {"a": [1, 2, 3], "b": [0.5, None, 2.5]}
    ours, theirs = fl.DataFrame(numeric).to_numpy(), pl.DataFrame(numeric).to_numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)
    mixed = frame(fl).select("i", "s", "b").to_numpy()
    assert repr(mixed) == repr(frame(pl).select("i", "s", "b").to_numpy())  # object arrays: NaN != NaN
    assert frame(fl).select("i", "d").to_numpy()[0, 1] == dt.date(2020, 1, 1)


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 2), (4,)])
@pytest.mark.parametrize("schema", [None, ["a", "b"]])
def test_from_numpy_orientation_matches_polars(shape, schema):
    arr = np.arange(int(np.prod(shape))).reshape(shape)
    if schema is not None and len(shape) == 2 and len(schema) not in shape:
        return
    if schema is not None and len(shape) == 1:
        schema = ["a"]
    assert_same(lambda m: m.from_numpy(arr, schema=schema))
