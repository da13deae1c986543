"""Filter and aggregate queries give DuckDB's answers on the same data (a second oracle beside Polars)."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pyarrow as pa
import pytest

import floe as fl

N = 5000


def _data() -> dict:
    seed = 7
    out = {"i": [], "f": [], "s": [], "k": [], "d": [], "b": []}
    for _ in range(N):
        seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
        v = seed >> 33
        out["i"].append(None if v % 13 == 0 else int(v % 1999) - 999)
        out["f"].append(None if v % 11 == 0 else (v % 100_000) / 64.0 - 700.0)
        out["s"].append(None if v % 17 == 0 else ["apple", "Banana", "cherry", "żółć", "日本", ""][v % 6] + str(v % 9))
        out["k"].append(int(v % 5))
        out["d"].append(dt.date(1965, 1, 1) + dt.timedelta(days=int(v % 20000)))
        out["b"].append(None if v % 19 == 0 else bool(v % 2))
    return out


DATA = _data()
SCHEMA = {"i": fl.Int64, "f": fl.Float64, "s": fl.String, "k": fl.Int64, "d": fl.Date, "b": fl.Boolean}


@pytest.fixture(scope="module")
def frame():
    return fl.DataFrame(DATA, schema=SCHEMA)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    table = pa.table({
        "i": pa.array(DATA["i"], pa.int64()), "f": pa.array(DATA["f"], pa.float64()), "s": pa.array(DATA["s"], pa.string()),
        "k": pa.array(DATA["k"], pa.int64()), "d": pa.array(DATA["d"], pa.date32()), "b": pa.array(DATA["b"], pa.bool_()),
    })
    connection.register("t", table)
    yield connection
    connection.close()


QUERIES = {
    "count of a filter": (
        lambda df: df.filter((fl.col("i") > 100) & (fl.col("k") != 2)).select(fl.len()),
        "SELECT count(*) FROM t WHERE i > 100 AND k <> 2"),
    "global aggregates": (
        lambda df: df.select(fl.col("i").sum(), fl.col("i").min().alias("mn"), fl.col("i").max().alias("mx"),
                             fl.col("i").mean().alias("avg"), fl.col("i").count().alias("cnt"), fl.len().alias("n"),
                             fl.col("f").sum().alias("fs"), fl.col("f").std().alias("sd"), fl.col("f").var().alias("v")),
        "SELECT sum(i), min(i), max(i), avg(i), count(i), count(*), sum(f), stddev_samp(f), var_samp(f) FROM t"),
    "aggregates of a filter with nulls": (
        lambda df: df.filter(fl.col("f").is_null() | (fl.col("f") < -600)).select(
            fl.col("i").sum(), fl.col("f").mean().alias("m"), fl.col("s").count().alias("c")),
        "SELECT sum(i), avg(f), count(s) FROM t WHERE f IS NULL OR f < -600"),
    "string filters": (
        lambda df: df.filter(fl.col("s").str.starts_with("ch") | fl.col("s").str.contains("ół", literal=True)).select(
            fl.len(), fl.col("s").min().alias("mn"), fl.col("s").max().alias("mx"), fl.col("s").n_unique().alias("u")),
        "SELECT count(*), min(s), max(s), count(DISTINCT s) FROM t WHERE starts_with(s, 'ch') OR contains(s, 'ół')"),
    "regex filter": (
        lambda df: df.filter(fl.col("s").str.contains("^[A-Z].*[0-4]$")).select(fl.len()),
        "SELECT count(*) FROM t WHERE regexp_matches(s, '^[A-Z].*[0-4]$')"),
    "is_in and is_between": (
        lambda df: df.filter(fl.col("k").is_in([1, 3]) & fl.col("i").is_between(-50, 50)).select(
            fl.col("i").sum(), fl.len()),
        "SELECT sum(i), count(*) FROM t WHERE k IN (1, 3) AND i BETWEEN -50 AND 50"),
    "date filters": (
        lambda df: df.filter((fl.col("d") >= dt.date(1990, 1, 1)) & (fl.col("d").dt.month() == 2)).select(
            fl.len(), fl.col("d").min().alias("mn"), fl.col("d").max().alias("mx")),
        "SELECT count(*), min(d), max(d) FROM t WHERE d >= DATE '1990-01-01' AND month(d) = 2"),
    "boolean logic with nulls": (
        lambda df: df.filter(fl.col("b") | (fl.col("i") < 0)).select(fl.len()),
        "SELECT count(*) FROM t WHERE b OR i < 0"),
    "not of a nullable boolean": (
        lambda df: df.filter(~fl.col("b")).select(fl.len()),
        "SELECT count(*) FROM t WHERE NOT b"),
    "arithmetic in a filter": (
        lambda df: df.filter((fl.col("i") * 2 + fl.col("k")) % 7 == 3).select(fl.col("i").sum(), fl.len()),
        "SELECT sum(i), count(*) FROM t WHERE ((i * 2 + k) % 7 + 7) % 7 = 3"),
    "when/then aggregate": (
        lambda df: df.select(fl.when(fl.col("i") > 0).then(fl.col("i")).otherwise(0).sum()),
        "SELECT sum(CASE WHEN i > 0 THEN i ELSE 0 END) FROM t"),
    "median and quantiles": (
        lambda df: df.select(fl.col("f").median(), fl.col("f").quantile(0.25, "linear").alias("q")),
        "SELECT median(f), quantile_cont(f, 0.25) FROM t"),
    "sorted top rows": (
        lambda df: df.filter(fl.col("i").is_not_null()).sort("i", "f", descending=[True, False], nulls_last=True)
        .head(10).select("i", "f", "k"),
        "SELECT i, f, k FROM t WHERE i IS NOT NULL ORDER BY i DESC, f ASC NULLS LAST LIMIT 10"),
    "string functions": (
        lambda df: df.filter(fl.col("s").str.len_chars() > 5).select(fl.col("s").str.to_uppercase().min(), fl.len()),
        "SELECT min(upper(s)), count(*) FROM t WHERE length(s) > 5"),
}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize(("query", "sql"), QUERIES.values(), ids=QUERIES.keys())
def test_same_answer_as_duckdb(frame, con, query, sql):
    got = query(frame).rows()
    want = con.sql(sql).fetchall()
    assert len(got) == len(want), f"floe {len(got)} rows, duckdb {len(want)}"
    for g, w in zip(got, want):
        assert len(g) == len(w)
        assert all(_close(a, b) for a, b in zip(g, w)), f"floe {g} != duckdb {w}"


def test_the_queries_select_something(frame):
    # Guard against vacuous comparisons: every filter keeps some rows and drops others.
    for name, (query, _) in QUERIES.items():
        out = query(frame)
        assert out.height > 0, name
    assert 0 < frame.filter(fl.col("i") > 100).height < N
