"""Generates the benchmark CSV: a fixed-seed mix of int, float, string and date columns."""

from __future__ import annotations

import argparse
import json
import os
import sys

# Bump when the generated content changes, so stale files in bench/data/ are not reused.
FORMAT_VERSION = 1
SEED = 20240601
CHUNK_ROWS = 1_000_000

_FIRST = ["Al", "Bo", "Eve", "Anna", "Maria", "Jose", "Yuki", "Olga", "Pierre", "Kwame", "Ingrid", "Santiago",
          "Aleksandra", "Bartholomew", "Guadalupe", "Li"]
_LAST = ["Ng", "Kim", "Diaz", "Smith", "Novak", "Okafor", "Rossi", "Yamamoto", "Johansson", "Fitzgerald",
         "Papadopoulos", "Vanderbilt-Smythe", "Wu", "Ivanova", "Schmidt", "Haddad"]
_CITIES = ["Oslo", "Rome", "Paris", "Lima", "Cairo", "Tokyo", "Delhi", "Quito", "Austin", "Berlin", "Nairobi",
           "Jakarta", "Toronto", "Sao Paulo", "Melbourne", "Reykjavik"]


def _names() -> list[str]:
    """Short names (stored inline, <= 12 bytes), long ones, and some "Last, First" that CSV must quote."""
    out = []
    for i, first in enumerate(_FIRST):
        for j, last in enumerate(_LAST):
            out.append(f"{last}, {first}" if (i + j) % 7 == 0 else f"{first} {last}")
    return out


def csv_path(data_dir: str, size_gb: float) -> str:
    """Where the file for ``size_gb`` lives (the name carries the size and the format version)."""
    return os.path.join(data_dir, f"mixed_{size_gb:g}gb_v{FORMAT_VERSION}.csv")


def _chunk(rng, rows: int, names, cities):
    import numpy as np
    import polars as pl

    days = np.datetime64("2000-01-01") + rng.integers(0, 9131, rows)  # through 2024-12-31
    discount = np.round(rng.random(rows) * 0.5, 3)
    frame = pl.DataFrame({
        "id": rng.integers(0, 10**12, rows, dtype=np.int64),
        "qty": rng.integers(1, 1001, rows, dtype=np.int64),
        "price": np.round(rng.random(rows) * 1000.0, 2),
        "discount": discount,
        "name": pl.Series(names)[rng.integers(0, len(names), rows)],
        "city": pl.Series(cities)[rng.integers(0, len(cities), rows)],
        "day": pl.Series(days.astype("datetime64[D]")).cast(pl.Date),
        "_missing": rng.random(rows) < 0.05,
    })
    # About 5% of discounts are missing (written as empty fields).
    discount_or_null = pl.when(pl.col("_missing")).then(None).otherwise(pl.col("discount")).alias("discount")
    return frame.with_columns(discount_or_null).drop("_missing")


def generate(path: str, size_gb: float) -> dict:
    """Writes about ``size_gb`` GB of CSV to ``path`` (atomically) and returns its description."""
    import numpy as np

    target = int(size_gb * 1e9)
    rng = np.random.default_rng(SEED)
    names, cities = _names(), _CITIES
    tmp = path + ".partial"
    rows = 0
    with open(tmp, "wb") as f:
        bytes_per_row = None
        while f.tell() < target:
            n = min(CHUNK_ROWS, max(1000, target // 100))  # the first chunk measures the row width
            if bytes_per_row is not None:
                n = max(1, min(n, int((target - f.tell()) / bytes_per_row) + 1))
            start = f.tell()
            _chunk(rng, n, names, cities).write_csv(f, include_header=rows == 0)
            bytes_per_row = (f.tell() - start) / n
            rows += n
    os.replace(tmp, path)
    info = {"path": path, "rows": rows, "bytes": os.path.getsize(path), "seed": SEED, "version": FORMAT_VERSION}
    with open(path + ".json", "w") as f:
        json.dump(info, f)
    return info


def ensure(data_dir: str, size_gb: float) -> dict:
    """The file for ``size_gb``, generated if it does not exist yet."""
    path = os.path.abspath(csv_path(data_dir, size_gb))
    if os.path.exists(path) and os.path.exists(path + ".json"):
        with open(path + ".json") as f:
            return {**json.load(f), "path": path}
    os.makedirs(data_dir, exist_ok=True)
    return generate(path, size_gb)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--size-gb", type=float, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(ensure(args.data_dir, args.size_gb)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
