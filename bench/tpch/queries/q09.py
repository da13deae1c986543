"""TPC-H Q9, product type profit measure."""


def query(tables, pl):
    return (
        tables["part"]
        .filter(pl.col("p_name").str.contains("green", literal=True))
        .join(tables["partsupp"], left_on="p_partkey", right_on="ps_partkey")
        .join(tables["supplier"], left_on="ps_suppkey", right_on="s_suppkey")
        .join(tables["lineitem"], left_on=["p_partkey", "ps_suppkey"], right_on=["l_partkey", "l_suppkey"])
        .join(tables["orders"], left_on="l_orderkey", right_on="o_orderkey")
        .join(tables["nation"], left_on="s_nationkey", right_on="n_nationkey")
        .select(
            pl.col("n_name").alias("nation"),
            pl.col("o_orderdate").dt.year().alias("o_year"),
            (pl.col("l_extendedprice") * (1 - pl.col("l_discount")) - pl.col("ps_supplycost") * pl.col("l_quantity"))
            .alias("amount"),
        )
        .group_by("nation", "o_year")
        .agg(pl.col("amount").sum().alias("sum_profit"))
        .sort(["nation", "o_year"], descending=[False, True])
    )
