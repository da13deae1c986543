"""TPC-H Q14, promotion effect."""
from datetime import date


def query(tables, pl):
    revenue = pl.col("l_extendedprice") * (1 - pl.col("l_discount"))
    return (
        tables["lineitem"]
        .filter(pl.col("l_shipdate").is_between(date(1995, 9, 1), date(1995, 10, 1), closed="left"))
        .join(tables["part"], left_on="l_partkey", right_on="p_partkey")
        .select(
            (100.0 * pl.when(pl.col("p_type").str.starts_with("PROMO")).then(revenue).otherwise(0.0).sum() / revenue.sum())
            .alias("promo_revenue")
        )
    )
