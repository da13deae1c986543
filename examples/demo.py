"""Floe's demo: a query over generated data on the local engine, printed as a table."""

import time

import numpy as np

import floe as fl

ROWS = 5_000_000
rng = np.random.default_rng(42)
orders = fl.DataFrame(
    {
        "order_id": np.arange(ROWS, dtype=np.int64),
        "customer": rng.integers(0, 1000, ROWS),
        "quantity": rng.integers(1, 50, ROWS),
        "price": rng.random(ROWS) * 100,
    }
)

query = (
    orders.lazy()
    .filter((fl.col("quantity") > 10) & (fl.col("price") < 50.0))
    .with_columns(revenue=fl.col("quantity") * fl.col("price"))
    .select(
        fl.len().alias("orders"),
        fl.col("revenue").sum().alias("total_revenue"),
        fl.col("revenue").mean().alias("mean_revenue"),
        fl.col("customer").n_unique().alias("customers"),
        fl.col("price").max().alias("max_price"),
    )
)

print("Query plan (optimized):")
print(query.explain())
start = time.perf_counter()
result = query.collect()
elapsed = time.perf_counter() - start
print()
print(result)
print(f"\n{ROWS:,} rows in {elapsed * 1000:.1f} ms on the local engine")

print()
print(orders.lazy().sort("price", descending=True).head(5).collect())
