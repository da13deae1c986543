"""TPC-H Q4, order priority checking."""
from datetime import date


def query(tables, pl):
    late_orders = tables["lineitem"].filter(pl.col("l_commitdate") < pl.col("l_receiptdate"))
    return (
        tables["orders"]
        .filter(pl.col("o_orderdate").is_between(date(1993, 7, 1), date(1993, 10, 1), closed="left"))
        .join(late_orders, left_on="o_orderkey", right_on="l_orderkey", how="semi")
        .group_by("o_orderpriority")
        .agg(pl.len().alias("order_count"))
        .sort("o_orderpriority")
    )
