"""TPC-H Q20, potential part promotion."""
from datetime import date


def query(tables, pl):
    shipped = (
        tables["lineitem"]
        .filter(pl.col("l_shipdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left"))
        .group_by("l_partkey", "l_suppkey")
        .agg((0.5 * pl.col("l_quantity").sum()).alias("half_quantity"))
    )
    excess = (
        tables["part"]
        .filter(pl.col("p_name").str.starts_with("forest"))
        .select("p_partkey")
        .join(tables["partsupp"], left_on="p_partkey", right_on="ps_partkey")
        .join(shipped, left_on=["ps_suppkey", "p_partkey"], right_on=["l_suppkey", "l_partkey"])
        .filter(pl.col("ps_availqty") > pl.col("half_quantity"))
        .select("ps_suppkey")
    )
    return (
        tables["supplier"]
        .join(tables["nation"].filter(pl.col("n_name") == "CANADA"), left_on="s_nationkey", right_on="n_nationkey")
        .join(excess, left_on="s_suppkey", right_on="ps_suppkey", how="semi")
        .select("s_name", "s_address")
        .sort("s_name")
    )
