"""TPC-H Q5, local supplier volume."""
from datetime import date


def query(tables, pl):
    return (
        tables["region"]
        .filter(pl.col("r_name") == "ASIA")
        .join(tables["nation"], left_on="r_regionkey", right_on="n_regionkey")
        .join(tables["customer"], left_on="n_nationkey", right_on="c_nationkey")
        .join(tables["orders"], left_on="c_custkey", right_on="o_custkey")
        .filter(pl.col("o_orderdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left"))
        .join(tables["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
        .join(tables["supplier"], left_on=["l_suppkey", "n_nationkey"], right_on=["s_suppkey", "s_nationkey"])
        .with_columns((pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).alias("revenue"))
        .group_by("n_name")
        .agg(pl.col("revenue").sum())
        .sort("revenue", descending=True)
    )
