"""TPC-H Q18, large volume customer."""


def query(tables, pl):
    large = (
        tables["lineitem"]
        .group_by("l_orderkey")
        .agg(pl.col("l_quantity").sum().alias("sum_quantity"))
        .filter(pl.col("sum_quantity") > 300)
    )
    return (
        tables["orders"]
        .join(large, left_on="o_orderkey", right_on="l_orderkey", how="semi")
        .join(tables["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
        .join(tables["customer"], left_on="o_custkey", right_on="c_custkey")
        .group_by("c_name", "o_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
        .agg(pl.col("l_quantity").sum().alias("sum_quantity"))
        .select(pl.col("c_name"), pl.col("o_custkey").alias("c_custkey"), "o_orderkey", "o_orderdate",
                "o_totalprice", "sum_quantity")
        .sort(["o_totalprice", "o_orderdate", "o_orderkey"], descending=[True, False, False])
        .head(100)
    )
