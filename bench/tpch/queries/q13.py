"""TPC-H Q13, customer distribution."""


def query(tables, pl):
    orders = tables["orders"].filter(pl.col("o_comment").str.contains("special.*requests").not_())
    return (
        tables["customer"]
        .join(orders, left_on="c_custkey", right_on="o_custkey", how="left")
        .group_by("c_custkey")
        .agg(pl.col("o_orderkey").count().alias("c_count"))
        .group_by("c_count")
        .agg(pl.len().alias("custdist"))
        .sort(["custdist", "c_count"], descending=[True, True])
    )
