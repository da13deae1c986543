"""Writes the seed corpus of the Parquet fuzzer (fuzz/corpus/parquet/): a dozen tiny valid files
from pyarrow covering the types, encodings, codecs, page versions and nulls the reader decodes.

    .venv/bin/python fuzz/make_seed_corpus.py [out_dir]

The files are deterministic (fixed data, no timestamps in the footer), so rerunning the script
reproduces the committed corpus.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 20


def ints(n: int = ROWS, nulls: bool = False) -> pa.Array:
    return pa.array([None if nulls and i % 4 == 1 else (i * 37) % 101 - 50 for i in range(n)], pa.int64())


def strings(n: int = ROWS, nulls: bool = False) -> pa.Array:
    words = ["a", "bb", "ccc", "a fairly long string value", "a fairly long string value, too", ""]
    return pa.array([None if nulls and i % 5 == 2 else words[i % len(words)] for i in range(n)], pa.string())


def write(out: Path, name: str, table: pa.Table, **options) -> None:
    # Small pages and row groups so the seeds hold several of each while staying tiny.
    options.setdefault("data_page_size", 64)
    options.setdefault("write_batch_size", 8)
    options.setdefault("store_schema", False)
    path = out / name
    pq.write_table(table, path, **options)
    print(f"{path}: {path.stat().st_size} bytes")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "corpus" / "parquet"
    out.mkdir(parents=True, exist_ok=True)

    all_types = pa.table({
        "b": pa.array([None if i % 7 == 3 else i % 3 == 0 for i in range(ROWS)], pa.bool_()),
        "i8": pa.array([i - 10 for i in range(ROWS)], pa.int8()),
        "u16": pa.array([i * 1000 for i in range(ROWS)], pa.uint16()),
        "i32": pa.array([None if i % 6 == 0 else i * -12345 for i in range(ROWS)], pa.int32()),
        "u64": pa.array([2**63 + i for i in range(ROWS)], pa.uint64()),
        "f32": pa.array([i / 3 for i in range(ROWS)], pa.float32()),
        "f64": pa.array([None if i % 5 == 0 else i * 1.5 for i in range(ROWS)], pa.float64()),
        "s": strings(nulls=True),
        "bin": pa.array([bytes([i, 255 - i]) * (i % 4) for i in range(ROWS)], pa.binary()),
        "d": pa.array([dt.date(2020, 1, 1) + dt.timedelta(days=i * 17) for i in range(ROWS)], pa.date32()),
        "ts_us": pa.array([dt.datetime(2021, 3, 4) + dt.timedelta(seconds=i * 3601) for i in range(ROWS)],
                          pa.timestamp("us")),
        "ts_ms_tz": pa.array([dt.datetime(2021, 3, 4) + dt.timedelta(minutes=i) for i in range(ROWS)],
                             pa.timestamp("ms", tz="UTC")),
        "ts_ns": pa.array([i * 1_000_000_007 for i in range(ROWS)], pa.timestamp("ns")),
        "t": pa.array([dt.time(i % 24, i % 60) for i in range(ROWS)], pa.time64("us")),
        "dur": pa.array([i * 1000 for i in range(ROWS)], pa.duration("us")),
        "dec": pa.array([decimal.Decimal(i * 101) / 100 for i in range(ROWS)], pa.decimal128(9, 2)),
        "dec38": pa.array([decimal.Decimal(i) * 10**20 for i in range(ROWS)], pa.decimal128(38, 2)),
    })
    write(out, "all_types_plain.parquet", all_types, use_dictionary=False, compression="none")
    write(out, "all_types_dict_snappy.parquet", all_types, use_dictionary=True, compression="snappy")
    write(out, "all_types_v2_zstd.parquet", all_types, data_page_version="2.0", compression="zstd")

    basic = pa.table({"i": ints(nulls=True), "s": strings(nulls=True), "f": pa.array([i * 0.25 for i in range(ROWS)])})
    write(out, "gzip_v1.parquet", basic, compression="gzip")
    write(out, "lz4_v2.parquet", basic, compression="lz4", data_page_version="2.0")
    write(out, "brotli_v1.parquet", basic, compression="brotli")
    write(out, "uncompressed_v2_nulls.parquet", basic, compression="none", data_page_version="2.0",
          use_dictionary=False)
    write(out, "row_groups.parquet", basic, row_group_size=6, compression="none")

    delta = pa.table({
        "i32": pa.array([i * i - 40 for i in range(ROWS)], pa.int32()),
        "i64": ints(nulls=True),
        "s": strings(nulls=True),
    })
    write(out, "delta_binary_packed.parquet", delta, use_dictionary=False, compression="none",
          column_encoding={"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "s": "PLAIN"})
    write(out, "delta_byte_arrays.parquet", pa.table({"a": strings(), "b": strings(nulls=True)}), use_dictionary=False,
          compression="none", column_encoding={"a": "DELTA_LENGTH_BYTE_ARRAY", "b": "DELTA_BYTE_ARRAY"})
    write(out, "byte_stream_split.parquet",
          pa.table({"f32": pa.array([i / 7 for i in range(ROWS)], pa.float32()),
                    "f64": pa.array([None if i % 3 == 0 else i / 9 for i in range(ROWS)]),
                    "i32": pa.array(range(ROWS), pa.int32())}),
          use_dictionary=False, compression="none", column_encoding="BYTE_STREAM_SPLIT")

    # Nested and exotic shapes, which the reader must reject cleanly (or decode).
    write(out, "nested_list_struct.parquet",
          pa.table({"l": pa.array([[i, None, i + 1] if i % 3 else None for i in range(ROWS)], pa.list_(pa.int32())),
                    "st": pa.array([{"x": i, "y": str(i)} for i in range(ROWS)]),
                    "i": ints()}),
          compression="none")
    write(out, "empty.parquet", pa.table({"i": pa.array([], pa.int64()), "s": pa.array([], pa.string())}),
          compression="none")
    write(out, "all_null_dict.parquet",
          pa.table({"s": pa.array([None] * ROWS, pa.string()), "i": pa.array([None] * ROWS, pa.int32())}),
          compression="snappy")


if __name__ == "__main__":
    main()
