"""Common subexpression elimination: shared row-wise subexpressions are computed once, and the
results, names and dtypes stay exactly what Polars gives."""

import polars as pl

import floe as fl
from harness import assert_same

DATA = {"p": [1.0, 2.0, 3.0, None], "d": [0.1, 0.2, 0.3, 0.4], "t": [0.5, 0.5, None, 0.5], "g": ["a", "b", "a", "b"],
        "i": [1, 2, 3, 4]}


def test_aggregates_share_a_product():
    def q(m):
        price = m.col("p") * (1 - m.col("d"))
        return (m.LazyFrame(DATA).group_by("g").agg(price.sum().alias("x"), (price * (1 + m.col("t"))).sum().alias("y"),
                                                    price.mean())
                .sort("g"))

    assert_same(lambda m: q(m).collect())
    plan = q(fl).explain()
    assert plan.count('(col("p")) * ') == 1, plan  # computed once, below the aggregation


def test_with_columns_keeps_names_and_hides_the_shared_column():
    def q(m):
        prod = m.col("p") * m.col("d")
        return m.LazyFrame(DATA).with_columns(prod + 1, b=prod.sqrt(), c=prod, e=prod.cast(m.Float32))

    assert_same(lambda m: q(m).collect())
    assert q(fl).collect().columns == q(pl).collect().columns


def test_select_with_unaliased_and_integer_expressions():
    assert_same(lambda m: m.DataFrame(DATA).select(m.col("i") * 2 + 1, (m.col("i") * 2).alias("z"),
                                                    (m.col("i") * 2 > 3).alias("w")))
    # Dynamic literals keep their meaning after the rewrite.
    assert_same(lambda m: m.DataFrame({"a": [1, 2]}, schema={"a": m.Int8}).select(
        (m.col("a") * 3).alias("x"), ((m.col("a") * 3) + 300).alias("y")))


def test_aggregates_are_not_shared_as_row_values():
    assert_same(lambda m: m.DataFrame(DATA).select((m.col("i") - m.col("i").mean()).alias("c"),
                                                   (m.col("i") - m.col("i").mean()).abs().alias("d")))
    assert_same(lambda m: m.DataFrame(DATA).filter(m.col("i") * 2 > 2).select(m.col("i") * 2, (m.col("i") * 2).sum()))
