"""TPC-H Q17, small-quantity-order revenue."""


def query(tables, pl):
    lines = (
        tables["part"]
        .filter(pl.col("p_brand") == "Brand#23")
        .filter(pl.col("p_container") == "MED BOX")
        .join(tables["lineitem"], left_on="p_partkey", right_on="l_partkey")
    )
    small = lines.group_by("p_partkey").agg((0.2 * pl.col("l_quantity").mean()).alias("small_quantity"))
    return (
        lines.join(small, on="p_partkey")
        .filter(pl.col("l_quantity") < pl.col("small_quantity"))
        .select((pl.col("l_extendedprice").sum() / 7.0).alias("avg_yearly"))
    )
