"""Nested Parquet columns (lists and structs of primitives) written by pyarrow, Polars and DuckDB,
read by Floe and compared value by value with what pyarrow (or the writer itself) reads; and
written by Floe, read back by pyarrow, Polars and DuckDB."""

from __future__ import annotations

import datetime as dt
import random
import re

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe as fl

SCHEMA = pa.schema([
    ("id", pa.int64()),
    ("li", pa.list_(pa.int64())),
    ("ls", pa.list_(pa.string())),
    ("ld", pa.list_(pa.float64())),
    ("st", pa.struct([("a", pa.int32()), ("b", pa.string())])),
    ("lst", pa.list_(pa.struct([("x", pa.int32()), ("y", pa.string())]))),
    ("sl", pa.struct([("l", pa.list_(pa.float64())), ("n", pa.int64())])),
    ("ll", pa.list_(pa.list_(pa.int32()))),
])


def nested_rows(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)

    def maybe(v, p=0.15):
        return None if rng.random() < p else v

    def lst(make, longest=5):
        return maybe([make(k) for k in range(rng.randrange(longest))])

    return [{
        "id": i,
        "li": lst(lambda k: maybe(rng.randrange(-1000, 1000))),
        "ls": lst(lambda k: maybe(rng.choice(["a", "bb", "a string longer than twelve bytes"]))),
        "ld": lst(lambda k: maybe(rng.random())),
        "st": maybe({"a": maybe(rng.randrange(100)), "b": maybe(f"v{rng.randrange(10)}")}),
        "lst": lst(lambda k: maybe({"x": maybe(k), "y": maybe(f"y{k}")}), 4),
        "sl": maybe({"l": lst(lambda k: float(k) / 4), "n": maybe(i)}),
        "ll": lst(lambda k: maybe([rng.randrange(50) for _ in range(rng.randrange(3))]), 4),
    } for i in range(n)]


def nested_table(n: int = 2000, seed: int = 1) -> pa.Table:
    return pa.Table.from_pylist(nested_rows(n, seed), schema=SCHEMA)


def floe_dict(path, **kw) -> dict:
    return fl.read_parquet(str(path), **kw).to_dict(as_series=False)


def assert_reads_as_pyarrow(path, columns=None):
    expected = pq.read_table(path, columns=columns).to_pydict()
    ours = floe_dict(path, columns=columns) if columns else floe_dict(path)
    assert list(ours) == list(expected)
    for name in expected:
        assert len(ours[name]) == len(expected[name]), name
        for i, (a, b) in enumerate(zip(ours[name], expected[name])):
            assert a == b, f"column {name} row {i}: {a!r} != {b!r}"


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("compression", ["none", "snappy", "zstd"])
def test_pyarrow_files_small_pages(tmp_path, version, compression):
    # Pages of about 1 KiB: most lists straddle a page boundary somewhere.
    path = tmp_path / "t.parquet"
    pq.write_table(nested_table(), path, row_group_size=700, data_page_size=1024, write_batch_size=50,
                   compression=compression, data_page_version=version)
    assert_reads_as_pyarrow(path)


def test_pyarrow_dictionary_and_plain_strings(tmp_path):
    table = nested_table(500)
    for use_dictionary in (True, False):
        path = tmp_path / f"d{use_dictionary}.parquet"
        pq.write_table(table, path, use_dictionary=use_dictionary)
        encodings = pq.ParquetFile(path).metadata.row_group(0).column(2).encodings
        assert ("RLE_DICTIONARY" in encodings) == use_dictionary
        assert_reads_as_pyarrow(path)


def test_schema_matches_polars(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(nested_table(50), path)
    ours = fl.read_parquet(str(path))
    theirs = pl.read_parquet(path)
    assert [repr(t) for t in ours.dtypes] == [repr(t) for t in theirs.dtypes]
    assert ours.columns == theirs.columns


def test_large_row_group_spans_many_pages(tmp_path):
    n = 120_000
    rng = random.Random(3)
    li = [None if i % 97 == 0 else [rng.randrange(1 << 40) for _ in range(i % 7)] for i in range(n)]
    table = pa.table({"li": pa.array(li, pa.list_(pa.int64())), "id": pa.array(range(n), pa.int64())})
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=n, compression="zstd")
    pages = pq.ParquetFile(path).metadata.row_group(0).column(0)
    assert pages.total_uncompressed_size > 3 * 1024 * 1024  # several 1 MiB pages
    assert floe_dict(path) == table.to_pydict()


def test_pyarrow_legacy_item_names(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(nested_table(300), path, use_compliant_nested_type=False)
    # The repeated groups hold a field named "item" rather than "element": still the 3-level form.
    assert re.search(r"optional int64 (field_id=-1 )?item;", str(pq.ParquetFile(path).schema))
    assert_reads_as_pyarrow(path)


def test_projection_reads_only_the_nested_columns_asked_for(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(nested_table(800), path, row_group_size=300)
    assert_reads_as_pyarrow(path, columns=["sl", "id"])
    assert_reads_as_pyarrow(path, columns=["lst"])


def test_filter_on_flat_column_keeps_nested_rows(tmp_path):
    # The predicate is pushed into the scan (statistics, late materialization); the nested
    # columns are gathered to the surviving rows.
    path = tmp_path / "t.parquet"
    pq.write_table(nested_table(3000), path, row_group_size=1000)
    ours = fl.scan_parquet(str(path)).filter((fl.col("id") > 1500) & (fl.col("id") % 7 == 1)).collect()
    theirs = pl.scan_parquet(path).filter((pl.col("id") > 1500) & (pl.col("id") % 7 == 1)).collect()
    assert ours.to_dict(as_series=False) == theirs.to_dict(as_series=False)


def test_polars_written_file(tmp_path):
    path = tmp_path / "p.parquet"
    df = pl.DataFrame({
        "id": list(range(1000)),
        "li": [None if i % 11 == 0 else list(range(i % 5)) for i in range(1000)],
        "s": [None if i % 13 == 0 else {"a": i, "b": None if i % 3 else str(i)} for i in range(1000)],
        "ls": [[str(i), None] if i % 2 else [] for i in range(1000)],
        "nested": [[[i], []] if i % 4 else None for i in range(1000)],
    })
    for compression in ("zstd", "snappy", "uncompressed"):
        df.write_parquet(path, compression=compression, row_group_size=300)
        assert floe_dict(path) == pl.read_parquet(path).to_dict(as_series=False)


def test_duckdb_written_file(tmp_path):
    path = tmp_path / "d.parquet"
    duckdb.sql(f"""
        COPY (SELECT i AS id,
                     CASE WHEN i % 7 = 0 THEN NULL ELSE range(i % 4)::INTEGER[] END AS li,
                     CASE WHEN i % 5 = 0 THEN NULL
                          ELSE {{'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || i END}} END AS st,
                     [{{'x': i, 'y': [i, i + 1]}}, NULL] AS lst,
                     [[i::VARCHAR], []] AS ll
              FROM range(2000) t(i))
        TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 600)
    """)
    assert_reads_as_pyarrow(path)


def test_map_columns_are_a_clear_error(tmp_path):
    path = tmp_path / "m.parquet"
    table = pa.table({
        "a": [1, 2],
        "m": pa.array([[("k", 1)], []], type=pa.map_(pa.string(), pa.int64())),
    })
    pq.write_table(table, path)
    with pytest.raises(fl.exceptions.ComputeError, match="column 'm' cannot be read: 'm' is a MAP"):
        floe_dict(path)
    assert floe_dict(path, columns=["a"]) == {"a": [1, 2]}


def test_damaged_nested_files_give_errors_not_crashes(tmp_path):
    path = tmp_path / "good.parquet"
    pq.write_table(nested_table(200), path, compression="none", data_page_size=512)
    data = bytearray(path.read_bytes())
    footer_start = len(data) - 8 - int.from_bytes(data[-8:-4], "little")
    rng = random.Random(5)
    bad = tmp_path / "bad.parquet"
    errors = 0
    for _ in range(300):
        mutated = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            mutated[rng.randrange(4, footer_start)] = rng.randrange(256)
        bad.write_bytes(bytes(mutated))
        try:
            floe_dict(bad)
        except fl.exceptions.ComputeError as e:
            errors += 1
            assert "Parquet" in str(e), str(e)
    assert errors > 0


# ---------------------------------------------------------------------------------------------
# Writing: Floe shreds List/Struct columns into levels; pyarrow, Polars and DuckDB read them.


@pytest.mark.parametrize("compression", ["zstd", "snappy", "uncompressed"])
def test_floe_writes_nested_columns_others_read(tmp_path, compression):
    src = tmp_path / "src.parquet"
    table = nested_table(3000)
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    fl.read_parquet(str(src)).write_parquet(str(out), compression=compression, row_group_size=1000)
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert pq.read_table(out).to_pylist() == table.to_pylist()
    assert pl.read_parquet(out).to_dict(as_series=False) == pl.read_parquet(src).to_dict(as_series=False)
    ours = duckdb.sql(f"SELECT * FROM '{out}' ORDER BY id").fetchall()
    theirs = duckdb.sql(f"SELECT * FROM '{src}' ORDER BY id").fetchall()
    assert ours == theirs


def test_floe_frame_with_nested_columns_round_trips(tmp_path):
    data = {
        "id": [3, 1, 2, 4],
        "a": [[1, 2], None, [], [5, 6, 7, 8]],
        "s": [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}, {"x": 4, "y": "a string longer than twelve bytes"}],
        "ls": [["p", None], [], None, ["a string longer than twelve bytes", "q", "r", "s"]],
        "nested": [[[1], [2, 3]], [[]], None, [None, [4]]],
    }
    path = tmp_path / "f.parquet"
    fl.DataFrame(data).write_parquet(str(path))
    assert pl.read_parquet(path).to_dict(as_series=False) == pl.DataFrame(data).to_dict(as_series=False)
    assert fl.read_parquet(str(path)).to_dict(as_series=False) == pl.DataFrame(data).to_dict(as_series=False)
    assert [repr(t) for t in fl.read_parquet(str(path)).dtypes] == [repr(t) for t in pl.DataFrame(data).dtypes]


def test_sink_parquet_with_nested_columns(tmp_path):
    src = tmp_path / "src.parquet"
    pq.write_table(nested_table(2000), src, row_group_size=500)
    out = tmp_path / "sink.parquet"
    fl.scan_parquet(str(src)).filter(fl.col("id") % 3 == 0).select(["id", "lst", "sl"]).sink_parquet(str(out))
    expected = pl.scan_parquet(src).filter(pl.col("id") % 3 == 0).select(["id", "lst", "sl"]).collect()
    assert pl.read_parquet(out).sort("id").to_dict(as_series=False) == expected.to_dict(as_series=False)


def test_zoned_datetimes_and_durations_inside_nested_columns(tmp_path):
    # Parquet stores them as UTC timestamps and plain INT64; the Arrow schema in the footer
    # restores the zone and the Duration type at any depth, for files of Polars and of Floe.
    df = pl.DataFrame({
        "lt": [[dt.datetime(2020, 1, 1, 12)], None, []],
        "sd": [{"d": dt.timedelta(seconds=5), "t": dt.datetime(2021, 5, 1)}, None, {"d": None, "t": None}],
    }).with_columns(pl.col("lt").cast(pl.List(pl.Datetime("us", "Europe/Paris"))))
    path = tmp_path / "z.parquet"
    df.write_parquet(path)
    ours = fl.read_parquet(str(path))
    assert [repr(t) for t in ours.dtypes] == [repr(t) for t in df.dtypes]
    assert ours.to_dict(as_series=False) == df.to_dict(as_series=False)
    out = tmp_path / "back.parquet"
    ours.write_parquet(str(out))
    assert [repr(t) for t in pl.read_parquet(out).dtypes] == [repr(t) for t in df.dtypes]
    assert pl.read_parquet(out).to_dict(as_series=False) == df.to_dict(as_series=False)
    assert [repr(t) for t in fl.read_parquet(str(out)).dtypes] == [repr(t) for t in df.dtypes]


def test_empty_all_null_required_and_n_rows(tmp_path):
    empty = tmp_path / "empty.parquet"
    pq.write_table(nested_table(0), empty)
    frame = fl.read_parquet(str(empty))
    assert frame.shape == (0, len(SCHEMA))
    assert [repr(t) for t in frame.dtypes] == [repr(t) for t in pl.read_parquet(empty).dtypes]

    nulls = tmp_path / "nulls.parquet"
    table = pa.Table.from_pylist([{name: None for name in SCHEMA.names} for _ in range(100)], schema=SCHEMA)
    pq.write_table(table, nulls)
    assert floe_dict(nulls) == table.to_pydict()

    # Required groups and elements: definition levels count only the optional nodes.
    schema = pa.schema([
        pa.field("r", pa.struct([pa.field("a", pa.int32(), nullable=False)]), nullable=False),
        pa.field("rl", pa.list_(pa.field("element", pa.int64(), nullable=False)), nullable=False),
    ])
    required = tmp_path / "required.parquet"
    table = pa.Table.from_pylist([{"r": {"a": i}, "rl": list(range(i % 3))} for i in range(50)], schema=schema)
    pq.write_table(table, required)
    assert "required int64" in str(pq.ParquetFile(required).schema)
    assert floe_dict(required) == table.to_pydict()

    many = tmp_path / "many.parquet"
    pq.write_table(nested_table(1000), many, row_group_size=100)
    assert floe_dict(many, n_rows=250) == nested_table(1000).slice(0, 250).to_pydict()
    assert fl.scan_parquet(str(many)).head(7).collect().to_dict(as_series=False) == nested_table(7).to_pydict()
