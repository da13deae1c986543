"""Common subplan elimination: a LazyFrame a query reads more than once is computed once (a CACHE
node in explain()), and every reader still gets exactly the rows and columns Polars gives."""

import polars as pl
import pytest

import floe as fl
from harness import assert_same

N = 400
DATA = {
    "k": [i % 13 if i % 17 else None for i in range(N)],
    "g": [f"g{i % 5}" for i in range(N)],
    "q": [float((i * 7) % 50) for i in range(N)],
    "p": [float(i % 97) * 1.5 for i in range(N)],
    "unused": list(range(N)),
}


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("subplans") / "lines.parquet"
    pl.DataFrame(DATA).write_parquet(path, row_group_size=64)
    return str(path)


GROUPS = {"g": ["g0", "g1", "g2", "g3"], "weight": [1.0, 2.0, 3.0, 4.0]}


def lines(m, path):
    # A join makes the subplan worth keeping (a filtered scan alone is read again).
    return m.scan_parquet(path).filter(m.col("k").is_not_null()).join(m.LazyFrame(GROUPS), on="g", how="left")


def same_answers_and_one_cache(q):
    """Checks `q` against Polars and that its plan reads one cached subplan twice; the plan."""
    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert plan.count("CACHE[id: 0]") == 2, plan
    return plan


def test_a_frame_joined_with_its_own_aggregate_is_computed_once(parquet):
    # The shape of TPC-H q17: rows compared with an aggregate over the same rows.
    def q(m):
        base = lines(m, parquet)
        small = base.group_by("k").agg((0.5 * m.col("q").mean()).alias("small"))
        return base.join(small, on="k").filter(m.col("q") < m.col("small")).select(m.col("p").sum())

    plan = same_answers_and_one_cache(q)
    assert plan.count("Parquet SCAN") == 2, plan  # the same subplan printed under each reader
    assert "CACHE" not in q(fl).explain(optimized=False)


def test_readers_of_different_columns_share_one_cached_subplan(parquet):
    def q(m):
        base = lines(m, parquet).with_columns((m.col("p") * 2).alias("p2"))
        highest = base.group_by("g").agg(m.col("p2").max())
        totals = base.group_by("g").agg(m.col("q").sum(), m.col("k").n_unique())
        return highest.join(totals, on="g").sort("g")

    plan = same_answers_and_one_cache(q)
    # One scan of the columns both readers use (and the filter's): g, k, p, q, not "unused".
    assert plan.count("PROJECT 4/5 COLUMNS") == 2, plan


def test_readers_keep_their_own_filters_and_columns(parquet):
    def q(m):
        base = lines(m, parquet).with_columns((m.col("q") + m.col("p")).alias("total"))
        low = base.filter(m.col("q") < 5).select("k", "total")
        high = base.filter(m.col("q") > 45).select("k", "total")
        return m.concat([low, high]).sort(["k", "total"])

    plan = same_answers_and_one_cache(q)
    # Each reader's filter stays above the cache: the cache itself keeps every row.
    assert plan.count("FILTER") == 2, plan


def test_self_join_of_a_filtered_frame(parquet):
    def q(m):
        base = lines(m, parquet).select("k", "g", "q")
        return base.join(base, on=["k", "g"], suffix="_other").group_by("k").agg(m.len(), m.col("q_other").sum()).sort("k")

    assert_same(lambda m: q(m).collect())
    assert q(fl).explain().count("CACHE[id: 0]") == 2


def test_nested_shared_subplans(parquet):
    def q(m):
        base = lines(m, parquet)
        counts = base.group_by("k").agg(m.len().alias("n"))
        enriched = base.join(counts, on="k", how="left")
        return m.concat([enriched.filter(m.col("n") > 28).select("k", "n"),
                         enriched.group_by("g").agg(m.col("n").sum()).select(m.col("g").alias("k"), "n")
                         .with_columns(m.lit(None, dtype=m.Int64).alias("k")).select("k", "n")]).sort(["k", "n"])

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert "CACHE[id: 0]" in plan and "CACHE[id: 1]" in plan, plan


def test_a_scan_and_its_filters_read_twice_are_read_again(parquet):
    def q(m):
        scan = m.scan_parquet(parquet)
        filtered = scan.filter(m.col("q") > 10).with_columns(m.col("p") * 2)
        return m.concat([
            scan.join(scan.group_by("g").agg(m.col("p").max()), on="g").select(m.col("p").sum(), m.col("p_right").sum()),
            filtered.filter(m.col("k") == 3).select(m.col("p").sum(), m.col("q").sum().alias("p_right")),
            filtered.filter(m.col("k") == 4).select(m.col("p").sum(), m.col("q").sum().alias("p_right")),
        ])

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert "CACHE" not in plan
    # Each reader's filter reaches its own scan.
    assert '(col("k")) == (dyn int: 3)' in plan and "SELECTION" in plan, plan


def test_a_shared_top_k_and_in_memory_frames():
    df = {"a": [5, 3, None, 9, 1, 7], "b": ["x", "y", "x", "z", "y", "x"]}

    def q(m):
        top = m.LazyFrame(df).sort("a", descending=True, nulls_last=True).head(4)
        return top.join(top.group_by("b").agg(m.col("a").min().alias("lowest")), on="b").sort("a")

    assert_same(lambda m: q(m).collect())
    assert "CACHE" in q(fl).explain()


def test_a_lazy_frame_collected_twice_gives_the_same_result(parquet):
    base = lines(fl, parquet)
    lf = base.join(base.group_by("k").agg(fl.col("q").max().alias("top")), on="k").filter(fl.col("q") == fl.col("top"))
    first = lf.sort(["k", "p"]).collect()
    second = lf.sort(["k", "p"]).collect()
    assert first.to_dicts() == second.to_dicts()
    assert first.height > 0
