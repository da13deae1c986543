"""TPC-H Q10, returned item reporting."""
from datetime import date


def query(tables, pl):
    return (
        tables["customer"]
        .join(tables["orders"], left_on="c_custkey", right_on="o_custkey")
        .filter(pl.col("o_orderdate").is_between(date(1993, 10, 1), date(1994, 1, 1), closed="left"))
        .join(tables["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
        .filter(pl.col("l_returnflag") == "R")
        .join(tables["nation"], left_on="c_nationkey", right_on="n_nationkey")
        .group_by("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
        .agg((pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).sum().alias("revenue"))
        .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
        .sort(["revenue", "c_custkey"], descending=[True, False])
        .head(20)
    )
