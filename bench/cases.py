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
    # Rows of the relational-operator cases (group_by, join, sort); the join's right side has a tenth.
    op_rows: int = 10_000_000
    # Folder of the TPC-H Parquet files (`floe tpch generate --format parquet`) for the Parquet scan case.
    tpch_dir: str | None = None


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


# -- relational operators: group_by, join, sort ------------------------------------------------
#
# The data is built with numpy (fixed seed) in each subprocess, untimed. Floe and Polars run the
# lazy API and collect a DataFrame; DuckDB runs SQL over pyarrow tables registered zero copy and
# materializes the result as a pyarrow table (`con.sql(q).to_arrow_table()`; in a 10 M row join
# trial this took the same time as `CREATE TABLE AS`).

_STR_KEYS = 100_000  # distinct string keys, "key_0" .. "key_99999" (all <= 12 bytes, stored inline)


def _groupby_data(p: Params, groups: int):
    import numpy as np

    rng = np.random.default_rng(p.seed)
    k = rng.integers(0, groups, p.op_rows, dtype=np.int64)
    v = rng.random(p.op_rows)
    return k, v


def _str_codes(p: Params):
    """Codes in [0, 100 000) naming the string key "key_<code>" of each row, and a float column."""
    import numpy as np

    rng = np.random.default_rng(p.seed)
    codes = rng.integers(0, _STR_KEYS, p.op_rows, dtype=np.int64)
    v = rng.random(p.op_rows)
    return codes, v


def _arrow_str_keys(codes):
    """The string column "key_<code>" as a pyarrow string array (the 100 000 strings built once)."""
    import numpy as np
    import pyarrow as pa

    vocab = pa.array(np.array([f"key_{i}" for i in range(_STR_KEYS)]))
    return vocab.take(pa.array(codes))


def _floe_str_keys(fl, name: str, codes_name: str = "c"):
    """The same strings in Floe from a numpy code column taken in zero copy: "key_" + cast(String).

    (A dict mixing a Floe Series with numpy arrays would go through Python lists: 10 s and 3 GB.)
    """
    return (fl.lit("key_") + fl.col(codes_name).cast(fl.String)).alias(name)


def _groupby_answer(out) -> dict:
    """Floe or Polars: the group count and the total of the per-group sums (row order ignored)."""
    return {"groups": out.height, "sum_total": _plain(out.get_column("v").sum())}


def _groupby_answer_arrow(out) -> dict:
    import pyarrow.compute as pc

    return {"groups": out.num_rows, "sum_total": _plain(pc.sum(out.column("v")).as_py())}


def _groupby_floe(groups: int | None):
    def setup(p: Params) -> Prepared:
        import floe as fl

        if groups is None:
            codes, v = _str_codes(p)
            df = fl.DataFrame({"c": codes, "v": v}).select(_floe_str_keys(fl, "k"), "v")
            note = 'string keys built in Floe ("key_" + cast(String), untimed); lazy group_by/agg/collect'
        else:
            k, v = _groupby_data(p, groups)
            df = fl.DataFrame({"k": k, "v": v})
            note = "fl.DataFrame over the numpy arrays (zero copy); lazy group_by/agg/collect"

        def run():
            return df.lazy().group_by("k").agg(fl.col("v").sum()).collect()

        return Prepared(fl.__version__, run, _groupby_answer, note=note)
    return setup


def _groupby_polars(groups: int | None):
    def setup(p: Params) -> Prepared:
        import polars as pl

        if groups is None:
            codes, v = _str_codes(p)
            df = pl.DataFrame({"k": pl.Series("k", _arrow_str_keys(codes)), "v": v})
        else:
            k, v = _groupby_data(p, groups)
            df = pl.DataFrame({"k": k, "v": v})

        def run():
            return df.lazy().group_by("k").agg(pl.col("v").sum()).collect()

        return Prepared(pl.__version__, run, _groupby_answer, note="lazy group_by/agg/collect")
    return setup


def _groupby_duckdb(groups: int | None):
    def setup(p: Params) -> Prepared:
        import duckdb
        import pyarrow as pa

        if groups is None:
            codes, v = _str_codes(p)
            table = pa.table({"k": _arrow_str_keys(codes), "v": v})
        else:
            k, v = _groupby_data(p, groups)
            table = pa.table({"k": k, "v": v})
        con = duckdb.connect()
        con.register("t", table)
        sql = "SELECT k, sum(v) AS v FROM t GROUP BY k"

        def run():
            return con.sql(sql).to_arrow_table()

        return Prepared(duckdb.__version__, run, _groupby_answer_arrow,
                        note="SELECT k, sum(v) FROM t GROUP BY k -> pyarrow table")
    return setup


def _join_data(p: Params):
    """Left: k uniform in [0, M), x float64; right: k = 0..M-1, payload p int64 in [0, 1000)."""
    import numpy as np

    m = max(p.op_rows // 10, 1)
    rng = np.random.default_rng(p.seed)
    lk = rng.integers(0, m, p.op_rows, dtype=np.int64)
    lx = rng.random(p.op_rows)
    rk = np.arange(m, dtype=np.int64)
    rp = rng.integers(0, 1000, m, dtype=np.int64)
    return lk, lx, rk, rp


def _join_answer(out) -> dict:
    return {"rows": out.height, "payload_sum": _plain(out.get_column("p").sum())}


def _join_floe(p: Params) -> Prepared:
    import floe as fl

    lk, lx, rk, rp = _join_data(p)
    left = fl.DataFrame({"k": lk, "x": lx})
    right = fl.DataFrame({"k": rk, "p": rp})

    def run():
        return left.lazy().join(right.lazy(), on="k", how="inner").collect()

    return Prepared(fl.__version__, run, _join_answer, note="lazy join(on='k', how='inner').collect()")


def _join_polars(p: Params) -> Prepared:
    import polars as pl

    lk, lx, rk, rp = _join_data(p)
    left = pl.DataFrame({"k": lk, "x": lx})
    right = pl.DataFrame({"k": rk, "p": rp})

    def run():
        return left.lazy().join(right.lazy(), on="k", how="inner").collect()

    return Prepared(pl.__version__, run, _join_answer, note="lazy join(on='k', how='inner').collect()")


def _join_duckdb(p: Params) -> Prepared:
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    lk, lx, rk, rp = _join_data(p)
    con = duckdb.connect()
    con.register("l", pa.table({"k": lk, "x": lx}))
    con.register("r", pa.table({"k": rk, "p": rp}))
    sql = "SELECT l.k, l.x, r.p FROM l JOIN r ON l.k = r.k"

    def run():
        return con.sql(sql).to_arrow_table()

    return Prepared(duckdb.__version__, run,
                    lambda out: {"rows": out.num_rows, "payload_sum": _plain(pc.sum(out.column("p")).as_py())},
                    note="SELECT l.k, l.x, r.p FROM l JOIN r ON l.k = r.k -> pyarrow table")


def _sort_data(p: Params):
    """g int64 with 1000 distinct values, string codes in [0, 100 000), and a float payload."""
    import numpy as np

    rng = np.random.default_rng(p.seed)
    g = rng.integers(0, 1000, p.op_rows, dtype=np.int64)
    codes = rng.integers(0, _STR_KEYS, p.op_rows, dtype=np.int64)
    v = rng.random(p.op_rows)
    return g, codes, v


def _sort_answer(rows: list) -> dict:
    """The (g, s) keys of the first and last 3 rows (the payload is left out: equal keys tie)."""
    keys = [[_plain(x) for x in r[:2]] for r in rows]
    return {"first3": keys[:3], "last3": keys[3:]}


def _sort_frame_answer(out) -> dict:
    return _sort_answer(out.head(3).rows() + out.tail(3).rows())


def _sort_floe(p: Params) -> Prepared:
    import floe as fl

    g, codes, v = _sort_data(p)
    df = fl.DataFrame({"g": g, "c": codes, "v": v}).select("g", _floe_str_keys(fl, "s"), "v")
    del codes

    def run():
        return df.lazy().sort("g", "s").collect()

    return Prepared(fl.__version__, run, _sort_frame_answer,
                    note='string column built in Floe ("key_" + cast(String), untimed); lazy sort("g", "s")')


def _sort_polars(p: Params) -> Prepared:
    import polars as pl

    g, codes, v = _sort_data(p)
    df = pl.DataFrame({"g": g, "s": pl.Series("s", _arrow_str_keys(codes)), "v": v})
    del codes

    def run():
        return df.lazy().sort("g", "s").collect()

    return Prepared(pl.__version__, run, _sort_frame_answer, note='lazy sort("g", "s").collect()')


def _sort_duckdb(p: Params) -> Prepared:
    import duckdb
    import pyarrow as pa

    g, codes, v = _sort_data(p)
    con = duckdb.connect()
    con.register("t", pa.table({"g": g, "s": _arrow_str_keys(codes), "v": v}))
    del codes
    sql = "SELECT g, s, v FROM t ORDER BY g, s"

    def answer(out) -> dict:
        n = out.num_rows
        ends = out.slice(0, 3).to_pylist() + out.slice(max(n - 3, 0), 3).to_pylist()
        return _sort_answer([(r["g"], r["s"]) for r in ends])

    def run():
        return con.sql(sql).to_arrow_table()

    return Prepared(duckdb.__version__, run, answer, note="SELECT g, s, v FROM t ORDER BY g, s -> pyarrow table")


# -- Parquet: a projected scan of TPC-H lineitem with a selective date filter ------------------
#
# Four of lineitem's 16 columns, rows shipped in January 1995 (about 1.3% of them). The file is
# read from the page cache in every timed run (the warm-up loads it).

_SCAN_COLUMNS = ["l_orderkey", "l_quantity", "l_extendedprice", "l_shipdate"]
_SCAN_FROM, _SCAN_TO = datetime.date(1995, 1, 1), datetime.date(1995, 1, 31)


def _lineitem(p: Params) -> str:
    import os

    path = os.path.join(p.tpch_dir or "", "lineitem.parquet")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} not found: generate it with "
                                "`build/release/floe tpch generate --scale-factor 1 --output bench/data/tpch-sf1 --format parquet`")
    return path


def _scan_parquet_answer(rows, orderkeys, quantity, price) -> dict:
    return {"rows": _plain(rows), "orderkey_sum": _plain(orderkeys), "quantity_sum": _plain(quantity),
            "price_sum": _plain(price)}


def _frame_scan_answer(out) -> dict:
    return _scan_parquet_answer(out.height, out.get_column("l_orderkey").sum(), out.get_column("l_quantity").sum(),
                                out.get_column("l_extendedprice").sum())


def _scan_parquet_frame(x, version: str):
    def setup(p: Params) -> Prepared:
        path = _lineitem(p)

        def run():
            return (x.scan_parquet(path)
                    .filter(x.col("l_shipdate").is_between(_SCAN_FROM, _SCAN_TO))
                    .select(_SCAN_COLUMNS)
                    .collect())

        return Prepared(version, run, _frame_scan_answer,
                        note="scan_parquet(lineitem).filter(l_shipdate.is_between(1995-01-01, 1995-01-31))"
                             ".select(4 columns).collect()")
    return setup


def _scan_parquet_floe(p: Params) -> Prepared:
    import floe as fl

    return _scan_parquet_frame(fl, fl.__version__)(p)


def _scan_parquet_polars(p: Params) -> Prepared:
    import polars as pl

    return _scan_parquet_frame(pl, pl.__version__)(p)


def _scan_parquet_duckdb(p: Params) -> Prepared:
    import duckdb
    import pyarrow.compute as pc

    path = _lineitem(p).replace("'", "''")
    con = duckdb.connect()
    sql = (f"SELECT {', '.join(_SCAN_COLUMNS)} FROM read_parquet('{path}') "
           f"WHERE l_shipdate BETWEEN DATE '{_SCAN_FROM}' AND DATE '{_SCAN_TO}'")

    def run():
        return con.sql(sql).to_arrow_table()

    def answer(out) -> dict:
        return _scan_parquet_answer(out.num_rows, *(pc.sum(out.column(c)).as_py() for c in _SCAN_COLUMNS[:3]))

    return Prepared(duckdb.__version__, run, answer,
                    note="SELECT 4 columns FROM read_parquet(lineitem) WHERE l_shipdate BETWEEN ... -> pyarrow table")


def _op_case(name: str, description: str, floe, polars, duckdb) -> "Case":
    return Case(name, description, False, {"floe": floe, "polars": polars, "duckdb": duckdb})


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
    *(_op_case(f"groupby_int_{label}", f"group_by(k).agg(sum(v)), k int64 uniform in [0, {label}) "
               "(10M: as many groups as rows at the default size)",
               _groupby_floe(g), _groupby_polars(g), _groupby_duckdb(g))
      for label, g in (("100", 100), ("100k", 100_000), ("10m", 10_000_000))),
    _op_case("groupby_str", "group_by(k).agg(sum(v)), k one of 100,000 strings 'key_<n>'",
             _groupby_floe(None), _groupby_polars(None), _groupby_duckdb(None)),
    _op_case("join_10m_1m", "inner join on k: op-rows left rows (k uniform) x op-rows/10 right rows (k unique)",
             _join_floe, _join_polars, _join_duckdb),
    _op_case("sort_int_str", "sort by (g int64 with 1000 values, s string of 100,000 values), float payload",
             _sort_floe, _sort_polars, _sort_duckdb),
    _op_case("scan_parquet_lineitem", "TPC-H SF 1 lineitem.parquet: 4 of 16 columns, l_shipdate in January 1995",
             _scan_parquet_floe, _scan_parquet_polars, _scan_parquet_duckdb),
]}
