"""Writes the nested Parquet files nested_reader_test.cc reads, and the rows pyarrow reads from
them (nested_expected.txt, one formatted row per line, in the format the test prints).

Run from this folder: python make_nested.py (pyarrow). The files are committed; rerun only to
change them."""
import pyarrow as pa
import pyarrow.parquet as pq


def rows(n):
    out = []
    for i in range(n):
        out.append({
            "id": i,
            "li": None if i % 7 == 3 else [] if i % 5 == 1 else [None if (i + k) % 4 == 0 else i * 10 + k for k in range(i % 4 + 1)],
            "ls": None if i % 6 == 5 else [f"s{(i + k) % 3}" for k in range(i % 3)],
            "st": None if i % 5 == 2 else {"a": None if i % 3 == 0 else i, "b": f"v{i % 4}"},
            "lst": None if i % 9 == 8 else [None if k == 1 else {"x": i + k, "y": None if k == 2 else f"y{k}"} for k in range(i % 4)],
            "sl": None if i % 8 == 7 else {"l": None if i % 4 == 2 else [i * 0.5 + k for k in range(i % 3)]},
            "ll": None if i % 10 == 9 else [None if j == 2 else [i + j + k for k in range(j)] for j in range(i % 4)],
        })
    return out


SCHEMA = pa.schema([
    ("id", pa.int64()),
    ("li", pa.list_(pa.int64())),
    ("ls", pa.list_(pa.string())),
    ("st", pa.struct([("a", pa.int32()), ("b", pa.string())])),
    ("lst", pa.list_(pa.struct([("x", pa.int32()), ("y", pa.string())]))),
    ("sl", pa.struct([("l", pa.list_(pa.float64()))])),
    ("ll", pa.list_(pa.list_(pa.int32()))),
])


def fmt(v):
    if v is None:
        return "null"
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {fmt(x)}" for k, x in v.items()) + "}"
    if isinstance(v, float):
        return "%g" % v
    if isinstance(v, str):
        return '"' + v + '"'
    return str(v)


table = pa.Table.from_pylist(rows(1000), schema=SCHEMA)
# Small pages so that lists span page boundaries; two row groups.
pq.write_table(table, "nested_v1.parquet", row_group_size=600, data_page_size=512, compression="snappy",
               write_batch_size=64)
pq.write_table(table, "nested_v2.parquet", row_group_size=600, data_page_size=512, compression="zstd",
               data_page_version="2.0", write_batch_size=64, use_dictionary=["ls"])
with open("nested_expected.txt", "w") as f:
    for row in pq.read_table("nested_v1.parquet").to_pylist():
        f.write(" | ".join(fmt(row[name]) for name in SCHEMA.names) + "\n")
