"""Parquet reader interop: files written by pyarrow, DuckDB and Polars, read by Floe and compared
with what Polars reads from the same file (values and dtypes)."""

from __future__ import annotations

import datetime as dt
import decimal
import random

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe as fl
from floe import _floe
from harness import assert_frame_equal_polars


def floe_read(path, **kw):
    """Floe's read_parquet (through the scan binding, or the direct one while that is missing)."""
    if hasattr(_floe, "scan_parquet"):
        return fl.read_parquet(str(path), **kw)
    return fl.DataFrame._wrap(_floe.read_parquet(str(path), kw))


def polars_oracle(path, **kw) -> pl.DataFrame:
    """What Polars reads, with the types Floe maps differently on purpose: Float16 as Float32,
    Categorical as String. Where Polars cannot decode a
    file (DELTA_BYTE_ARRAY on fixed-length byte arrays), pyarrow's reading is the oracle."""
    try:
        df = pl.read_parquet(str(path), **kw)
    except pl.exceptions.ComputeError as e:
        if "not yet supported" not in str(e):
            raise
        df = pl.from_arrow(pq.read_table(path, columns=kw.get("columns")))
    exprs = []
    for name, dtype in df.schema.items():
        col = pl.col(name)
        if dtype == pl.Float16:
            exprs.append(col.cast(pl.Float32))
        elif isinstance(dtype, (pl.Categorical, pl.Enum)):
            exprs.append(col.cast(pl.String))
    return df.with_columns(exprs) if exprs else df


def check(path, **kw):
    assert_frame_equal_polars(floe_read(path, **kw), polars_oracle(path, **kw))


def all_types_table(n: int = 50, seed: int = 1) -> pa.Table:
    rng = random.Random(seed)

    def maybe(v):
        return None if rng.random() < 0.2 else v

    base = dt.datetime(2021, 3, 4, 5, 6, 7, 123456)
    return pa.table({
        "bool": pa.array([maybe(rng.random() < 0.5) for _ in range(n)], pa.bool_()),
        "i8": pa.array([maybe(rng.randint(-128, 127)) for _ in range(n)], pa.int8()),
        "i16": pa.array([maybe(rng.randint(-2**15, 2**15 - 1)) for _ in range(n)], pa.int16()),
        "i32": pa.array([maybe(rng.randint(-2**31, 2**31 - 1)) for _ in range(n)], pa.int32()),
        "i64": pa.array([maybe(rng.randint(-2**63, 2**63 - 1)) for _ in range(n)], pa.int64()),
        "u8": pa.array([maybe(rng.randint(0, 255)) for _ in range(n)], pa.uint8()),
        "u16": pa.array([maybe(rng.randint(0, 2**16 - 1)) for _ in range(n)], pa.uint16()),
        "u32": pa.array([maybe(rng.randint(0, 2**32 - 1)) for _ in range(n)], pa.uint32()),
        "u64": pa.array([maybe(rng.randint(0, 2**64 - 1)) for _ in range(n)], pa.uint64()),
        "f32": pa.array([maybe(rng.uniform(-1e6, 1e6)) for _ in range(n)], pa.float32()),
        "f64": pa.array([maybe(rng.uniform(-1e300, 1e300)) for _ in range(n)], pa.float64()),
        "f16": pa.array([maybe(rng.uniform(-100, 100)) for _ in range(n)], pa.float16()),
        "str": pa.array([maybe("s" * rng.randint(0, 30) + str(i)) for i in range(n)], pa.string()),
        "bin": pa.array([maybe(bytes([rng.randint(0, 255) for _ in range(rng.randint(0, 20))])) for _ in range(n)]),
        "fixed": pa.array([maybe(bytes([i % 256, 7, 9])) for i in range(n)], pa.binary(3)),
        "date": pa.array([maybe(dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(-5000, 5000))) for _ in range(n)]),
        "ts_ms": pa.array([maybe(base + dt.timedelta(seconds=rng.randint(-10**8, 10**8))) for _ in range(n)],
                          pa.timestamp("ms")),
        "ts_us_utc": pa.array([maybe(base + dt.timedelta(microseconds=rng.randint(-10**14, 10**14))) for _ in range(n)],
                              pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array([maybe(rng.randint(-10**18, 10**18)) for _ in range(n)], pa.timestamp("ns")),
        "ts_zone": pa.array([maybe(rng.randint(0, 10**15)) for _ in range(n)], pa.timestamp("us", tz="Europe/Paris")),
        "time_ms": pa.array([maybe(rng.randint(0, 86399999)) for _ in range(n)], pa.time32("ms")),
        "time_us": pa.array([maybe(rng.randint(0, 86399999999)) for _ in range(n)], pa.time64("us")),
        "time_ns": pa.array([maybe(rng.randint(0, 86399999999999)) for _ in range(n)], pa.time64("ns")),
        "dec_small": pa.array([maybe(decimal.Decimal(rng.randint(-99999, 99999)) / 100) for _ in range(n)],
                              pa.decimal128(7, 2)),
        "dec_large": pa.array([maybe(decimal.Decimal(rng.randint(-10**20, 10**20)) / 1000) for _ in range(n)],
                              pa.decimal128(30, 3)),
        "dict_str": pa.array([maybe(rng.choice(["red", "green", "a much longer blue value"])) for _ in range(n)]
                             ).dictionary_encode(),
        "dur": pa.array([maybe(rng.randint(-10**9, 10**9)) for _ in range(n)], pa.duration("ms")),
        "all_null_i64": pa.nulls(n, pa.int64()),
        "all_null_str": pa.nulls(n, pa.string()),
        "null": pa.nulls(n),
    })


CODECS = ["none", "snappy", "gzip", "zstd", "lz4", "brotli"]


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("dictionary", [True, False])
def test_pyarrow_types_codecs_page_versions(tmp_path, codec, version, dictionary):
    path = tmp_path / "t.parquet"
    pq.write_table(all_types_table(), path, compression=codec, data_page_version=version, use_dictionary=dictionary)
    check(path)


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_many_pages_and_row_groups(tmp_path, version):
    # Small pages and row groups put many page and run boundaries inside each column.
    path = tmp_path / "t.parquet"
    pq.write_table(all_types_table(3000, seed=2), path, data_page_size=512, row_group_size=700,
                   data_page_version=version, write_batch_size=64)
    assert pq.ParquetFile(path).metadata.num_row_groups == 5
    check(path)
    check(path, columns=["str", "i64", "bool"], n_rows=1234)
    check(path, n_rows=0)


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("encoding,columns", [
    ("DELTA_BINARY_PACKED", ["i8", "i32", "i64", "u32", "u64", "date", "ts_ns", "time_ms", "time_us"]),
    ("DELTA_LENGTH_BYTE_ARRAY", ["str", "bin"]),
    ("DELTA_BYTE_ARRAY", ["str", "bin", "fixed"]),
    ("BYTE_STREAM_SPLIT", ["f32", "f64", "i32", "i64", "fixed", "f16"]),
])
def test_encodings(tmp_path, version, encoding, columns):
    path = tmp_path / "t.parquet"
    table = all_types_table(2000, seed=3).select(columns)
    pq.write_table(table, path, use_dictionary=False, column_encoding={c: encoding for c in columns},
                   data_page_version=version, data_page_size=2048)
    encodings = {e for rg in range(pq.ParquetFile(path).metadata.num_row_groups)
                 for c in range(len(columns))
                 for e in pq.ParquetFile(path).metadata.row_group(rg).column(c).encodings}
    assert encoding in encodings
    check(path)


def test_sorted_runs_and_long_strings(tmp_path):
    # Long RLE runs of dictionary indices and definition levels, and strings past 12 bytes.
    n = 100_000
    table = pa.table({
        "k": pa.array([i // 1000 for i in range(n)], pa.int64()),
        "s": pa.array([None if (i // 5000) % 2 else f"group number {i // 777}" for i in range(n)]),
        "flag": pa.array([(i // 3000) % 2 == 0 for i in range(n)]),
    })
    path = tmp_path / "t.parquet"
    pq.write_table(table, path, row_group_size=30_000)
    check(path)


def test_int96_timestamps(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"ts": pa.array([dt.datetime(1970, 1, 1), dt.datetime(2024, 2, 29, 23, 59, 59, 999999),
                                      None, dt.datetime(1850, 6, 1, 12)], pa.timestamp("ns"))})
    pq.write_table(table, path, use_deprecated_int96_timestamps=True, store_schema=False)
    assert floe_read(path).schema["ts"] == fl.Datetime("ns")
    check(path)


def test_arrow_schema_restores_durations_and_zones(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"d": pa.array([1, None, -5], pa.duration("us")),
                      "z": pa.array([0, 10**12, None], pa.timestamp("ms", tz="Asia/Tokyo")),
                      "n": pa.nulls(3)})
    pq.write_table(table, path)
    assert floe_read(path).dtypes == [fl.Duration("us"), fl.Datetime("ms", "Asia/Tokyo"), fl.Null]
    check(path)
    # Without the Arrow schema, Parquet alone says Int64, UTC and Int32 (as Polars reads it too).
    pq.write_table(table, path, store_schema=False)
    assert floe_read(path).dtypes == [fl.Int64, fl.Datetime("ms", "UTC"), fl.Int32]
    check(path)


def test_legacy_format_version(tmp_path):
    # Format 1.0 keeps to the older annotations (unsigned 32-bit as INT64, no nanoseconds).
    path = tmp_path / "t.parquet"
    table = all_types_table(300).drop_columns(["ts_ns", "time_ns"])
    for store_schema in [True, False]:
        pq.write_table(table, path, version="1.0", store_schema=store_schema)
        check(path)


def test_required_columns(tmp_path):
    schema = pa.schema([pa.field("a", pa.int64(), nullable=False), pa.field("s", pa.string(), nullable=False)])
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": list(range(1000)), "s": [str(i) for i in range(1000)]}, schema=schema), path)
    assert pq.ParquetFile(path).schema.column(0).max_definition_level == 0
    check(path)


def test_empty_file(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(all_types_table(0), path)
    df = floe_read(path)
    assert df.shape == (0, 30)
    check(path)


def test_duckdb_written(tmp_path):
    path = tmp_path / "t.parquet"
    duckdb.sql(f"""COPY (SELECT i, i * 0.5 AS d, 'v' || (i % 13) AS s,
                        CASE WHEN i % 7 = 0 THEN NULL ELSE i % 100 END AS n,
                        DATE '2020-01-01' + (i % 400)::INTEGER AS day,
                        TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,
                        (i % 2 = 0) AS b, (i / 3)::DECIMAL(12, 2) AS dec, (i % 100)::TINYINT AS t, i::UINTEGER AS u
                 FROM range(100000) t(i)) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 30000)""")
    check(path)
    for codec in ["zstd", "gzip", "uncompressed", "lz4", "brotli"]:
        p = tmp_path / f"{codec}.parquet"
        duckdb.sql(f"COPY (SELECT i, 'x' || i AS s FROM range(5000) t(i)) TO '{p}' (FORMAT parquet, COMPRESSION {codec})")
        check(p)


@pytest.mark.parametrize("compression", ["uncompressed", "snappy", "zstd", "lz4", "gzip", "brotli"])
def test_polars_written(tmp_path, compression):
    path = tmp_path / "t.parquet"
    df = pl.DataFrame({
        "a": [1, None, 3, 4] * 500,
        "s": ["x", "a long string value here", None, ""] * 500,
        "f": [0.5, float("nan"), None, -1.0] * 500,
        "d": [dt.date(2020, 1, 1), None, dt.date(1960, 5, 5), dt.date(2100, 12, 31)] * 500,
        "b": [True, False, None, True] * 500,
        "t": [dt.datetime(2020, 1, 1, 1, 2, 3), None, dt.datetime(1990, 1, 1), dt.datetime(2000, 1, 1)] * 500,
    })
    df.write_parquet(path, compression=compression, row_group_size=600)
    check(path)


def test_statistics_and_column_selection(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(all_types_table(200), path, row_group_size=64)
    check(path, columns=["dict_str", "u64", "ts_zone"])
    with pytest.raises(fl.exceptions.ColumnNotFoundError):
        floe_read(path, columns=["nope"])


def test_nested_columns_read(tmp_path):
    # Lists and structs read (test_parquet_nested.py covers them); maps are a clear error.
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": [1, 2], "l": [[1], [2, 3]], "st": [{"x": 1}, {"x": 2}]}), path)
    assert floe_read(path).to_dict(as_series=False) == {"a": [1, 2], "l": [[1], [2, 3]], "st": [{"x": 1}, {"x": 2}]}
    pq.write_table(pa.table({"a": [1], "m": pa.array([[("k", 1)]], pa.map_(pa.string(), pa.int64()))}), path)
    with pytest.raises(fl.exceptions.ComputeError, match="column 'm' cannot be read: 'm' is a MAP"):
        floe_read(path)
    assert floe_read(path, columns=["a"]).to_dict(as_series=False) == {"a": [1]}


def test_bad_files_give_clear_errors(tmp_path):
    good = tmp_path / "good.parquet"
    pq.write_table(all_types_table(100), good)
    data = good.read_bytes()
    not_parquet = tmp_path / "x.parquet"
    not_parquet.write_bytes(b"a,b\n1,2\n" * 10)
    with pytest.raises(fl.exceptions.ComputeError, match="not a Parquet file"):
        floe_read(not_parquet)
    for cut in [len(data) - 1, len(data) - 9, len(data) // 2, 20, 5]:
        truncated = tmp_path / f"cut{cut}.parquet"
        truncated.write_bytes(data[:cut])
        with pytest.raises(fl.exceptions.ComputeError):
            floe_read(truncated)
    # Polars raises FileNotFoundError; Floe's dataset expansion raises its IoError (an OSError).
    with pytest.raises(OSError, match="No such file or directory"):
        floe_read(tmp_path / "missing.parquet")
    # Corrupt bytes inside the pages or the footer: an error or a frame, never a crash.
    rng = random.Random(9)
    for trial in range(60):
        corrupt = bytearray(data)
        for _ in range(8):
            corrupt[rng.randrange(4, len(corrupt) - 8)] = rng.randrange(256)
        p = tmp_path / f"corrupt{trial}.parquet"
        p.write_bytes(bytes(corrupt))
        try:
            floe_read(p)
        except (fl.exceptions.ComputeError, fl.exceptions.PolarsError, OSError):
            pass


def test_floe_written_round_trip(tmp_path):
    if not hasattr(fl.DataFrame, "write_parquet"):
        pytest.skip("Floe's Parquet writer is not available")
    path = tmp_path / "t.parquet"
    source = pl.DataFrame({
        "i": [1, None, 3] * 300,
        "s": ["x", None, "a string longer than twelve"] * 300,
        "f": [0.5, None, -2.0] * 300,
        "b": [True, None, False] * 300,
        "d": [dt.date(2020, 1, 1), None, dt.date(1969, 7, 20)] * 300,
        "t": [dt.datetime(2020, 1, 1, 12), None, dt.datetime(1999, 12, 31)] * 300,
    }).with_columns(pl.col("t").dt.replace_time_zone("Europe/Berlin").alias("tz"),
                    (pl.col("t") - pl.col("t").min()).alias("dur"))
    df = fl.from_arrow(source.to_arrow())
    df.write_parquet(path)
    check(path)
    assert_frame_equal_polars(floe_read(path), source)
