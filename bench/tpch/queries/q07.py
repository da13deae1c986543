"""TPC-H Q7, volume shipping."""
from datetime import date


def query(tables, pl):
    nation = tables["nation"].select("n_nationkey", "n_name")

    def trade(customer_nation, supplier_nation):
        return (
            tables["customer"]
            .join(nation.filter(pl.col("n_name") == customer_nation), left_on="c_nationkey", right_on="n_nationkey")
            .rename({"n_name": "cust_nation"})
            .join(tables["orders"], left_on="c_custkey", right_on="o_custkey")
            .join(tables["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
            .join(tables["supplier"], left_on="l_suppkey", right_on="s_suppkey")
            .join(nation.filter(pl.col("n_name") == supplier_nation), left_on="s_nationkey", right_on="n_nationkey")
            .rename({"n_name": "supp_nation"})
            .select("supp_nation", "cust_nation", "l_shipdate", "l_extendedprice", "l_discount")
        )

    return (
        pl.concat([trade("FRANCE", "GERMANY"), trade("GERMANY", "FRANCE")])
        .filter(pl.col("l_shipdate").is_between(date(1995, 1, 1), date(1996, 12, 31)))
        .with_columns(
            (pl.col("l_extendedprice") * (1 - pl.col("l_discount"))).alias("volume"),
            pl.col("l_shipdate").dt.year().alias("l_year"),
        )
        .group_by("supp_nation", "cust_nation", "l_year")
        .agg(pl.col("volume").sum().alias("revenue"))
        .sort("supp_nation", "cust_nation", "l_year")
    )
