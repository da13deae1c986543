"""Order-dependent functions (cum_*, shift, diff, rank, top_k) and over() windows, against Polars
and DuckDB's window SQL."""

from __future__ import annotations

import math
import random

import duckdb
import pyarrow as pa
import pytest

import floe as fl
from harness import assert_same, assert_same_error, run_floe_subprocess

NAN = float("nan")
INTS = {"g": ["a", "b", "a", None, "b", "a", None, "c"], "x": [3, None, 1, 5, 2, 3, 2, 7],
        "y": [1.5, NAN, None, 0.5, 2.0, NAN, -1.0, 3.0], "s": ["q", "b", None, "a", "b", "z", "c", "a"],
        "h": [1, 1, 2, 2, 1, 2, 1, 2]}


def frame(m, data=INTS):
    return m.DataFrame(data)


# ---- whole-column functions ------------------------------------------------------------------

CUMULATIVE = ["cum_sum", "cum_prod", "cum_min", "cum_max", "cum_count"]


@pytest.mark.parametrize("fn", CUMULATIVE)
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("column", ["x", "y"])
def test_cumulative(fn, reverse, column):
    assert_same(lambda m: frame(m).select(getattr(m.col(column), fn)(reverse=reverse)))


@pytest.mark.parametrize("dtype", ["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
                                   "Float32", "Float64", "Boolean"])
@pytest.mark.parametrize("fn", ["cum_sum", "cum_prod", "cum_min", "cum_max", "cum_count", "diff", "shift"])
def test_dtypes_follow_polars(dtype, fn):
    values = [1, None, 0, 1, 1] if dtype != "Boolean" else [True, None, False, True, True]
    assert_same(lambda m: m.DataFrame({"a": values}, schema={"a": getattr(m, dtype)}).select(getattr(m.col("a"), fn)()))


def test_cumulative_strings_and_errors():
    assert_same(lambda m: frame(m).select(m.col("s").cum_min(), m.col("s").cum_max().alias("mx")))
    assert_same_error(lambda m: frame(m).select(m.col("s").cum_sum()))
    assert_same_error(lambda m: frame(m).select(m.col("s").diff()))


@pytest.mark.parametrize("n", [0, 1, 2, -1, -3, 20])
def test_shift(n):
    assert_same(lambda m: frame(m).select(m.col("x").shift(n), m.col("s").shift(n).alias("s")))
    assert_same(lambda m: frame(m).select(m.col("x").shift(n, fill_value=0)))


def test_shift_fill_value_types():
    assert_same(lambda m: frame(m).select(m.col("x").shift(1, fill_value=1.5)))
    assert_same(lambda m: frame(m).select(m.col("s").shift(-2, fill_value="zz")))


@pytest.mark.parametrize("n", [1, 2, -1])
@pytest.mark.parametrize("behavior", ["ignore", "drop"])
def test_diff(n, behavior):
    assert_same(lambda m: frame(m).select(m.col("x").diff(n, behavior), m.col("y").diff(n, behavior).alias("y")))


def test_diff_of_temporal_and_unsigned():
    import datetime as dt
    data = {"d": [dt.date(2024, 1, 1), dt.date(2024, 3, 1), None, dt.date(2023, 1, 1)],
            "t": [dt.datetime(2024, 1, 1, 5), dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 1), None],
            "u": [5, 3, 200, 0]}
    assert_same(lambda m: m.DataFrame(data, schema_overrides={"u": m.UInt8}).select(
        m.col("d").diff(), m.col("t").diff(), m.col("u").diff()))


@pytest.mark.parametrize("method", ["average", "min", "max", "dense", "ordinal"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", ["x", "y", "s"])
def test_rank(method, descending, column):
    assert_same(lambda m: frame(m).select(m.col(column).rank(method, descending=descending)))


def test_rank_bad_method():
    assert_same_error(lambda m: frame(m).select(m.col("x").rank("best")))


def test_empty_frame():
    empty = {"g": [], "x": []}
    for fn in CUMULATIVE:
        assert_same(lambda m: m.DataFrame(empty, schema={"g": m.String, "x": m.Int64}).select(getattr(m.col("x"), fn)()))
    assert_same(lambda m: m.DataFrame(empty, schema={"g": m.String, "x": m.Int64}).select(
        m.col("x").rank(), m.col("x").shift(1).alias("s"), m.col("x").diff().alias("d")))
    assert_same(lambda m: m.DataFrame(empty, schema={"g": m.String, "x": m.Int64}).with_columns(
        m.col("x").sum().over("g").alias("s"), m.col("x").cum_sum().over("g").alias("c")))


def test_series_methods():
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).cum_sum())
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).cum_max(reverse=True))
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).cum_count())
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).rank("dense"))
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).shift(-1, fill_value=9))
    assert_same(lambda m: m.Series("a", [3, None, 1, 3]).diff(null_behavior="drop"))
    # Polars leaves the order of top_k/bottom_k unspecified (a selection, not a sort).
    assert_same(lambda m: m.Series("a", [3, None, 1, 3, 8]).top_k(2).sort())
    assert_same(lambda m: m.Series("a", [3, None, 1, 3, 8]).bottom_k(3).sort())


def test_window_functions_compose():
    assert_same(lambda m: frame(m).select((m.col("x").cum_sum() * 2).alias("a"), m.col("x").rank().alias("r") + 1))
    assert_same(lambda m: frame(m).filter(m.col("x").cum_sum() > 5))
    assert_same(lambda m: frame(m).lazy().with_columns(m.col("x").cum_sum().alias("c")).collect())


# ---- top_k / bottom_k --------------------------------------------------------------------------

@pytest.mark.parametrize("k", [0, 2, 5, 7, 100])
def test_expr_top_k(k):
    # Polars leaves the order unspecified (all rows when k covers them, as they are).
    assert_same(lambda m: frame(m).select(m.col("x").top_k(k).sort()))
    assert_same(lambda m: frame(m).select(m.col("x").bottom_k(k).sort()))
    assert_same(lambda m: frame(m).select(m.col("s").top_k(k).sort()))
    if k >= 7:
        assert_same(lambda m: frame(m).select(m.col("x").top_k(k)))


@pytest.mark.parametrize("k", [0, 3, 100])
def test_frame_top_k(k):
    # Keys without ties: Polars breaks ties in no particular order.
    data = {**INTS, "u": [4, 7, 1, 0, 6, 2, 5, 3]}
    assert_same(lambda m: frame(m, data).top_k(k, by="u"))
    assert_same(lambda m: frame(m, data).bottom_k(k, by="u"))
    assert_same(lambda m: frame(m, data).top_k(k, by=["h", "u"], reverse=[True, False]))
    assert_same(lambda m: frame(m, data).lazy().bottom_k(k, by=m.col("u") * -1).collect())
    assert_same(lambda m: frame(m, data).lazy().top_k(k, by=["x", "u"]).collect())


# ---- over() ------------------------------------------------------------------------------------

AGGS = ["sum", "mean", "min", "max", "first", "last", "n_unique", "count", "len", "null_count"]


@pytest.mark.parametrize("agg", AGGS)
@pytest.mark.parametrize("column", ["x", "y", "s"])
def test_over_aggregates(agg, column):
    if agg in ("sum", "mean") and column == "s":
        return
    assert_same(lambda m: frame(m).with_columns(getattr(m.col(column), agg)().over("g").alias("w")))


def test_over_len_and_expressions():
    assert_same(lambda m: frame(m).with_columns(m.len().over("g").alias("n")))
    assert_same(lambda m: frame(m).select((m.col("x") - m.col("x").mean()).over("g")))
    assert_same(lambda m: frame(m).select((m.col("x").sum() / m.col("x").count()).over("g", "h").alias("q")))
    assert_same(lambda m: frame(m).select(m.col("x").sum().over(m.col("h") * 2)))
    assert_same(lambda m: frame(m).select(m.col("x").over("g")))
    assert_same(lambda m: frame(m).select(m.col("x").filter(m.col("y") > 0).sum().over("g")))


@pytest.mark.parametrize("fn", [lambda c: c.cum_sum(), lambda c: c.cum_max(reverse=True), lambda c: c.cum_count(),
                                lambda c: c.shift(1), lambda c: c.shift(-1, fill_value=0), lambda c: c.diff(),
                                lambda c: c.rank(), lambda c: c.rank("ordinal", descending=True),
                                lambda c: c.rank("dense"), lambda c: c.cum_prod()])
@pytest.mark.parametrize("keys", [("g",), ("g", "h"), ("h",)])
def test_over_window_functions(fn, keys):
    assert_same(lambda m: frame(m).with_columns(fn(m.col("x")).over(*keys).alias("w")))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("nulls_last", [False, True])
def test_over_order_by(descending, nulls_last):
    kw = {"order_by": "y", "descending": descending, "nulls_last": nulls_last}
    assert_same(lambda m: frame(m).with_columns(
        m.col("x").cum_sum().over("g", **kw).alias("c"), m.col("x").shift(1).over("g", **kw).alias("s"),
        m.col("x").first().over("g", **kw).alias("f"), m.col("x").last().over("h", **kw).alias("l"),
        m.col("s").rank("ordinal").over("h", **kw).alias("r")))


def test_over_order_by_expression_and_strings():
    assert_same(lambda m: frame(m).with_columns(m.col("y").cum_sum().over("h", order_by=[m.col("s"), "x"]).alias("c")))
    assert_same(lambda m: frame(m).with_columns(m.col("s").cum_max().over("h").alias("c"), m.col("s").rank().over("g")))


def test_over_one_group_and_distinct_groups():
    data = {"g": [1, 1, 1, 1], "u": [1, 2, 3, 4], "x": [4, 1, None, 2]}
    assert_same(lambda m: m.DataFrame(data).with_columns(
        m.col("x").sum().over("g").alias("s"), m.col("x").rank().over("g").alias("r"),
        m.col("x").cum_sum().over("u").alias("c"), m.col("x").max().over("u").alias("m")))


def test_over_in_filter():
    assert_same(lambda m: frame(m).filter(m.col("x") == m.col("x").max().over("g")))
    assert_same(lambda m: frame(m).lazy().filter(m.col("x") >= m.col("x").mean().over("h")).collect())


def test_over_mixed_with_global_aggregates():
    assert_same(lambda m: frame(m).select(m.col("x").sum().over("g") / m.col("x").sum()))
    assert_same(lambda m: frame(m).with_columns((m.col("x") - m.col("x").min().over("h")).alias("d"), m.col("x").max()))


def test_over_errors():
    assert_same_error(lambda m: frame(m).select(m.col("x").over("nope")))


def test_over_repr():
    for m in (fl, __import__("polars")):
        assert str(m.col("x").cum_sum().over("g", order_by="x")) == \
            'col("x").cum_sum().over(partition_by: [col("g")], order_by: col("x"))'
        assert str(m.col("x").sum().over("g", "h")) == 'col("x").sum().over([col("g"), col("h")])'


# ---- DuckDB window SQL, randomized ----------------------------------------------------------

def _random_data(seed: int, rows: int) -> dict:
    rng = random.Random(seed)
    groups = rng.choice([1, 3, 50, rows])
    return {
        "id": list(range(rows)),
        "g": [None if rng.random() < 0.05 else rng.randrange(groups) for _ in range(rows)],
        "x": [None if rng.random() < 0.1 else rng.randrange(-50, 50) for _ in range(rows)],
        "f": [None if rng.random() < 0.1 else rng.uniform(-5, 5) for _ in range(rows)],
    }


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_against_duckdb(seed):
    data = _random_data(seed, 2000)
    con = duckdb.connect()
    con.register("t", pa.table({"id": pa.array(data["id"], pa.int64()), "g": pa.array(data["g"], pa.int64()),
                                "x": pa.array(data["x"], pa.int64()), "f": pa.array(data["f"], pa.float64())}))
    expected = con.execute("""
        SELECT id,
               SUM(x) OVER (PARTITION BY g) AS s,
               AVG(f) OVER (PARTITION BY g) AS m,
               MIN(x) OVER (PARTITION BY g) AS mn,
               COUNT(x) OVER (PARTITION BY g) AS c,
               COUNT(*) OVER (PARTITION BY g) AS n,
               CASE WHEN x IS NULL THEN NULL ELSE RANK() OVER (PARTITION BY g ORDER BY x NULLS LAST) END AS r,
               CASE WHEN x IS NULL THEN NULL ELSE DENSE_RANK() OVER (PARTITION BY g ORDER BY x NULLS LAST) END AS dr,
               SUM(x) OVER (PARTITION BY g ORDER BY id ROWS UNBOUNDED PRECEDING) AS cs,
               LAG(x) OVER (PARTITION BY g ORDER BY id) AS lag,
               SUM(f) OVER (PARTITION BY g ORDER BY x DESC NULLS FIRST, id ROWS UNBOUNDED PRECEDING) AS ocs
        FROM t ORDER BY id""").fetchall()
    con.close()
    got = fl.DataFrame(data).select(
        "id", fl.col("x").sum().over("g").alias("s"), fl.col("f").mean().over("g").alias("m"),
        fl.col("x").min().over("g").alias("mn"), fl.col("x").count().over("g").alias("c"), fl.len().over("g").alias("n"),
        fl.col("x").rank("min").over("g").alias("r"), fl.col("x").rank("dense").over("g").alias("dr"),
        fl.col("x").cum_sum().over("g").alias("cs"), fl.col("x").shift(1).over("g").alias("lag"),
        fl.col("f").cum_sum().over("g", order_by=[fl.col("x"), fl.col("id") * -1], descending=True).alias("ocs"),
    ).rows()
    assert len(got) == len(expected)
    for g_row, e_row in zip(got, expected):
        for j, (a, b) in enumerate(zip(g_row, e_row)):
            # A running SUM in DuckDB has a value on null rows; Polars' cum_sum keeps them null.
            if (j == 8 and data["x"][g_row[0]] is None) or (j == 10 and data["f"][g_row[0]] is None):
                assert a is None
                continue
            # SUM over a group of only nulls: DuckDB says null, Polars 0.
            if j == 1 and b is None:
                assert a == 0
                continue
            assert _close(a, b), (g_row, e_row, j)


# ---- engine settings give identical results -----------------------------------------------

def test_same_under_threads_and_tiny_morsels():
    code = """
import floe as fl, random
rng = random.Random(3)
n = 3000
df = fl.DataFrame({"g": [rng.randrange(40) for _ in range(n)], "x": [rng.randrange(1000) for _ in range(n)]})
out = df.with_columns(fl.col("x").sum().over("g").alias("s"), fl.col("x").cum_sum().over("g").alias("c"),
                      fl.col("x").rank().over("g", order_by="x").alias("r"), fl.col("x").cum_max().alias("m"),
                      fl.col("x").diff().over("g").alias("d")).filter(fl.col("x") > fl.col("x").mean().over("g"))
print(out.rows()[:50], out.height, sum(r[3] for r in out.rows()))
"""
    base = run_floe_subprocess(code)
    assert run_floe_subprocess(code, env={"FLOE_MAX_THREADS": "1"}) == base
    assert run_floe_subprocess(code, env={"FLOE_MORSEL_SIZE": "3"}) == base


@pytest.mark.parametrize("query", [
    lambda m, lf: lf.with_columns(m.col("x").sum()).filter(m.col("g") == 1),
    lambda m, lf: lf.with_columns(m.col("x").cum_sum()).filter(m.col("g") == 1),
    lambda m, lf: lf.with_columns(m.col("x").rank().over("g").alias("r")).filter(m.col("x") > 2),
    lambda m, lf: lf.sort("x", descending=True).with_columns(m.col("x").cum_sum().alias("c")).filter(m.col("g") == 2),
    lambda m, lf: lf.with_columns(m.col("x").shift()).head(2),
    lambda m, lf: lf.select("g", m.col("x").rank()).filter(m.col("g") == 1),
])
def test_filters_and_slices_stay_above_window_functions(query):
    # A filter or head() moved below these would change the rows they see.
    assert_same(lambda m: query(m, m.LazyFrame({"g": [1, 2, 1, 2, 1], "x": [1, 2, 3, 4, 5]})).collect())
