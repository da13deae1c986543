"""Decimal(precision, scale): Floe against Polars on the same snippets (values, dtypes, printing),
Parquet round trips with pyarrow, Polars and DuckDB, and exact sums and means."""

from __future__ import annotations

import decimal
from decimal import Decimal as D

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same, assert_same_error, assert_same_repr


def frame(m):
    return m.DataFrame(
        {"a": [D("1.50"), None, D("-12345.6"), D("0.05")], "b": [D("1.125"), D("2"), D("-0.001"), None],
         "g": [1, 1, 2, 2]},
        schema={"a": m.Decimal(15, 2), "b": m.Decimal(10, 3), "g": m.Int64},
    )


def exact(floe_obj, polars_obj):
    """Same dtype and the same decimal.Decimal values, digit for digit (1.50 is not 1.5)."""
    assert_same_repr(floe_obj, polars_obj)
    if isinstance(polars_obj, pl.DataFrame):
        for name in polars_obj.columns:
            assert [str(v) for v in floe_obj[name].to_list()] == [str(v) for v in polars_obj[name].to_list()], name


def test_dtype_class_mirrors_polars():
    assert repr(fl.Decimal(15, 2)) == repr(pl.Decimal(15, 2)) == "Decimal(precision=15, scale=2)"
    assert repr(fl.Decimal()) == repr(pl.Decimal()) == "Decimal(precision=38, scale=0)"
    assert fl.Decimal(15, 2) == fl.Decimal(15, 2)
    assert fl.Decimal(15, 2) != fl.Decimal(15, 3)
    assert fl.Decimal(None, 4).precision == 38
    with pytest.raises(ValueError, match="precision must be between 1 and 38"):
        fl.Decimal(39, 0)
    with pytest.raises(ValueError, match="scale must be between 0 and the precision"):
        fl.Decimal(5, 6)


def test_frame_printing_schema_and_to_list():
    exact(frame(fl), frame(pl))
    assert str(frame(fl).schema) == str(frame(pl).schema)
    assert_same_repr(frame(fl)["a"], frame(pl)["a"])
    assert frame(fl)["a"].to_list() == [D("1.50"), None, D("-12345.60"), D("0.05")]
    assert [str(v) for v in frame(fl)["a"].to_list()] == ["1.50", "None", "-12345.60", "0.05"]


def test_inferred_from_python_decimals():
    for values in ([D("1.5"), D("0.25"), None], [D("1e30")], [D("-0.00")]):
        got, want = fl.Series("x", values), pl.Series("x", values)
        assert_same_repr(got, want)
        assert [str(v) for v in got.to_list()] == [str(v) for v in want.to_list()]
    assert_same(lambda m: m.DataFrame({"a": [D("1.5")]}).schema)
    exact(fl.select(fl.lit(D("1.50"))), pl.select(pl.lit(D("1.50"))))


def test_wide_values_print_truncated_like_polars():
    values = [D("1e30"), D("123456789012345678.123"), D("-99999999999999999999999999999999.999")]
    exact(fl.DataFrame({"a": values}, schema={"a": fl.Decimal(38, 3)}),
          pl.DataFrame({"a": values}, schema={"a": pl.Decimal(38, 3)}))


@pytest.mark.parametrize("target", ["Int64", "Int8", "UInt8", "Float64", "Float32", "String", "Boolean"])
def test_casts_from_decimal(target):
    def q(m):
        return frame(m).select(m.col("a").cast(getattr(m, target), strict=False), m.col("b").cast(getattr(m, target),
                                                                                                  strict=False))
    assert_same(q)


@pytest.mark.parametrize("p,s", [(10, 0), (10, 1), (6, 2), (20, 6), (38, 10)])
def test_decimal_rescale(p, s):
    def q(m):
        return frame(m).select(m.col("a").cast(m.Decimal(p, s), strict=False), m.col("b").cast(m.Decimal(p, s),
                                                                                              strict=False))
    exact(q(fl), q(pl))


def test_casts_to_decimal_round_half_to_even():
    def ints(m):
        return m.DataFrame({"i": [1, -5, 123456, None]}).select(m.col("i").cast(m.Decimal(5, 2), strict=False))
    exact(ints(fl), ints(pl))

    def floats(m):
        return m.DataFrame({"f": [0.125, 0.375, -0.125, 1.23456, 1e20, float("nan"), None]}).select(
            m.col("f").cast(m.Decimal(10, 2), strict=False))
    exact(floats(fl), floats(pl))

    def strings(m):
        return m.DataFrame({"s": ["12.345", "-0.5", "1e3", "abc", " 1.5", "1.", ".5", "+2", "1.2345", "1.2355", "",
                                  None]}).select(m.col("s").cast(m.Decimal(10, 3), strict=False))
    exact(strings(fl), strings(pl))


def test_strict_cast_errors_name_the_values():
    assert_same_error(lambda m: m.DataFrame({"i": [123456, -5]}).select(m.col("i").cast(m.Decimal(5, 2))),
                      "InvalidOperationError")
    with pytest.raises(fl.exceptions.InvalidOperationError, match=r"conversion from `i64` to `decimal\[5,2\]` failed "
                       r"in column 'i' for 1 out of 2 values: \[123456\]"):
        fl.DataFrame({"i": [123456, -5]}).select(fl.col("i").cast(fl.Decimal(5, 2)))
    with pytest.raises(fl.exceptions.InvalidOperationError, match=r"\[99999\.99\]"):
        fl.Series("a", [D("99999.99")], dtype=fl.Decimal(7, 2)).cast(fl.Decimal(5, 2))
    assert_same_error(lambda m: m.DataFrame({"s": ["abc"]}).select(m.col("s").cast(m.Decimal(10, 3))))


@pytest.mark.parametrize("expr", [
    "a + b", "a - b", "a * b", "a / b", "a + 1", "a * 2", "a - g", "a * g", "-a", "a.abs()", "a + 1.5", "a * 2.0",
    "a // b", "a / 2",
])
def test_arithmetic(expr):
    def q(m):
        env = {"a": m.col("a"), "b": m.col("b"), "g": m.col("g")}
        return frame(m).select(eval(expr, {}, env).alias("r"))
    assert_same(q)
    if "." not in expr.replace(".abs", ""):
        exact(q(fl), q(pl))


@pytest.mark.parametrize("expr", [
    "a.round(1)", "a.round(0)", "b.round(2)", "b.round(1, mode='half_away_from_zero')", "a.round(5)", "a.floor()",
    "b.ceil()", "a.clip(0, 1)", "b.clip(0.0015, None)", "a.cum_sum()", "a.cum_sum(reverse=True)", "b.diff()",
    "a.cum_max()",
])
def test_rounding_clipping_and_cumulative(expr):
    def q(m):
        env = {"a": m.col("a"), "b": m.col("b")}
        return frame(m).select(eval(expr, {}, env).alias("r"))
    exact(q(fl), q(pl))


def test_division_by_zero_is_an_error():
    assert_same_error(lambda m: frame(m).select(m.col("a") / m.lit(D("0"))), "ComputeError")


@pytest.mark.parametrize("expr", ["a == b", "a < b", "a >= b", "a > 1", "a == 1.5", "a < g", "a != 0.05",
                                  "a == lit_dec"])
def test_comparisons(expr):
    def q(m):
        env = {"a": m.col("a"), "b": m.col("b"), "g": m.col("g"), "lit_dec": m.lit(D("1.5"))}
        return frame(m).select(eval(expr, {}, env).alias("r"))
    assert_same(q)
    assert_same(lambda m: frame(m).filter(m.col("a") > 0))


def test_null_handling():
    assert_same(lambda m: frame(m).select(m.col("a").is_null(), m.col("a").fill_null(0).alias("f")))
    exact(frame(fl).select(fl.col("a").fill_null(0)), frame(pl).select(pl.col("a").fill_null(0)))


def test_aggregates():
    def q(m):
        return frame(m).select(
            m.col("a").sum().alias("sum"), m.col("a").mean().alias("mean"), m.col("a").min().alias("min"),
            m.col("a").max().alias("max"), m.col("a").first().alias("first"), m.col("a").last().alias("last"),
            m.col("b").n_unique().alias("n"),
        )
    exact(q(fl), q(pl))
    assert_same(q)
    assert fl.Series("a", [D("1.5"), D("-2.25")], dtype=fl.Decimal(15, 2)).sum() == D("-0.75")


def test_grouped_aggregates():
    def q(m):
        return frame(m).group_by("g", maintain_order=True).agg(
            m.col("a").sum().alias("sum"), m.col("a").min().alias("min"),
            m.col("a").max().alias("max"), m.col("b").first().alias("first"), m.col("b").n_unique().alias("n"),
        )
    exact(q(fl), q(pl))
    # Polars' grouped mean goes through f64 sums (-6172.775000000001 for group 2); Floe divides
    # the exact decimal sum once (-6172.775): equal within a float's last bits.
    assert_same(lambda m: frame(m).group_by("g", maintain_order=True).agg(m.col("a").mean()))
    assert frame(fl).group_by("g", maintain_order=True).agg(fl.col("a").mean())["a"].to_list() == [1.5, -6172.775]


def test_group_join_sort_on_decimal_keys():
    assert_same(lambda m: frame(m).group_by("a").agg(m.len()).sort("a"))
    assert_same(lambda m: frame(m).sort("a", descending=True, nulls_last=True))
    assert_same(lambda m: frame(m).sort("b", "a"))
    assert_same(lambda m: frame(m).join(frame(m).select("a", m.col("g").alias("g2")), on="a"))


def test_sums_and_means_are_exact():
    # 0.1 a million times: a float sum drifts, the decimal one is exactly 100000.0.
    n = 1_000_000
    df = fl.DataFrame({"x": fl.Series("x", [D("0.1")], dtype=fl.Decimal(10, 1)).to_list() * n,
                       "k": [i % 3 for i in range(n)]},
                      schema={"x": fl.Decimal(10, 1), "k": fl.Int64})
    assert df.select(fl.col("x").sum()).item() == D("100000.0")
    assert str(df.select(fl.col("x").sum()).item()) == "100000.0"
    assert df.select(fl.col("x").mean()).item() == 0.1
    by = df.group_by("k").agg(fl.col("x").sum(), fl.col("x").mean().alias("m")).sort("k")
    assert by["x"].to_list() == [D("33333.4"), D("33333.3"), D("33333.3")]
    assert by["m"].to_list() == [0.1, 0.1, 0.1]
    # Values past 2^64 unscaled.
    big = fl.Series("x", [D("12345678901234567890.12"), D("-0.01")], dtype=fl.Decimal(38, 2))
    assert big.sum() == D("12345678901234567890.11")


def decimal_table() -> pa.Table:
    return pa.table({
        "d7": pa.array([D("1.50"), None, D("-99999.99"), D("0.01")], pa.decimal128(7, 2)),
        "d15": pa.array([D("1234567890123.45"), D("-0.05"), None, D("0")], pa.decimal128(15, 2)),
        "d30": pa.array([D("123456789012345678901234567.123"), None, D("-1.5"), D("0.001")], pa.decimal128(30, 3)),
        "d38": pa.array([D("-99999999999999999999999999999999999999"), D("1"), None, D("42")], pa.decimal128(38, 0)),
    })


@pytest.mark.parametrize("integers", [False, True])
def test_parquet_read_pyarrow(tmp_path, integers):
    path = tmp_path / "d.parquet"
    pq.write_table(decimal_table(), path, store_decimal_as_integer=integers, row_group_size=2)
    exact(fl.read_parquet(str(path)), pl.read_parquet(str(path)))


def test_parquet_read_duckdb_and_polars(tmp_path):
    p1 = tmp_path / "duck.parquet"
    duckdb.sql(f"""COPY (SELECT (i / 7)::DECIMAL(4, 1) AS d4, (i / 3)::DECIMAL(12, 2) AS d12,
                        (i * 1234567.891)::DECIMAL(18, 3) AS d18, (i::HUGEINT * 100000000000000000)::DECIMAL(38, 2) AS d38
                 FROM range(-500, 500) t(i)) TO '{p1}' (FORMAT parquet)""")
    exact(fl.read_parquet(str(p1)), pl.read_parquet(str(p1)))
    p2 = tmp_path / "polars.parquet"
    frame(pl).write_parquet(p2)
    exact(fl.read_parquet(str(p2)), pl.read_parquet(str(p2)))


def test_parquet_write_round_trips(tmp_path):
    path = tmp_path / "w.parquet"
    src = pl.from_arrow(decimal_table())
    fl.from_arrow(decimal_table()).write_parquet(str(path))
    assert_frame_equal_polars(fl.read_parquet(str(path)), src)
    exact(pl.read_parquet(path), src)
    assert pq.read_table(path).equals(decimal_table())
    back = duckdb.sql(f"SELECT d7, d15, d30, d38 FROM '{path}'").to_arrow_table()
    assert back.column("d15").to_pylist() == decimal_table().column("d15").to_pylist()
    assert back.column("d30").to_pylist() == decimal_table().column("d30").to_pylist()
    schema = pq.read_schema(path)
    assert schema.field("d15").type == pa.decimal128(15, 2)
    meta = pq.ParquetFile(path).metadata.row_group(0)
    assert meta.column(1).physical_type == "INT64"
    assert meta.column(2).physical_type == "FIXED_LEN_BYTE_ARRAY"


def test_parquet_statistics_prune_row_groups(tmp_path):
    path = tmp_path / "p.parquet"
    values = [D(i) / 100 for i in range(-5000, 5000)]
    pq.write_table(pa.table({"d": pa.array(values, pa.decimal128(9, 2)),
                             "w": pa.array(values, pa.decimal128(30, 2))}), path, row_group_size=1000)
    for col in ["d", "w"]:
        for op in ["gt", "le", "eq"]:
            def q(m, col=col, op=op):
                c = m.col(col)
                pred = {"gt": c > 45, "le": c <= m.lit(D("-49.5")), "eq": c == 1}[op]
                return m.scan_parquet(str(path)).filter(pred).select(m.len(), c.sum().alias("s"))
            exact(q(fl).collect(), q(pl).collect())


def test_arrow_interop():
    table = decimal_table()
    df = fl.from_arrow(table)
    assert [repr(d) for d in df.dtypes] == [repr(d) for d in pl.from_arrow(table).dtypes]
    back = df.to_arrow()
    assert back.schema.field("d7").type == pa.decimal128(7, 2)
    assert back.equals(table)


def test_decimal_values_survive_decimal_context():
    # The conversion never goes through Python's decimal context (which rounds to 28 digits).
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        s = fl.Series("x", [D("123456789012345678901234567890.12")])
        assert str(s.to_list()[0]) == "123456789012345678901234567890.12"
