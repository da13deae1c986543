"""Running the TPC-H queries on Floe, Polars and DuckDB over one generated data set, and comparing answers.

The data set is what ``floe tpch generate`` writes: DIR/<table>.csv (or .parquet), or
DIR/<table>/part-<i>.<ext> with several files per table. Used by python/tests/test_tpch.py and
runnable as a script: ``python bench/tpch/engines.py DIR [--engines floe,polars,duckdb] [--queries 1,6]``
prints each query's time per engine and whether the answers agree with DuckDB's.
"""

from __future__ import annotations

import argparse
import decimal
import importlib.util
import math
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = ("region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem")
QUERY_NUMBERS = tuple(range(1, 23))


def load_query(number: int):
    """The module of query ``number`` (bench/tpch/queries/qNN.py), with its ``query(tables, pl)``."""
    path = HERE / "queries" / f"q{number:02d}.py"
    spec = importlib.util.spec_from_file_location(f"tpch_q{number:02d}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def query_sql(number: int) -> str:
    return (HERE / "sql" / f"q{number:02d}.sql").read_text()


def table_sources(data_dir: Path, table: str, file_format: str) -> list[str]:
    """The files of one table: DIR/<table>.<ext>, or DIR/<table>/part-*.<ext> in part order."""
    single = Path(data_dir) / f"{table}.{file_format}"
    if single.exists():
        return [str(single)]
    parts = sorted((Path(data_dir) / table).glob(f"part-*.{file_format}"), key=lambda p: int(p.stem.split("-")[1]))
    if not parts:
        raise FileNotFoundError(f"no {file_format} files for table {table!r} in {data_dir}")
    return [str(p) for p in parts]


def scan_tables(pl, data_dir: Path, file_format: str = "csv") -> dict:
    """Lazy scans of the eight tables with library ``pl`` (floe or polars)."""
    tables = {}
    for table in TABLES:
        sources = table_sources(data_dir, table, file_format)
        if file_format == "parquet":
            tables[table] = pl.scan_parquet(sources)
            continue
        frames = [pl.scan_csv(s, try_parse_dates=True) for s in sources]
        tables[table] = frames[0] if len(frames) == 1 else pl.concat(frames)
    return tables


def duckdb_connection(data_dir: Path, file_format: str = "csv"):
    """An in-memory DuckDB with one view per table over the same files."""
    import duckdb

    con = duckdb.connect()
    for table in TABLES:
        files = table_sources(data_dir, table, file_format)
        reader = "read_csv" if file_format == "csv" else "read_parquet"
        args = ", header = true" if file_format == "csv" else ""
        con.execute(f"create view {table} as select * from {reader}({files!r}{args})")
    return con


def duckdb_answer(con, number: int) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(query_sql(number))
    return [d[0] for d in cursor.description], cursor.fetchall()


def frame_answer(frame) -> tuple[list[str], list[tuple]]:
    return list(frame.columns), [tuple(r) for r in frame.rows()]


def _normal(value):
    """Numbers as floats (DuckDB's sums of integers are wide integers, Polars' counts u32)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _close(a, b, rel_tol: float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-9)
    return a == b


def _sort_key(row):
    return tuple((v is None, str(type(v)), v if v is not None else 0) for v in row)


def compare_answers(got: list[tuple], want: list[tuple], *, ordered: bool, rel_tol: float = 1e-6) -> str | None:
    """None when the rows agree (floats within ``rel_tol``), else a description of the first difference.

    Unordered answers are compared as multisets (both sides sorted).
    """
    got = [tuple(_normal(v) for v in r) for r in got]
    want = [tuple(_normal(v) for v in r) for r in want]
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}"
    if not ordered:
        got, want = sorted(got, key=_sort_key), sorted(want, key=_sort_key)
    for i, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w):
            return f"row {i}: {len(g)} columns, expected {len(w)}"
        if not all(_close(a, b, rel_tol) for a, b in zip(g, w)):
            return f"row {i}: {g}, expected {w}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--format", default="csv", choices=["csv", "parquet"])
    parser.add_argument("--engines", default="floe,polars,duckdb")
    parser.add_argument("--queries", default=",".join(str(q) for q in QUERY_NUMBERS))
    args = parser.parse_args()
    engines = args.engines.split(",")
    numbers = [int(q) for q in args.queries.split(",")]
    con = duckdb_connection(args.data_dir, args.format) if "duckdb" in engines else None
    libraries = {}
    for name in engines:
        if name in ("floe", "polars"):
            libraries[name] = importlib.import_module(name)
    tables = {name: scan_tables(pl, args.data_dir, args.format) for name, pl in libraries.items()}
    for number in numbers:
        line = [f"q{number:02d}"]
        want = None
        if con is not None:
            start = time.perf_counter()
            _, want = duckdb_answer(con, number)
            line.append(f"duckdb {time.perf_counter() - start:7.3f}s ({len(want)} rows)")
        for name, pl in libraries.items():
            start = time.perf_counter()
            try:
                _, rows = frame_answer(load_query(number).query(tables[name], pl).collect())
            except Exception as e:  # noqa: BLE001 - a report, not a test
                line.append(f"{name} failed: {type(e).__name__}: {str(e).splitlines()[0][:80]}")
                continue
            verdict = "" if want is None else (" ok" if compare_answers(rows, want, ordered=True) is None else " DIFFERS")
            line.append(f"{name} {time.perf_counter() - start:7.3f}s{verdict}")
        print("  ".join(line), flush=True)


if __name__ == "__main__":
    main()
