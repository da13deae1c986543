"""Floe's Parquet writer, checked by reading its files back with pyarrow, DuckDB, Polars and Floe.

Each frame is also written by Polars; what the readers see in Floe's file must equal what they
see in Polars' file (values, Arrow types, Polars dtypes), and pyarrow must find the statistics
and the codec that were asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random

import duckdb
import polars as pl
import polars.testing
import pyarrow.parquet as pq
import pytest

import floe as fl
from harness import assert_same_error


def all_types_frame(n: int = 3, seed: int = 0) -> pl.DataFrame:
    """A Polars frame with a column of every Floe type, nulls in each."""
    rng = random.Random(seed)

    def maybe(v):
        return None if rng.random() < 0.2 else v

    ints = [maybe(rng.randint(-100, 100)) for _ in range(n)]
    small = [maybe(rng.randint(0, 200)) for _ in range(n)]
    words = [maybe(rng.choice(["", "a", "abc", "a much longer string value", "ünïcode", "zz"])) for _ in range(n)]
    base = dt.datetime(2021, 3, 4, 5, 6, 7, 123456)
    times = [maybe(base + dt.timedelta(hours=rng.randint(-10000, 10000))) for _ in range(n)]
    return pl.DataFrame({
        "i8": pl.Series(ints, dtype=pl.Int8),
        "i16": pl.Series(ints, dtype=pl.Int16),
        "i32": pl.Series(ints, dtype=pl.Int32),
        "i64": pl.Series([None if v is None else v * 10**15 for v in ints], dtype=pl.Int64),
        "u8": pl.Series(small, dtype=pl.UInt8),
        "u16": pl.Series(small, dtype=pl.UInt16),
        "u32": pl.Series([None if v is None else v * 20_000_000 for v in small], dtype=pl.UInt32),
        "u64": pl.Series([None if v is None else 2**64 - 1 - v for v in small], dtype=pl.UInt64),
        "f32": pl.Series([None if v is None else v / 4 for v in ints], dtype=pl.Float32),
        "f64": pl.Series([None if v is None else (float("nan") if v % 17 == 0 else v / 3) for v in ints]),
        "bool": pl.Series([None if v is None else v % 2 == 0 for v in ints], dtype=pl.Boolean),
        "str": pl.Series(words, dtype=pl.String),
        "bin": pl.Series([None if w is None else w.encode() for w in words], dtype=pl.Binary),
        "date": pl.Series([None if t is None else t.date() for t in times], dtype=pl.Date),
        "dt_ms": pl.Series(times, dtype=pl.Datetime("ms")),
        "dt_us": pl.Series(times, dtype=pl.Datetime("us")),
        "dt_ns": pl.Series(times, dtype=pl.Datetime("ns")),
        "dt_tz": pl.Series(times, dtype=pl.Datetime("us")).dt.replace_time_zone("UTC").dt.convert_time_zone(
            "Europe/Amsterdam"),
        "dur_ms": pl.Series([None if v is None else dt.timedelta(seconds=v) for v in ints], dtype=pl.Duration("ms")),
        "dur_us": pl.Series([None if v is None else dt.timedelta(seconds=v) for v in ints], dtype=pl.Duration("us")),
        "dur_ns": pl.Series([None if v is None else dt.timedelta(seconds=v) for v in ints], dtype=pl.Duration("ns")),
        "time": pl.Series([None if t is None else t.time() for t in times], dtype=pl.Time),
        "null": pl.Series([None] * n, dtype=pl.Null),
    })


def to_floe(frame: pl.DataFrame) -> fl.DataFrame:
    return fl.from_arrow(frame.to_arrow())


def write_both(tmp_path, frame: pl.DataFrame, **options):
    """Writes `frame` with Floe and with Polars; returns both paths."""
    mine, theirs = tmp_path / "floe.parquet", tmp_path / "polars.parquet"
    to_floe(frame).write_parquet(mine, **options)
    frame.write_parquet(theirs, **options)
    return mine, theirs


def same_values(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def assert_rows_equal(got: list, want: list) -> None:
    assert len(got) == len(want)
    for r, (g, w) in enumerate(zip(got, want)):
        assert len(g) == len(w)
        for c, (x, y) in enumerate(zip(g, w)):
            assert same_values(x, y), f"row {r} column {c}: {x!r} != {y!r}"


def assert_readers_agree(mine, theirs) -> None:
    """pyarrow, Polars and DuckDB read the same types and values from both files."""
    got, want = pq.read_table(mine), pq.read_table(theirs)
    assert got.schema == want.schema
    assert_rows_equal([tuple(r.values()) for r in got.to_pylist()], [tuple(r.values()) for r in want.to_pylist()])
    polars.testing.assert_frame_equal(pl.read_parquet(mine), pl.read_parquet(theirs))
    con = duckdb.connect()
    mine_rel, theirs_rel = (con.sql(f"select * from read_parquet('{p}')") for p in (mine, theirs))
    assert mine_rel.types == theirs_rel.types
    # Through Arrow: DuckDB's Python rows need pytz for zoned timestamps.
    got, want = mine_rel.to_arrow_table(), theirs_rel.to_arrow_table()
    assert got.schema == want.schema
    assert_rows_equal([tuple(r.values()) for r in got.to_pylist()], [tuple(r.values()) for r in want.to_pylist()])


def test_every_type_with_nulls(tmp_path):
    mine, theirs = write_both(tmp_path, all_types_frame(200))
    assert_readers_agree(mine, theirs)


def test_every_type_as_polars_annotates_it(tmp_path):
    mine, theirs = write_both(tmp_path, all_types_frame(5))
    got, want = pq.ParquetFile(mine).schema, pq.ParquetFile(theirs).schema
    for i in range(len(want)):
        a, b = got.column(i), want.column(i)
        assert (a.name, a.physical_type, a.converted_type, str(a.logical_type), a.max_definition_level) == (
            b.name, b.physical_type, b.converted_type, str(b.logical_type), b.max_definition_level)


def test_floe_reads_its_own_files(tmp_path):
    frame = all_types_frame(300, seed=3)
    path = tmp_path / "floe.parquet"
    to_floe(frame).write_parquet(path)
    back = fl.read_parquet(path)
    # Durations and time zone names come back through the ARROW:schema entry.
    assert back.columns == frame.columns
    assert [repr(d) for d in back.dtypes] == [repr(d) for d in frame.dtypes]
    assert_rows_equal(back.rows(), frame.rows())


def test_empty_frames(tmp_path):
    mine, theirs = write_both(tmp_path, all_types_frame(0))
    assert pq.ParquetFile(mine).metadata.num_row_groups == pq.ParquetFile(theirs).metadata.num_row_groups == 0
    assert_readers_agree(mine, theirs)
    no_columns = tmp_path / "none.parquet"
    fl.DataFrame().write_parquet(no_columns)
    assert pl.read_parquet(no_columns).shape == (0, 0)


def test_all_null_columns(tmp_path):
    frame = pl.DataFrame({"a": pl.Series([None] * 100, dtype=pl.Int64), "s": pl.Series([None] * 100, dtype=pl.String)})
    mine, theirs = write_both(tmp_path, frame)
    assert_readers_agree(mine, theirs)
    stats = pq.ParquetFile(mine).metadata.row_group(0).column(0).statistics
    assert stats.null_count == 100 and not stats.has_min_max


def test_several_row_groups(tmp_path):
    frame = all_types_frame(10_000, seed=1)
    mine, theirs = write_both(tmp_path, frame, row_group_size=1000)
    meta = pq.ParquetFile(mine).metadata
    assert meta.num_row_groups == 10
    assert [meta.row_group(i).num_rows for i in range(10)] == [1000] * 10
    assert_readers_agree(mine, theirs)
    # Each row group's statistics describe its own rows.
    ints = frame["i32"].to_list()
    for g in range(10):
        part = [v for v in ints[g * 1000:(g + 1) * 1000] if v is not None]
        stats = meta.row_group(g).column(frame.columns.index("i32")).statistics
        assert (stats.min, stats.max, stats.null_count) == (min(part), max(part), 1000 - len(part))


def test_row_groups_do_not_follow_chunks(tmp_path):
    chunked = fl.concat([to_floe(all_types_frame(700, seed=s)) for s in range(3)]) if hasattr(fl, "concat") else None
    if chunked is None:
        pytest.skip("fl.concat is not available")
    path = tmp_path / "floe.parquet"
    chunked.write_parquet(path, row_group_size=1000)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [1000, 1000, 100]
    want = pl.concat([all_types_frame(700, seed=s) for s in range(3)])
    polars.testing.assert_frame_equal(pl.read_parquet(path), want)


@pytest.mark.parametrize("compression", ["uncompressed", "snappy", "gzip", "brotli", "lz4", "zstd"])
def test_each_compression(tmp_path, compression):
    frame = all_types_frame(2000, seed=2)
    mine, theirs = write_both(tmp_path, frame, compression=compression)
    got = pq.ParquetFile(mine).metadata.row_group(0)
    want = pq.ParquetFile(theirs).metadata.row_group(0)
    assert {got.column(i).compression for i in range(got.num_columns)} == {want.column(0).compression}
    assert_readers_agree(mine, theirs)


@pytest.mark.parametrize("compression,level", [("zstd", 1), ("zstd", 19), ("gzip", 9), ("brotli", 5)])
def test_compression_levels(tmp_path, compression, level):
    mine, theirs = write_both(tmp_path, all_types_frame(500), compression=compression, compression_level=level)
    assert_readers_agree(mine, theirs)


def test_statistics_as_pyarrow_sees_them(tmp_path):
    frame = all_types_frame(1000, seed=5)
    mine, theirs = write_both(tmp_path, frame)
    got, want = pq.ParquetFile(mine).metadata.row_group(0), pq.ParquetFile(theirs).metadata.row_group(0)
    for i, name in enumerate(frame.columns):
        a, b = got.column(i).statistics, want.column(i).statistics
        assert a is not None, name
        assert a.null_count == b.null_count, name
        assert a.has_min_max == b.has_min_max, name
        if b.has_min_max:
            assert (a.min, a.max) == (b.min, b.max), name


def test_statistics_sort_orders(tmp_path):
    frame = pl.DataFrame({
        "u64": pl.Series([1, 2**63 + 5, None], dtype=pl.UInt64),  # unsigned: 2**63 + 5 is the max
        "i64": pl.Series([-(2**62), 5, None], dtype=pl.Int64),
        "f64": [float("nan"), -0.0, 2.5],  # NaN ignored; a zero minimum is written as -0.0
        "f32": pl.Series([float("nan"), float("nan"), None], dtype=pl.Float32),  # no min/max
        "str": ["b", "é", "ab"],  # bytewise: 'é' (0xc3 0xa9) sorts after ASCII
        "bool": [True, True, None],
    })
    path = tmp_path / "floe.parquet"
    to_floe(frame).write_parquet(path)
    rg = pq.ParquetFile(path).metadata.row_group(0)
    stats = {frame.columns[i]: rg.column(i).statistics for i in range(rg.num_columns)}
    assert (stats["u64"].min, stats["u64"].max) == (1, 2**63 + 5)
    assert (stats["i64"].min, stats["i64"].max) == (-(2**62), 5)
    assert (stats["f64"].min, stats["f64"].max) == (0.0, 2.5) and math.copysign(1, stats["f64"].min) == -1
    assert not stats["f32"].has_min_max and stats["f32"].null_count == 1
    assert (stats["str"].min, stats["str"].max) == ("ab", "é")
    assert (stats["bool"].min, stats["bool"].max, stats["bool"].null_count) == (True, True, 1)


def test_readers_prune_by_statistics_correctly(tmp_path):
    # DuckDB and Polars skip row groups by their statistics: wrong ones would drop rows.
    frame = all_types_frame(4000, seed=8)
    mine, theirs = write_both(tmp_path, frame, row_group_size=500)
    con = duckdb.connect()
    predicates = ["i8 > 50", "u64 < 18446744073709551500", "f64 between -10 and 10", "str >= 'abc'",
                  "bin < 'b'::blob", "date < '2021-03-01'", "dt_ns > '2021-06-01'", "u32 > 3000000000",
                  "f32 <= 0", "bool", "dt_tz < '2021-03-01 00:00:00+00'"]
    for predicate in predicates:
        q = f"select count(*), count(i64) from read_parquet('{{}}') where {predicate}"
        assert con.execute(q.format(mine)).fetchall() == con.execute(q.format(theirs)).fetchall(), predicate
    lazy_predicates = [pl.col("i16") < -90, pl.col("u16") >= 190, pl.col("str") == "zz",
                       pl.col("time") > dt.time(12), pl.col("dur_ms") > dt.timedelta(seconds=90)]
    for predicate in lazy_predicates:
        got = pl.scan_parquet(mine).filter(predicate).collect()
        polars.testing.assert_frame_equal(got, frame.filter(predicate))


def test_statistics_off(tmp_path):
    path = tmp_path / "floe.parquet"
    to_floe(all_types_frame(50)).write_parquet(path, statistics=False)
    rg = pq.ParquetFile(path).metadata.row_group(0)
    assert all(not rg.column(i).is_stats_set for i in range(rg.num_columns))
    assert pl.read_parquet(path).height == 50


def test_dictionary_only_for_low_cardinality(tmp_path):
    n = 50_000
    frame = pl.DataFrame({
        "few": [f"value {i % 7}" for i in range(n)],
        "unique": [f"row number {i}" for i in range(n)],
        "ids": list(range(n)),
        "flags": [i % 3 for i in range(n)],
    })
    path = tmp_path / "floe.parquet"
    to_floe(frame).write_parquet(path)
    rg = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {frame.columns[i]: rg.column(i).encodings for i in range(rg.num_columns)}
    assert "RLE_DICTIONARY" in encodings["few"] and "RLE_DICTIONARY" in encodings["flags"]
    assert "RLE_DICTIONARY" not in encodings["unique"] and "RLE_DICTIONARY" not in encodings["ids"]
    polars.testing.assert_frame_equal(pl.read_parquet(path), frame)


def test_small_data_pages(tmp_path):
    frame = all_types_frame(5000, seed=9)
    mine, theirs = write_both(tmp_path, frame, data_page_size=1000)
    assert_readers_agree(mine, theirs)


def test_long_strings_and_many_nulls(tmp_path):
    rng = random.Random(4)
    values = [None if rng.random() < 0.5 else "x" * rng.randint(0, 3000) + str(i) for i in range(3000)]
    frame = pl.DataFrame({"s": values})
    mine, theirs = write_both(tmp_path, frame, data_page_size=50_000)
    assert_readers_agree(mine, theirs)


def test_sink_parquet(tmp_path):
    path = tmp_path / "sink.parquet"
    fl.LazyFrame({"a": [3, 1, 2], "b": ["x", None, "z"]}).filter(fl.col("a") > 1).sink_parquet(
        path, compression="snappy", row_group_size=1)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 2
    assert pq.read_table(path).to_pylist() == [{"a": 3, "b": "x"}, {"a": 2, "b": "z"}]


def test_write_to_file_object():
    buffer = io.BytesIO()
    fl.DataFrame({"a": [1, 2, None]}).write_parquet(buffer)
    buffer.seek(0)
    assert pl.read_parquet(buffer)["a"].to_list() == [1, 2, None]


def test_bad_options_raise_as_in_polars(tmp_path):
    path = str(tmp_path / "x.parquet")
    assert_same_error(lambda m: m.DataFrame({"a": [1]}).write_parquet(path, compression="lzo"))
    assert_same_error(lambda m: m.DataFrame({"a": [1]}).write_parquet(path, compression="zstd", compression_level=23))
    assert_same_error(lambda m: m.DataFrame({"a": [1]}).write_parquet(path, compression="gzip", compression_level=10))
