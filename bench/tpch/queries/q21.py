"""TPC-H Q21, suppliers who kept orders waiting."""


def query(tables, pl):
    lineitem = tables["lineitem"]
    late = lineitem.filter(pl.col("l_receiptdate") > pl.col("l_commitdate"))
    # Orders with several suppliers, of which exactly one delivered late.
    multi_supplier = (
        lineitem.group_by("l_orderkey").agg(pl.col("l_suppkey").n_unique().alias("suppliers"))
        .filter(pl.col("suppliers") > 1)
    )
    one_late = (
        late.group_by("l_orderkey").agg(pl.col("l_suppkey").n_unique().alias("late_suppliers"))
        .filter(pl.col("late_suppliers") == 1)
    )
    return (
        late.join(multi_supplier, on="l_orderkey", how="semi")
        .join(one_late, on="l_orderkey", how="semi")
        .join(tables["supplier"], left_on="l_suppkey", right_on="s_suppkey")
        .join(tables["nation"].filter(pl.col("n_name") == "SAUDI ARABIA"), left_on="s_nationkey", right_on="n_nationkey")
        .join(tables["orders"].filter(pl.col("o_orderstatus") == "F"), left_on="l_orderkey", right_on="o_orderkey")
        .group_by("s_name")
        .agg(pl.len().alias("numwait"))
        .sort(["numwait", "s_name"], descending=[True, False])
        .head(100)
    )
