"""The benchmark cases: the same query written for Floe, Polars and DuckDB.

Each case maps an engine name to a ``setup(params)`` function. Setup runs untimed (it imports the
engine and builds the input) and returns a ``Prepared``: ``run()`` is the timed part, ``reset()``
(untimed, before each run) releases the previous result, and ``answer(result)`` (untimed) turns
the last result into plain values that the harness compares across engines.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable

ENGINES = ("floe", "polars", "duckdb")


@dataclass
class Params:
    rows: int
    csv_path: str | None
    seed: int = 42


@dataclass
class Prepared:
    version: str
    run: Callable[[], Any]
    answer: Callable[[Any], dict]
    reset: Callable[[], None] = field(default=lambda: None)
    # How the engine is used, printed under the table (what exactly is timed).
    note: str = ""


def _plain(value: Any) -> Any:
    """A JSON-friendly scalar (numpy scalars to Python, dates to ISO strings)."""
    if hasattr(value, "item") and not isinstance(value, (int, float, str)):
        value = value.item()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


# -- case 1: filter + project + sum over in-memory columns -------------------------------------

def _filter_sum_data(p: Params):
    """Columns a (int64), b (float64), c (int64): the same values in every process."""
    import numpy as np

    rng = np.random.default_rng(p.seed)
    a = rng.integers(0, 1_000_000, p.rows, dtype=np.int64)
    b = rng.random(p.rows)
    c = rng.integers(0, 1000, p.rows, dtype=np.int64)
    return a, b, c


def _filter_sum_floe(p: Params) -> Prepared:
    import floe as fl

    a, b, c = _filter_sum_data(p)
    df = fl.DataFrame({"a": a, "b": b, "c": c})  # zero copy from numpy

    def run():
        return (df.lazy()
                .filter(((fl.col("a") % 7) == 3) & (fl.col("b") > 0.5))
                .select((fl.col("b") * 2 + fl.col("c")).sum())
                .collect())

    return Prepared(fl.__version__, run, lambda out: {"sum": _plain(out.item())},
                    note="fl.DataFrame over the numpy arrays (zero copy); lazy filter/select/collect")


def _filter_sum_polars(p: Params) -> Prepared:
    import polars as pl

    a, b, c = _filter_sum_data(p)
    df = pl.DataFrame({"a": a, "b": b, "c": c})

    def run():
        return (df.lazy()
                .filter(((pl.col("a") % 7) == 3) & (pl.col("b") > 0.5))
                .select((pl.col("b") * 2 + pl.col("c")).sum())
                .collect())

    return Prepared(pl.__version__, run, lambda out: {"sum": _plain(out.item())},
                    note="pl.DataFrame over the numpy arrays; lazy filter/select/collect")


def _filter_sum_duckdb(p: Params) -> Prepared:
    import duckdb
    import pyarrow as pa

    a, b, c = _filter_sum_data(p)
    con = duckdb.connect()
    con.register("t", pa.table({"a": a, "b": b, "c": c}))  # zero copy: Arrow buffers over numpy
    sql = "SELECT sum(b * 2 + c) FROM t WHERE a % 7 = 3 AND b > 0.5"

    def run():
        return con.execute(sql).fetchall()

    return Prepared(duckdb.__version__, run, lambda out: {"sum": _plain(out[0][0])},
                    note="SQL over a registered pyarrow table (zero copy; faster than a pandas frame "
                         "or a native table in a 10 M row trial)")


# -- case 2: read a CSV file into memory --------------------------------------------------------

_CSV_CHECK_SQL = """
SELECT count(*), sum(id), sum(qty), sum(price), count(*) - count(discount), sum(discount),
       sum(strlen(name)), count(DISTINCT city), sum(year(day)), min(day), max(day)
FROM t
"""
_CSV_CHECK_KEYS = ("rows", "id_sum", "qty_sum", "price_sum", "discount_nulls", "discount_sum",
                   "name_bytes", "city_distinct", "year_sum", "day_min", "day_max")


def _csv_check_exprs(x):
    """The checksum expressions of _CSV_CHECK_SQL, for Floe (x = floe) or Polars (x = polars)."""
    return [
        x.len().alias("rows"),
        x.col("id").sum().alias("id_sum"),
        x.col("qty").sum().alias("qty_sum"),
        x.col("price").sum().alias("price_sum"),
        x.col("discount").null_count().alias("discount_nulls"),
        x.col("discount").sum().alias("discount_sum"),
        x.col("name").str.len_bytes().sum().alias("name_bytes"),
        x.col("city").n_unique().alias("city_distinct"),
        x.col("day").dt.year().cast(x.Int64).sum().alias("year_sum"),
        x.col("day").min().alias("day_min"),
        x.col("day").max().alias("day_max"),
    ]


def _frame_answer(x):
    def answer(df) -> dict:
        out = {"columns": ",".join(f"{n}:{t}" for n, t in df.schema.items())}
        row = df.select(_csv_check_exprs(x)).row(0)
        out.update({k: _plain(v) for k, v in zip(_CSV_CHECK_KEYS, row)})
        return out
    return answer


def _read_csv_floe(p: Params) -> Prepared:
    import floe as fl

    return Prepared(fl.__version__, lambda: fl.read_csv(p.csv_path, try_parse_dates=True), _frame_answer(fl),
                    note="fl.read_csv(path, try_parse_dates=True) -> DataFrame")


def _read_csv_polars(p: Params) -> Prepared:
    import polars as pl

    return Prepared(pl.__version__, lambda: pl.read_csv(p.csv_path, try_parse_dates=True), _frame_answer(pl),
                    note="pl.read_csv(path, try_parse_dates=True) -> DataFrame")


_DUCKDB_TYPES = {"BIGINT": "Int64", "DOUBLE": "Float64", "VARCHAR": "String", "DATE": "Date"}


def _read_csv_duckdb(p: Params) -> Prepared:
    import duckdb

    con = duckdb.connect()
    path = p.csv_path.replace("'", "''")

    def run():
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        return con

    def reset():
        con.execute("DROP TABLE IF EXISTS t")

    def answer(_) -> dict:
        types = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_name = 't' ORDER BY ordinal_position").fetchall()
        out = {"columns": ",".join(f"{n}:{_DUCKDB_TYPES.get(t, t)}" for n, t in types)}
        out.update({k: _plain(v) for k, v in zip(_CSV_CHECK_KEYS, con.execute(_CSV_CHECK_SQL).fetchall()[0])})
        return out

    return Prepared(duckdb.__version__, run, answer, reset,
                    note="CREATE TABLE t AS SELECT * FROM read_csv(path) (in-memory database, "
                         "auto-detected types; the table is dropped untimed before each run)")


# -- case 3: a lazy scan of the CSV that needs two columns --------------------------------------

def _scan_floe(p: Params) -> Prepared:
    import floe as fl

    def run():
        return (fl.scan_csv(p.csv_path)
                .filter(fl.col("qty") > 500)
                .select(fl.col("price").sum().alias("price_sum"), fl.len().alias("rows"))
                .collect())

    return Prepared(fl.__version__, run, lambda out: {k: _plain(v) for k, v in zip(("price_sum", "rows"), out.row(0))},
                    note="fl.scan_csv(path).filter(qty > 500).select(sum(price), len()).collect()")


def _scan_polars(p: Params) -> Prepared:
    import polars as pl

    def run():
        return (pl.scan_csv(p.csv_path)
                .filter(pl.col("qty") > 500)
                .select(pl.col("price").sum().alias("price_sum"), pl.len().alias("rows"))
                .collect())

    return Prepared(pl.__version__, run, lambda out: {k: _plain(v) for k, v in zip(("price_sum", "rows"), out.row(0))},
                    note="pl.scan_csv(path).filter(qty > 500).select(sum(price), len()).collect()")


def _scan_duckdb(p: Params) -> Prepared:
    import duckdb

    con = duckdb.connect()
    sql = f"SELECT sum(price), count(*) FROM read_csv('{p.csv_path.replace(chr(39), chr(39) * 2)}') WHERE qty > 500"

    def run():
        return con.execute(sql).fetchall()

    return Prepared(duckdb.__version__, run,
                    lambda out: {"price_sum": _plain(out[0][0]), "rows": _plain(out[0][1])},
                    note="SELECT sum(price), count(*) FROM read_csv(path) WHERE qty > 500")


@dataclass
class Case:
    name: str
    description: str
    uses_csv: bool
    setups: dict[str, Callable[[Params], Prepared]]


CASES = {c.name: c for c in [
    Case("filter_sum", "filter(a % 7 == 3 & b > 0.5).select((b * 2 + c).sum()) over in-memory int64/float64 columns",
         False, {"floe": _filter_sum_floe, "polars": _filter_sum_polars, "duckdb": _filter_sum_duckdb}),
    Case("read_csv", "read the whole CSV (int, float, string, date columns) into memory",
         True, {"floe": _read_csv_floe, "polars": _read_csv_polars, "duckdb": _read_csv_duckdb}),
    Case("scan_csv_agg", "lazy scan of the CSV: filter(qty > 500).select(sum(price), len())",
         True, {"floe": _scan_floe, "polars": _scan_polars, "duckdb": _scan_duckdb}),
]}
