"""Parquet predicate pushdown past row-group statistics: row groups ruled out by their
dictionary pages, pages ruled out by the page index (ColumnIndex/OffsetIndex). Files are
written by pyarrow; every result is compared with Polars on the same file, and the scan
counters (floe._floe.parquet_scan_counters) show what was skipped."""

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe as fl
from floe import _floe
from harness import assert_frame_equal_polars


def scan(path, predicate, columns=None, **kw):
    """Floe's result, checked against Polars and against Floe without pushdown; returns what
    the scan skipped."""
    def query(m, **extra):
        lf = m.scan_parquet(path, **extra, **kw).filter(predicate(m))
        return lf.select(columns) if columns else lf
    _floe.reset_parquet_scan_counters()
    out = query(fl).collect()
    counters = _floe.parquet_scan_counters()
    assert_frame_equal_polars(out, query(pl).collect())
    assert_frame_equal_polars(query(fl, use_statistics=False).collect(), query(pl).collect())
    return counters


MODES = ["AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"]


@pytest.fixture
def shipments(tmp_path):
    """Six row groups of 1000 rows; each holds two or three ship modes spanning AIR..TRUCK, so
    the min/max statistics of `mode` never rule one out, and `qty` dictionaries hold a few
    integers with gaps. Row group 5 holds nulls."""
    groups = [("AIR", "TRUCK"), ("AIR", "SHIP", "TRUCK"), ("FOB", "TRUCK"), ("AIR", "RAIL", "TRUCK"),
              ("AIR", "REG AIR", "TRUCK"), ("AIR", None, "TRUCK")]
    mode, qty, key = [], [], []
    for g, values in enumerate(groups):
        for i in range(1000):
            mode.append(values[i % len(values)])
            qty.append([10, 30, 50][(i + g) % 3] if g != 5 or i % 7 else None)
            key.append(g * 1000 + i)
    path = str(tmp_path / "shipments.parquet")
    pq.write_table(pa.table({"mode": mode, "qty": pa.array(qty, pa.int32()), "key": key}), path, row_group_size=1000)
    return path


def test_dictionaries_skip_row_groups_without_the_value(shipments):
    c = scan(shipments, lambda m: m.col("mode") == "RAIL")
    assert c["row_groups_skipped_by_dictionary"] == 5 and c["row_groups_read"] == 1
    c = scan(shipments, lambda m: m.col("mode") == "MAIL")  # in no row group: every one skipped
    assert c["row_groups_skipped_by_dictionary"] == 6 and c["row_groups_read"] == 0
    c = scan(shipments, lambda m: m.col("mode").is_in(["SHIP", "FOB"]), columns=["key", "mode"])
    assert c["row_groups_skipped_by_dictionary"] == 4 and c["row_groups_read"] == 2
    c = scan(shipments, lambda m: (m.col("mode") > "AIR") & (m.col("mode") < "SHIP"))
    assert c["row_groups_skipped_by_dictionary"] == 3  # groups 0, 1 and 5 hold nothing strictly inside
    c = scan(shipments, lambda m: m.col("qty") == 20)  # inside every group's min/max, in no dictionary
    assert c["row_groups_skipped_by_dictionary"] == 6 and c["row_groups_skipped_by_statistics"] == 0
    c = scan(shipments, lambda m: m.col("qty").is_between(11, 29))
    assert c["row_groups_skipped_by_dictionary"] == 6


def test_dictionaries_decide_only_what_they_can(shipments):
    # Present everywhere, or not a comparison with a literal: nothing skipped, same rows.
    for predicate in (lambda m: m.col("mode") == "AIR", lambda m: m.col("mode").str.contains("AI"),
                      lambda m: m.col("mode") != "TRUCK", lambda m: m.col("qty") >= 30):
        c = scan(shipments, predicate)
        assert c["row_groups_skipped_by_dictionary"] == 0
    # A disjunction skips a row group only when both sides rule it out.
    c = scan(shipments, lambda m: (m.col("mode") == "RAIL") | (m.col("key") < 10))
    assert c["row_groups_skipped_by_dictionary"] == 4 and c["row_groups_read"] == 2
    c = scan(shipments, lambda m: (m.col("mode") == "RAIL") | (m.col("qty") == 20))
    assert c["row_groups_skipped_by_dictionary"] == 5


def test_dictionaries_and_nulls(shipments):
    # Nulls are never in a dictionary: tests on them are left to the rows.
    c = scan(shipments, lambda m: m.col("mode").is_null())
    assert c["row_groups_skipped_by_dictionary"] == 0 and c["row_groups_skipped_by_statistics"] == 5
    # Statistics rule out the nulls of groups 0-4 and dictionaries the 20s of every group.
    c = scan(shipments, lambda m: m.col("qty").is_null() | (m.col("qty") == 20))
    assert c["row_groups_skipped_by_dictionary"] == 5 and c["row_groups_read"] == 1
    scan(shipments, lambda m: m.col("mode").is_in(["RAIL", None]))
    scan(shipments, lambda m: m.col("mode").is_in(["RAIL"], nulls_equal=True))
    # Comparing with a null literal matches no row.
    scan(shipments, lambda m: m.col("mode") == fl.lit(None, dtype=fl.String) if m is fl else m.col("mode") == pl.lit(None, dtype=pl.String))


def test_dictionary_fallback_pages_are_never_trusted(tmp_path):
    """pyarrow falls back to PLAIN pages when a dictionary outgrows its limit: the values past
    that point are not in the dictionary, so it must not decide."""
    path = str(tmp_path / "fallback.parquet")
    values = [f"v{i:05d}" for i in range(20000)]
    pq.write_table(pa.table({"s": values}), path, row_group_size=20000, dictionary_pagesize_limit=4096)
    meta = pq.ParquetFile(path).metadata.row_group(0).column(0)
    assert "PLAIN" in meta.encodings and meta.has_dictionary_page
    c = scan(path, lambda m: m.col("s") == "v19999")
    assert c["row_groups_skipped_by_dictionary"] == 0 and c["row_groups_read"] == 1
    no_dict = str(tmp_path / "plain.parquet")
    pq.write_table(pa.table({"s": ["a", "c"] * 100}), no_dict, use_dictionary=False)
    assert scan(no_dict, lambda m: m.col("s") == "b")["row_groups_skipped_by_dictionary"] == 0


@pytest.fixture
def paged(tmp_path):
    """One row group of 20000 rows in many small pages, with a page index: `k` ascending with
    nulls every 50th row, `g` in runs of 1000 equal values, `s` strings in pages of other
    sizes than `k`'s, `x` doubles."""
    n = 20000
    t = pa.table({
        "k": pa.array([i if i % 50 else None for i in range(n)], pa.int64()),
        "g": pa.array([i // 1000 for i in range(n)], pa.int32()),
        "s": [f"name {i:06d}" for i in range(n)],
        "x": [i * 0.25 for i in range(n)],
    })
    path = str(tmp_path / "paged.parquet")
    pq.write_table(t, path, row_group_size=n, write_page_index=True, data_page_size=2048, write_batch_size=500,
                   use_dictionary=False)
    meta = pq.ParquetFile(path).metadata.row_group(0)
    assert all(meta.column(i).has_column_index and meta.column(i).has_offset_index for i in range(4))
    return path


def test_page_index_skips_pages_of_predicate_columns(paged):
    c = scan(paged, lambda m: m.col("k").is_between(7000, 7400), columns=["k", "s", "x"])
    assert c["row_groups_read"] == 1 and c["pages_skipped_by_page_index"] > 10
    c = scan(paged, lambda m: m.col("g") == 13)
    assert c["pages_skipped_by_page_index"] > 10
    c = scan(paged, lambda m: m.col("s") >= "name 019990")
    assert c["pages_skipped_by_page_index"] > 10
    c = scan(paged, lambda m: m.col("k").is_in([5, 15001]), columns=["s"])
    assert c["pages_skipped_by_page_index"] > 10


def test_page_index_combines_columns_with_other_page_bounds(paged):
    # `k` and `s` pages end at different rows: the ranges of each side are intersected or united.
    for predicate in (lambda m: (m.col("k") < 3000) & (m.col("s") > "name 002500"),
                      lambda m: (m.col("k") < 100) | (m.col("s") > "name 019900"),
                      lambda m: ((m.col("g") == 4) | (m.col("g") == 17)) & (m.col("x") > 1100.0),
                      lambda m: (m.col("k") > 5000) & (m.col("k") < 5100) & (m.col("k") % 3 == 0)):
        c = scan(paged, predicate, columns=["x", "s", "k"])
        assert c["pages_skipped_by_page_index"] > 10
    # Each side may hold in the row group, but not on the same rows.
    c = scan(paged, lambda m: (m.col("k") < 100) & (m.col("s") > "name 019000"))
    assert c["row_groups_skipped_by_page_index"] == 1 and c["row_groups_read"] == 0


def test_page_index_with_nulls_and_unprunable_predicates(paged):
    c = scan(paged, lambda m: m.col("k").is_null(), columns=["k", "g"])
    assert c["pages_skipped_by_page_index"] == 0
    c = scan(paged, lambda m: m.col("k").is_not_null() & (m.col("k") > 19950))
    assert c["pages_skipped_by_page_index"] > 10
    for predicate in (lambda m: m.col("k") % 1000 == 0, lambda m: m.col("x") != 3.0,
                      lambda m: m.col("s").str.ends_with("99")):
        assert scan(paged, predicate)["pages_skipped_by_page_index"] == 0


def test_page_index_with_row_limit_and_all_null_pages(tmp_path, paged):
    scan(paged, lambda m: m.col("k") > 15000, n_rows=16000)
    scan(paged, lambda m: m.col("k") < 100, n_rows=1200)
    path = str(tmp_path / "nullpages.parquet")
    v = [None] * 3000 + list(range(3000)) + [None] * 3000
    pq.write_table(pa.table({"v": pa.array(v, pa.int64()), "i": list(range(9000))}), path, write_page_index=True,
                   data_page_size=1024, write_batch_size=500)
    c = scan(path, lambda m: m.col("v") >= 2900, columns=["i", "v"])
    assert c["pages_skipped_by_page_index"] > 5
    scan(path, lambda m: m.col("v").is_null())
    scan(path, lambda m: m.col("v").is_not_null() & (m.col("i") > 8000))


def test_files_without_page_index_or_dictionary_read_as_before(tmp_path):
    path = str(tmp_path / "plain.parquet")
    pq.write_table(pa.table({"k": list(range(5000)), "s": [str(i) for i in range(5000)]}), path,
                   data_page_size=1024, use_dictionary=False)
    c = scan(path, lambda m: m.col("k") == 3)
    assert c == {"row_groups_read": 1, "row_groups_skipped_by_statistics": 0, "row_groups_skipped_by_dictionary": 0,
                 "row_groups_skipped_by_page_index": 0, "pages_skipped_by_page_index": 0}


def test_long_is_in_lists_prune_by_their_smallest_and_largest_value(tmp_path):
    # Past 64 values (a join's keys pushed into a scan), the list's ends decide: row groups
    # entirely below or above them are skipped, the others read.
    path = str(tmp_path / "keys.parquet")
    pq.write_table(pa.table({"k": list(range(6000)), "v": [i % 13 for i in range(6000)]}), path,
                   row_group_size=1000, use_dictionary=False)
    listed = list(range(2100, 3900, 7))  # 258 values, in row groups 2 and 3
    c = scan(path, lambda m: m.col("k").is_in(listed))
    assert c["row_groups_skipped_by_statistics"] == 4
    assert c["row_groups_read"] == 2
