"""TPC-H Q3, shipping priority."""
from datetime import date


def query(tables, pl):
    cutoff = date(1995, 3, 15)
    return (
        tables["customer"]
        .filter(pl.col("c_mktsegment") == "BUILDING")
        .join(tables["orders"], left_on="c_custkey", right_on="o_custkey")
        .filter(pl.col("o_orderdate") < cutoff)
        .join(tables["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
        .filter(pl.col("l_shipdate") > cutoff)
        .with_columns((pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).alias("revenue"))
        .group_by("o_orderkey", "o_orderdate", "o_shippriority")
        .agg(pl.col("revenue").sum())
        .select(pl.col("o_orderkey").alias("l_orderkey"), "revenue", "o_orderdate", "o_shippriority")
        .sort(["revenue", "o_orderdate", "l_orderkey"], descending=[True, False, False])
        .head(10)
    )
