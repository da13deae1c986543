"""TPC-H Q2, minimum cost supplier."""


def query(tables, pl):
    europe_parts = (
        tables["part"]
        .filter(pl.col("p_size") == 15)
        .filter(pl.col("p_type").str.ends_with("BRASS"))
        .join(tables["partsupp"], left_on="p_partkey", right_on="ps_partkey")
        .join(tables["supplier"], left_on="ps_suppkey", right_on="s_suppkey")
        .join(tables["nation"], left_on="s_nationkey", right_on="n_nationkey")
        .join(tables["region"], left_on="n_regionkey", right_on="r_regionkey")
        .filter(pl.col("r_name") == "EUROPE")
    )
    cheapest = europe_parts.group_by("p_partkey").agg(pl.col("ps_supplycost").min())
    return (
        europe_parts.join(cheapest, on=["p_partkey", "ps_supplycost"])
        .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
        .sort(["s_acctbal", "n_name", "s_name", "p_partkey"], descending=[True, False, False, False])
        .head(100)
    )
