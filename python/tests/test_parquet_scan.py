"""scan_parquet over datasets: several files, directories, glob patterns, hive partitions,
include_file_paths, schema checks, and filters answered with row-group statistics, each
compared with Polars scanning the same files."""

import os

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe as fl
from harness import assert_frame_equal_polars


def write(path, table, **kw):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(table, path, **kw)


def same(query, *, check_row_order=True):
    assert_frame_equal_polars(query(fl).collect(), query(pl).collect(), check_row_order=check_row_order)


@pytest.fixture
def sales(tmp_path):
    """A hive-partitioned dataset: year=/month= folders, several row groups per file."""
    root = tmp_path / "sales"
    n = 0
    for year in (2023, 2024):
        for month in (1, 2, 11):
            rows = 50
            t = pa.table({
                "id": pa.array(range(n, n + rows), pa.int64()),
                "amount": pa.array([float((i * 37) % 101) if i % 13 else None for i in range(rows)]),
                "region": pa.array([["north", "south", "east", None][i % 4] for i in range(rows)]),
            })
            write(str(root / f"year={year}" / f"month={month}" / "part-0.parquet"), t, row_group_size=16)
            n += rows
    return root


def test_directory_with_hive_partitions(sales):
    same(lambda m: m.scan_parquet(str(sales)))
    same(lambda m: m.scan_parquet(str(sales)).filter(m.col("year") == 2024).select("id", "month"))
    same(lambda m: m.scan_parquet(str(sales)).group_by("year", "month").agg(m.col("amount").sum()).sort("year", "month"))


def test_glob_patterns_and_lists(sales):
    pattern = str(sales / "year=2023" / "*" / "*.parquet")
    same(lambda m: m.scan_parquet(pattern))
    same(lambda m: m.scan_parquet(pattern, hive_partitioning=True))
    same(lambda m: m.scan_parquet(str(sales / "**" / "*.parquet"), hive_partitioning=True).select("id", "year"))
    files = [str(sales / "year=2024" / "month=2" / "part-0.parquet"), str(sales / "year=2023" / "month=1" / "part-0.parquet")]
    same(lambda m: m.scan_parquet(files))
    same(lambda m: m.read_parquet(files, columns=["region", "id"]).lazy())


def test_include_file_paths_and_row_index(sales):
    pattern = str(sales / "year=2024" / "*" / "*.parquet")
    same(lambda m: m.scan_parquet(pattern, include_file_paths="path").select("id", "path"))
    same(lambda m: m.scan_parquet(pattern, row_index_name="rid", row_index_offset=5).select("rid", "id"))
    same(lambda m: m.scan_parquet(pattern, n_rows=70))


@pytest.mark.parametrize("predicate", [
    lambda m: m.col("id") > 170,
    lambda m: m.col("id") == 3,
    lambda m: (m.col("id") < 20) | (m.col("id") >= 290),
    lambda m: m.col("amount").is_null(),
    lambda m: m.col("amount").is_not_null() & (m.col("amount") > 99.0),
    lambda m: m.col("region") == "east",
    lambda m: m.col("region") < "east",
    lambda m: m.col("month") == 11,
    lambda m: (m.col("month") == 11) & (m.col("id") % 7 == 0),
    lambda m: m.col("id").is_between(100, 110),
])
def test_filters_with_statistics_answer_as_polars(sales, predicate):
    same(lambda m: m.scan_parquet(str(sales)).filter(predicate(m)))
    same(lambda m: m.scan_parquet(str(sales), use_statistics=False).filter(predicate(m)).select("id"))


def test_float_statistics_do_not_lose_nan_rows(tmp_path):
    path = str(tmp_path / "f.parquet")
    write(path, pa.table({"x": [1.0, 2.0, float("nan"), 3.0] * 10}), row_group_size=4)
    for pred in (lambda m: m.col("x") > 5.0, lambda m: m.col("x") >= 3.0, lambda m: m.col("x") != 2.0,
                 lambda m: m.col("x").is_nan()):
        same(lambda m: m.scan_parquet(path).filter(pred(m)))


def test_filter_selectivity_paths(tmp_path):
    """All rows, most rows, few rows and no rows of a row group pass: each path of late
    materialization gives the same rows."""
    path = str(tmp_path / "sel.parquet")
    n = 10_000
    write(path, pa.table({"k": list(range(n)), "s": [f"value {i}" for i in range(n)], "v": [i * 0.5 for i in range(n)]}),
          row_group_size=2_500)
    for pred in (lambda m: m.col("k") >= 0, lambda m: m.col("k") % 10 != 0, lambda m: m.col("k") % 97 == 0,
                 lambda m: m.col("k") < 0, lambda m: m.col("s").str.ends_with("7")):
        same(lambda m: m.scan_parquet(path).filter(pred(m)).select("s", "v"))


def test_filters_of_several_conditions(tmp_path):
    """A filter of several conditions is checked condition by condition, each only on the rows
    the others kept (the most selective first once it is known); every mix of passing rows gives
    the same rows, with the filter's columns selected or not."""
    path = str(tmp_path / "multi.parquet")
    n = 12_000
    write(path, pa.table({
        "k": list(range(n)),
        "g": [i % 7 for i in range(n)],
        "s": [None if i % 11 == 0 else f"v{i % 50}" for i in range(n)],
        "x": [float(i % 101) if i % 13 else None for i in range(n)],
    }), row_group_size=3_000)
    predicates = [
        lambda m: (m.col("k") >= 0) & (m.col("g") != 3) & m.col("x").is_not_null(),   # most rows pass
        lambda m: (m.col("g") == 2) & (m.col("k") % 5 == 0) & (m.col("s") > "v3"),    # few rows pass
        lambda m: (m.col("k").is_in(list(range(100, 9_000, 17)))) & (m.col("x") > 50.0),
        lambda m: (m.col("g") == 1) & (m.col("g") == 2),                               # none pass
        lambda m: (m.col("k") < 4_000) & (m.col("x") < 200.0) & (m.col("s").is_null() | (m.col("g") == 0)),
    ]
    for pred in predicates:
        same(lambda m: m.scan_parquet(path).filter(pred(m)))
        same(lambda m: m.scan_parquet(path).filter(pred(m)).select("k"))


def test_schema_mismatch_between_files_is_a_clear_error(tmp_path):
    write(str(tmp_path / "a.parquet"), pa.table({"x": [1, 2]}))
    write(str(tmp_path / "b.parquet"), pa.table({"x": ["a", "b"]}))
    with pytest.raises(fl.SchemaError, match="x"):
        fl.scan_parquet([str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")]).collect()
    write(str(tmp_path / "c.parquet"), pa.table({"x": [3], "y": [1.0]}))
    with pytest.raises(fl.SchemaError, match="extra column 'y'"):
        fl.scan_parquet([str(tmp_path / "a.parquet"), str(tmp_path / "c.parquet")]).collect()
    out = fl.scan_parquet([str(tmp_path / "a.parquet"), str(tmp_path / "c.parquet")], extra_columns="ignore").collect()
    assert out.rows() == [(1,), (2,), (3,)]
    with pytest.raises(fl.ColumnNotFoundError, match="y"):
        fl.scan_parquet([str(tmp_path / "c.parquet"), str(tmp_path / "a.parquet")]).collect()
    out = fl.scan_parquet([str(tmp_path / "c.parquet"), str(tmp_path / "a.parquet")], missing_columns="insert").collect()
    assert out.rows() == [(3, 1.0), (1, None), (2, None)]


def test_missing_sources_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        fl.scan_parquet(str(tmp_path / "nope.parquet")).collect()
    with pytest.raises(FileNotFoundError):
        fl.scan_parquet(str(tmp_path / "*.parquet")).collect()


def test_empty_file_and_all_pruned(tmp_path):
    path = str(tmp_path / "e.parquet")
    write(path, pa.table({"a": pa.array([], pa.int64()), "s": pa.array([], pa.string())}))
    same(lambda m: m.scan_parquet(path))
    full = str(tmp_path / "full.parquet")
    write(full, pa.table({"a": [1, 2, 3]}))
    same(lambda m: m.scan_parquet(full).filter(m.col("a") > 100))


def test_sinks_stream_the_same_rows_as_collect(tmp_path, sales):
    query = lambda m: m.scan_parquet(str(sales)).filter(m.col("id") % 3 != 0).with_columns(  # noqa: E731
        (m.col("amount") * 2).alias("double"))
    out = str(tmp_path / "out.parquet")
    query(fl).sink_parquet(out, row_group_size=20)
    assert_frame_equal_polars(fl.read_parquet(out), query(pl).collect())
    assert pq.ParquetFile(out).metadata.num_row_groups > 1
    csv = str(tmp_path / "out.csv")
    query(fl).sink_csv(csv)
    assert open(csv).read() == query(pl).collect().write_csv()
    empty = str(tmp_path / "empty.csv")
    query(fl).filter(fl.col("id") < 0).sink_csv(empty)
    assert open(empty).read() == query(pl).filter(pl.col("id") < 0).collect().write_csv()
