"""TPC-H Q15, top supplier.

The top revenue is found on the joined frame itself (``== max()``), not by joining a second
evaluation of the revenue view: float sums computed twice in parallel may differ in the last bit.
"""
from datetime import date


def query(tables, pl):
    revenue = (
        tables["lineitem"]
        .filter(pl.col("l_shipdate").is_between(date(1996, 1, 1), date(1996, 4, 1), closed="left"))
        .group_by("l_suppkey")
        .agg((pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).sum().alias("total_revenue"))
        .select(pl.col("l_suppkey").alias("supplier_no"), "total_revenue")
    )
    return (
        tables["supplier"]
        .join(revenue, left_on="s_suppkey", right_on="supplier_no")
        .filter(pl.col("total_revenue") == pl.col("total_revenue").max())
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .sort("s_suppkey")
    )
