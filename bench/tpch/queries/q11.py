"""TPC-H Q11, important stock identification (FRACTION = 0.0001, the SF 1 validation value)."""


def query(tables, pl):
    german_stock = (
        tables["partsupp"]
        .join(tables["supplier"], left_on="ps_suppkey", right_on="s_suppkey")
        .join(tables["nation"].filter(pl.col("n_name") == "GERMANY"), left_on="s_nationkey", right_on="n_nationkey")
        .with_columns((pl.col("ps_supplycost") * pl.col("ps_availqty")).alias("stock_value"))
    )
    threshold = german_stock.select((pl.col("stock_value").sum() * 0.0001).alias("threshold"))
    return (
        german_stock.group_by("ps_partkey")
        .agg(pl.col("stock_value").sum().alias("value"))
        .join(threshold, how="cross")
        .filter(pl.col("value") > pl.col("threshold"))
        .select("ps_partkey", "value")
        .sort(["value", "ps_partkey"], descending=[True, False])
    )
