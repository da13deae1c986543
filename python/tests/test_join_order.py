"""Where filters and semi joins go: a filter on group keys runs below the aggregation, semi joins
move above inner joins that keep few rows, and the keys a semi join keeps thin an aggregation on
its other side. The answers stay exactly Polars'."""

import random

import polars as pl
import pytest

import floe as fl
from harness import assert_same

rng = random.Random(5)
N = 60_000
LINES = {
    "order": [rng.randrange(15_000) for _ in range(N)],
    "supp": [rng.randrange(400) for _ in range(N)],
    "late": [rng.random() < 0.6 for _ in range(N)],
}
SUPPLIERS = {"supp": list(range(400)), "nation": [i % 25 for i in range(400)], "name": [f"s{i:03d}" for i in range(400)]}


def test_filter_on_group_keys_runs_below_the_aggregation():
    def q(m):
        lf = m.LazyFrame({"k": [1, 2, 2, None, 3, 3], "g": ["a", "b", "b", "c", None, "d"], "v": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
        return lf.group_by("k", "g").agg(m.col("v").sum(), m.len()).filter((m.col("k") > 1) & (m.col("v") > 2.5)).sort("k", "g")

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    # The key condition is below the aggregation, the one on the sum above it.
    assert plan.index("AGGREGATE") < plan.index('(col("k")) > (dyn int: 1)'), plan
    assert plan.index('(col("v")) > (dyn float: 2.5)') < plan.index("AGGREGATE"), plan


def test_filter_on_an_aggregated_column_or_expression_stays_above():
    def q(m):
        lf = m.LazyFrame({"k": [1, 2, 2, None], "v": [1, 2, 3, 4]})
        return (lf.group_by(m.col("k") * 2).agg(m.col("v").max()).filter((m.col("k") > 2) | m.col("v").is_null())
                .sort("k"))

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert plan.index("FILTER") < plan.index("AGGREGATE"), plan


def q21_shape(m, nation=7, validate="m:m"):
    lines = m.LazyFrame(LINES)
    late = lines.filter(m.col("late"))
    several = lines.group_by("order").agg(m.col("supp").n_unique().alias("n")).filter(m.col("n") > 1)
    one_late = late.group_by("order").agg(m.col("supp").n_unique().alias("n")).filter(m.col("n") == 1)
    return (late.join(several, on="order", how="semi")
            .join(one_late, on="order", how="semi")
            .join(m.LazyFrame(SUPPLIERS).filter(m.col("nation") == nation), on="supp", validate=validate)
            .group_by("name").agg(m.len().alias("waiting"))
            .sort(["waiting", "name"], descending=[True, False]))


def test_semi_joins_move_above_a_selective_inner_join():
    assert_same(lambda m: q21_shape(m).collect())
    plan = q21_shape(fl).explain()
    # Printed top-down: both semi joins now come before (above) the inner join.
    assert plan.index("semi JOIN") < plan.index("inner JOIN"), plan
    assert plan.count("END semi JOIN") == 2


@pytest.mark.parametrize("nation", [0, 24, 99])
def test_moved_semi_joins_keep_answers_and_row_order(nation):
    def q(m):
        lines = m.LazyFrame(LINES).with_row_index("row")
        several = lines.group_by("order").agg(m.len().alias("n")).filter(m.col("n") > 4)
        return (lines.join(several, on="order", how="semi")
                .join(m.LazyFrame(SUPPLIERS).filter(m.col("nation") == nation), on="supp")
                .select("row", "order", "name"))

    # No sort: the result keeps the order of the lines, as before the move.
    floe_rows = q(fl).collect()
    polars_rows = q(pl).collect()
    assert floe_rows["row"].to_list() == sorted(floe_rows["row"].to_list())
    assert floe_rows.to_dicts() == polars_rows.sort("row").to_dicts()


def test_an_inner_join_validating_left_keys_keeps_the_semi_joins_below():
    # validate="1:1" counts the left keys: rows a semi join drops must not reach it.
    def q(m):
        left = m.LazyFrame({"k": [1, 2, 2, 3], "v": [1, 2, 3, 4]})
        keep = m.LazyFrame({"v": [1, 4]})
        right = m.LazyFrame({"k": [1, 2, 3], "w": ["a", "b", "c"]}).filter(m.col("w") != "b")
        return left.join(keep, on="v", how="semi").join(right, on="k", validate="1:1").sort("k")

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert plan.index("inner JOIN") < plan.index("semi JOIN"), plan


def test_semi_join_keys_thin_a_large_aggregation_on_the_other_side():
    # 6,000 distinct keys kept on the left: more than a plain probe filter takes, few enough to
    # thin the aggregation on the right before it groups.
    big = {"order": [i % 50_000 for i in range(400_000)], "x": [i % 7 for i in range(400_000)]}
    small = {"order": [i * 8 for i in range(6_000)] + [None], "y": list(range(6_001))}

    def q(m):
        groups = m.LazyFrame(big).group_by("order").agg(m.col("x").n_unique().alias("xs"), m.len())
        return m.LazyFrame(small).join(groups.filter(m.col("xs") > 1), on="order", how="semi").sort("order")

    assert_same(lambda m: q(m).collect())
    assert q(fl).collect().height == 6_000


@pytest.mark.parametrize("coalesce", [None, False])
def test_left_join_hashing_its_smaller_left_input(coalesce):
    # The right input is many times larger: the table is built on the left, and the result,
    # row order included, is the one Polars gives when asked to keep the left order, then the
    # right order (Floe always does).
    left = {"k": [5, None, 3, 3, 999, 0, 7, 5], "v": list("abcdefgh")}
    right = {"key": [i % 40 for i in range(4000)], "w": list(range(4000)), "v": [str(i) for i in range(4000)]}

    def q(m):
        return m.LazyFrame(left).join(m.LazyFrame(right), left_on="k", right_on="key", how="left", coalesce=coalesce,
                                      maintain_order="left_right")

    assert_same(lambda m: q(m).collect())
    assert "left JOIN (build left)" in q(fl).explain()


def test_left_join_hashing_its_left_input_after_a_filter():
    # Every left row matched, none matched, and nulls on both sides.
    right = {"k": [None, 1, 2, 2, 3] * 400, "r": list(range(2000))}

    def q(m, keep):
        left = m.LazyFrame({"k": [3, 2, None, 1, 9], "l": [1.5, 2.5, 3.5, 4.5, 5.5]}).filter(m.col("l") < keep)
        return left.join(m.LazyFrame(right), on="k", how="left", maintain_order="left_right").select("l", "k", "r")

    for keep in [0.0, 3.0, 10.0]:
        assert_same(lambda m: q(m, keep).collect())
