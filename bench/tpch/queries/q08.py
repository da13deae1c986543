"""TPC-H Q8, national market share."""
from datetime import date


def query(tables, pl):
    customer_nation = tables["nation"].select("n_nationkey", "n_regionkey")
    supplier_nation = tables["nation"].select("n_nationkey", "n_name")
    return (
        tables["part"]
        .filter(pl.col("p_type") == "ECONOMY ANODIZED STEEL")
        .join(tables["lineitem"], left_on="p_partkey", right_on="l_partkey")
        .join(tables["supplier"], left_on="l_suppkey", right_on="s_suppkey")
        .join(tables["orders"], left_on="l_orderkey", right_on="o_orderkey")
        .filter(pl.col("o_orderdate").is_between(date(1995, 1, 1), date(1996, 12, 31)))
        .join(tables["customer"], left_on="o_custkey", right_on="c_custkey")
        .join(customer_nation, left_on="c_nationkey", right_on="n_nationkey")
        .join(tables["region"], left_on="n_regionkey", right_on="r_regionkey")
        .filter(pl.col("r_name") == "AMERICA")
        .join(supplier_nation, left_on="s_nationkey", right_on="n_nationkey")
        .select(
            pl.col("o_orderdate").dt.year().alias("o_year"),
            (pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).alias("volume"),
            pl.col("n_name").alias("nation"),
        )
        .with_columns(pl.when(pl.col("nation") == "BRAZIL").then(pl.col("volume")).otherwise(0.0).alias("brazil_volume"))
        .group_by("o_year")
        .agg((pl.col("brazil_volume").sum() / pl.col("volume").sum()).alias("mkt_share"))
        .sort("o_year")
    )
