"""TPC-H Q16, parts/supplier relationship."""


def query(tables, pl):
    complaints = tables["supplier"].filter(pl.col("s_comment").str.contains("Customer.*Complaints"))
    return (
        tables["part"]
        .filter(pl.col("p_brand") != "Brand#45")
        .filter(pl.col("p_type").str.starts_with("MEDIUM POLISHED").not_())
        .filter(pl.col("p_size").is_in([49, 14, 23, 45, 19, 3, 36, 9]))
        .join(tables["partsupp"], left_on="p_partkey", right_on="ps_partkey")
        .join(complaints, left_on="ps_suppkey", right_on="s_suppkey", how="anti")
        .group_by("p_brand", "p_type", "p_size")
        .agg(pl.col("ps_suppkey").n_unique().alias("supplier_cnt"))
        .sort(["supplier_cnt", "p_brand", "p_type", "p_size"], descending=[True, False, False, False])
    )
