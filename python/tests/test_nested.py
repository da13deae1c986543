"""List and Struct columns: dtypes, construction, printing, row movement (select, filter, slice,
sort, join, concat), Python conversion and Arrow interchange, each compared with Polars."""

import datetime as dt

import polars as pl
import pyarrow as pa
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same, assert_same_error, assert_same_repr

DATA = {
    "id": [3, 1, 2, 4],
    "a": [[1, 2], None, [], [5, 6, 7, 8]],
    "s": [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}, {"x": 4, "y": "a string longer than twelve bytes"}],
    "ls": [["p", None], [], None, ["a string longer than twelve bytes", "q", "r", "s"]],
    "nested": [[[1], [2, 3]], [[]], None, [None, [4]]],
}


def frame(m):
    return m.DataFrame(DATA)


# ---------------------------------------------------------------------------------------------
# dtypes


def test_dtype_reprs_match_polars():
    for make in (
        lambda m: m.List(m.Int64),
        lambda m: m.List(m.List(m.String)),
        lambda m: m.Struct({"a": m.Int64, "b": m.String}),
        lambda m: m.Struct([m.Field("a", m.List(m.Datetime("ms"))), m.Field("b", m.Decimal(10, 2))]),
        lambda m: m.List(m.Struct({"x": m.Float64})),
        lambda m: m.Field("f", m.List(m.Int8)),
        lambda m: m.Struct({}),
        lambda m: m.Struct({"it's": m.Int8, 'a"\'': m.Int8, "x, y: z": m.List(m.Int8)}),
    ):
        assert repr(make(fl)) == repr(make(pl))


def test_dtype_equality_as_polars():
    cases = [
        (lambda m: m.List(m.Int64), lambda m: m.List(m.Int64)),
        (lambda m: m.List(m.Int64), lambda m: m.List(m.Int32)),
        (lambda m: m.List(m.Int64), lambda m: m.List),
        (lambda m: m.List(m.Int64), lambda m: m.Int64),
        (lambda m: m.Struct({"a": m.Int64}), lambda m: m.Struct({"a": m.Int64})),
        (lambda m: m.Struct({"a": m.Int64}), lambda m: m.Struct({"b": m.Int64})),
        (lambda m: m.Struct({"a": m.Int64}), lambda m: m.Struct),
        (lambda m: m.Struct({"a": m.Int64}), lambda m: m.Struct([m.Field("a", m.Int64)])),
    ]
    for left, right in cases:
        assert (left(fl) == right(fl)) == (left(pl) == right(pl)), (repr(left(pl)), repr(right(pl)))
    assert fl.List(fl.Int64).inner == fl.Int64
    assert fl.Struct({"a": fl.Int8}).fields == [fl.Field("a", fl.Int8)]
    assert fl.List(fl.Int8).is_nested() and not fl.Int8.is_nested()


# ---------------------------------------------------------------------------------------------
# construction and conversion back to Python


def test_frame_with_lists_and_structs_matches_polars():
    assert_same(frame)
    assert_same_repr(frame(fl), frame(pl))
    assert frame(fl).schema == fl.Schema(dict(zip(frame(pl).columns, [fl.Int64, fl.List(fl.Int64),
                                                                      fl.Struct({"x": fl.Int64, "y": fl.String}),
                                                                      fl.List(fl.String), fl.List(fl.List(fl.Int64))])))
    assert repr(frame(fl).schema) == repr(frame(pl).schema)


@pytest.mark.parametrize("values", [
    [[1, 2], None, []],
    [[1, 2], [1.5]],
    [[], [1]],
    [None, [None]],
    [[], []],
    [(1, 2), (3,)],
    [[1.5], [1]],
    [["a"], [1]],
    [[[1]], [[2, None]], None],
    [{"a": 1}, {"b": "x"}],
    [{"a": 1}, None, {"a": None}],
    [{"a": [1, 2], "b": {"c": dt.date(2024, 1, 2)}}, {"a": None, "b": None}],
    [[{"a": 1}], [], None],
    [{}],
])
def test_series_inference_matches_polars(values):
    assert_same(lambda m: m.Series("x", values))
    assert fl.Series("x", values).to_list() == pl.Series("x", values).to_list()


@pytest.mark.parametrize("values", [[[1], "a"], [[1], ["a"]], [{"a": 1}, {"a": "x"}], [{"a": 1}, {"a": 2.5}]])
def test_mixed_values_raise_as_polars(values):
    assert_same_error(lambda m: m.Series("x", values), "TypeError")


def test_non_strict_mixed_lists_become_strings():
    assert_same(lambda m: m.Series("x", [[1], ["a"]], strict=False))


def test_odd_field_names_round_trip():
    values = [{"it's": 1, 'a"\'': "x", "x, y: z": [1]}]
    assert_same(lambda m: m.Series("s", values))
    assert_same(lambda m: m.Series("s", values).struct.field("x, y: z"))


def test_explicit_nested_dtypes():
    assert_same(lambda m: m.Series("x", [[1, 2], None], dtype=m.List(m.Int8)))
    assert_same(lambda m: m.Series("x", [{"a": 1}, None], dtype=m.Struct({"a": m.Float64, "b": m.String})))
    assert_same(lambda m: m.DataFrame({"x": [[1.5]]}, schema={"x": m.List(m.Float32)}))


def test_rows_and_dicts_are_python_lists_and_dicts():
    assert frame(fl).rows() == frame(pl).rows()
    assert frame(fl).to_dicts() == frame(pl).to_dicts()
    assert frame(fl).row(3, named=True) == frame(pl).row(3, named=True)
    assert frame(fl)["s"].to_list() == frame(pl)["s"].to_list()


# ---------------------------------------------------------------------------------------------
# printing


def test_tables_print_as_polars():
    for make in (
        lambda m: m.DataFrame({"a": [[1, 2], None, []], "s": [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}]}),
        lambda m: m.DataFrame({"l": [[0, 1, 2], [3, 4, 5, 6], list(range(7, 20)), [20]],
                               "s": [["a" * 40], ["b"], ["aaaaaaaaaa", "b", "c", "d"], []]}),
        lambda m: m.DataFrame({"f": [[1.0, 2.5, None], [float("nan")], [1e20]], "n": [[[1, 2], [3]], [[]], None],
                               "d": [[dt.date(2024, 1, 1)], [], None], "ls": [[{"a": 1, "b": "x"}], [None], []],
                               "b": [[True, False], [None], []],
                               "st": [{"a": [1, 2, 3, 4, 5], "b": {"c": 1.5}}, {"a": None, "b": None}, None]}),
        lambda m: m.DataFrame({"s": [{"a": i, "b": i, "g": "hello world this is a long string"} for i in range(2)]}),
        lambda m: m.DataFrame({"l": [["é", "😀", 'with "quote']], "t": [[dt.datetime(2024, 1, 1, 3, 4, 5), None]]}),
        lambda m: m.Series("x", [[1, 2], None, []]),
        lambda m: m.Series("x", [list(range(20)), ["a" * 40]], strict=False),
        lambda m: m.Series("s", [{"a": 1.5, "b": [1.0]}, None]),
        frame,
    ):
        assert_same_repr(make(fl), make(pl))


@pytest.mark.parametrize("n", [0, 1, 2, 5, -1])
def test_list_length_setting(n):
    data = {"l": [list(range(8)), [1]]}
    with fl.Config(fmt_table_cell_list_len=n), pl.Config(fmt_table_cell_list_len=n):
        assert str(fl.DataFrame(data)) == str(pl.DataFrame(data))


def test_many_rows_elided():
    data = {"l": [[i, i + 1] for i in range(30)], "s": [{"i": i} for i in range(30)]}
    assert_same_repr(fl.DataFrame(data), pl.DataFrame(data))


# ---------------------------------------------------------------------------------------------
# rows move with their nested values


@pytest.mark.parametrize("query", [
    lambda m: frame(m).select("a", "s"),
    lambda m: frame(m).filter(m.col("id") > 1),
    lambda m: frame(m).filter(m.col("id") == 100),
    lambda m: frame(m).head(2),
    lambda m: frame(m).tail(3),
    lambda m: frame(m).slice(1, 2),
    lambda m: frame(m).sort("id"),
    lambda m: frame(m).sort("id", descending=True).head(2),
    lambda m: frame(m).with_columns(m.col("id") * 2),
    lambda m: frame(m).select(m.col("a").alias("b"), m.col("s")),
    lambda m: m.concat([frame(m), frame(m).slice(1, 2), frame(m)]),
    lambda m: frame(m).lazy().filter(m.col("id") != 2).sort("id").collect(),
])
def test_row_movement_carries_nested_columns(query):
    assert_same(query)


@pytest.mark.parametrize("how", ["inner", "left", "full", "semi", "anti"])
def test_join_payloads_carry_nested_columns(how):
    def query(m):
        right = m.DataFrame({"id": [1, 2, 2, 9], "r": [[1], None, [2, 3], []], "rs": [{"k": "a"}, {"k": None}, None, {"k": "z"}]})
        return frame(m).join(right, on="id", how=how)

    got, want = query(fl), query(pl)
    assert [repr(d) for d in got.dtypes] == [repr(d) for d in want.dtypes]
    assert sorted(map(repr, got.rows())) == sorted(map(repr, want.rows()))


def test_many_chunks_concatenate():
    parts = [{"a": [[i] * (i % 3)], "s": [{"v": i}]} for i in range(50)]

    def query(m):
        return m.concat([m.DataFrame(p) for p in parts]).filter(m.col("s").is_not_null())

    assert_same(query)


# ---------------------------------------------------------------------------------------------
# operations on nested values are refused clearly


def test_sort_by_nested_column_is_refused():
    with pytest.raises(fl.InvalidOperationError, match=r"sort by column 'a' of type list\[i64\] is not supported"):
        frame(fl).sort("a")
    with pytest.raises(fl.InvalidOperationError, match=r"struct\[2\]"):
        frame(fl).sort("s")


def test_group_by_nested_column_is_refused():
    with pytest.raises(fl.InvalidOperationError, match=r"group_by by column 's' of type struct\[2\] is not supported"):
        frame(fl).group_by("s").agg(fl.col("id").sum())


def test_join_on_nested_column_is_refused():
    with pytest.raises(fl.InvalidOperationError, match=r"join by column 'a' of type list\[i64\]"):
        frame(fl).join(frame(fl), on="a")


def test_arithmetic_and_comparison_on_nested_column_are_refused():
    with pytest.raises(fl.InvalidOperationError, match=r"arithmetic on dtypes list\[i64\] and dyn int"):
        frame(fl).select(fl.col("a") + 1)
    with pytest.raises(fl.InvalidOperationError, match=r"struct\[2\]"):
        frame(fl).select(fl.col("s") * fl.col("id"))
    with pytest.raises(fl.InvalidOperationError, match=r"comparison .*list\[i64\]"):
        frame(fl).filter(fl.col("a") == fl.col("a"))


# ---------------------------------------------------------------------------------------------
# Arrow and pandas


def test_arrow_export_matches_polars():
    ours, theirs = frame(fl).to_arrow(), frame(pl).to_arrow()
    assert ours.schema == theirs.schema
    assert ours.to_pylist() == theirs.to_pylist()
    assert pa.table(frame(fl)).to_pylist() == theirs.to_pylist()


def test_arrow_import_of_lists_and_structs():
    table = pa.table({
        "l32": pa.array([[1, 2], None, [], [3]], type=pa.list_(pa.int32())),
        "l64": pa.array([["a"], None, ["b", None], []], type=pa.large_list(pa.string())),
        "s": pa.array([{"x": 1, "y": [1.5]}, None, {"x": None, "y": None}, {"x": 2, "y": []}],
                      type=pa.struct([("x", pa.int16()), ("y", pa.list_(pa.float64()))])),
    })
    for t in (table, table.slice(1, 3), table.slice(2, 0)):
        assert_frame_equal_polars(fl.from_arrow(t), pl.from_arrow(t))
        assert_same_repr(fl.from_arrow(t), pl.from_arrow(t))


def test_arrow_round_trip_of_sliced_frames():
    df = fl.concat([frame(fl), frame(fl)]).slice(2, 5)
    back = fl.from_arrow(pa.table(df))
    assert back.schema == df.schema
    assert_frame_equal_polars(back, fl.concat([frame(fl), frame(fl)]).slice(2, 5))
    assert_frame_equal_polars(fl.from_arrow(pl.DataFrame(df)), pl.concat([frame(pl), frame(pl)]).slice(2, 5))


def test_empty_arrow_stream_keeps_nested_schema():
    empty = pa.table({"l": pa.array([], type=pa.list_(pa.int64())),
                      "s": pa.array([], type=pa.struct([("a", pa.string())]))})
    assert repr(fl.from_arrow(empty).schema) == repr(pl.from_arrow(empty).schema)


def test_to_pandas_matches_polars():
    ours, theirs = frame(fl).to_pandas(), frame(pl).to_pandas()
    assert list(ours.columns) == list(theirs.columns)
    for c in ours.columns:
        assert [_plain(v) for v in ours[c]] == [_plain(v) for v in theirs[c]], c


def _plain(v):
    if hasattr(v, "tolist"):
        return _plain(v.tolist())
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, float) and v != v:
        return None
    return v


# ---------------------------------------------------------------------------------------------
# list and struct functions


@pytest.mark.parametrize("query", [
    lambda m: frame(m).select(m.col("a").list.len()),
    lambda m: frame(m).select(m.col("a").list.get(0, null_on_oob=True), m.col("ls").list.get(-1, null_on_oob=True)),
    lambda m: frame(m).select(m.col("nested").list.get(1, null_on_oob=True)),
    lambda m: frame(m).select(m.col("a").list.first().alias("f"), m.col("a").list.last().alias("l")),
    lambda m: frame(m).filter(m.col("a").list.len() > 1),
    lambda m: frame(m).select(m.col("s").struct.field("y"), m.col("s").struct.field("x") * 2),
    lambda m: frame(m).unnest("s"),
    lambda m: frame(m).lazy().unnest("s").filter(m.col("x") > 1).collect(),
    lambda m: m.DataFrame({"s": [{"a": {"b": [1]}}, None]}).unnest("s").unnest("a"),
    lambda m: m.Series("x", [[1, 2], None]).list.len(),
])
def test_nested_functions_match_polars(query):
    assert_same(query)


def test_nested_function_errors_match_polars():
    assert_same_error(lambda m: frame(m).select(m.col("a").list.get(0)), "ComputeError")
    assert_same_error(lambda m: frame(m).select(m.col("s").struct.field("q")), "StructFieldNotFoundError")
    assert_same_error(lambda m: frame(m).select(m.col("id").list.len()), "InvalidOperationError")
    with pytest.raises(fl.InvalidOperationError, match="expected List data type for list operation, got: Int64"):
        frame(fl).select(fl.col("id").list.len())


@pytest.mark.parametrize("kw", [{}, {"empty_as_null": True}, {"keep_nulls": False}, {"empty_as_null": True, "keep_nulls": False}])
def test_explode_matches_polars(kw):
    assert_same(lambda m: frame(m).explode("a", **kw))
    assert_same(lambda m: frame(m).explode("nested", **kw))
    assert_same(lambda m: m.DataFrame({"a": [[1, 2], None, [3]], "b": [["x", "y"], None, ["z"]]}).explode("a", "b", **kw))


def test_explode_errors_match_polars():
    assert_same_error(lambda m: m.DataFrame({"a": [[1, 2]], "b": [["x"]]}).explode("a", "b"), "ShapeError")


def test_csv_refuses_nested_columns_as_polars():
    assert_same_error(lambda m: m.DataFrame({"a": [[1]]}).write_csv(), "ComputeError")


def test_large_frames_across_morsels_match_polars():
    # Enough rows to be split into many morsels and sorted and joined in parallel.
    n = 200_000
    data = {
        "k": [(i * 7919) % 1000 for i in range(n)],
        "l": [None if i % 11 == 0 else list(range(i % 5)) for i in range(n)],
        "s": [None if i % 13 == 0 else {"i": i, "t": "x" * (i % 20)} for i in range(n)],
    }

    def query(m):
        df = m.DataFrame(data)
        right = m.DataFrame({"k": list(range(0, 1000, 3)), "r": [[k, k] for k in range(0, 1000, 3)]})
        return (df.filter(m.col("k") % 2 == 0).join(right, on="k", how="left")
                .sort("k", m.col("s").struct.field("i"), nulls_last=True).slice(1000, 5000))

    got, want = query(fl), query(pl)
    assert [repr(d) for d in got.dtypes] == [repr(d) for d in want.dtypes]
    assert got.rows() == want.rows()
