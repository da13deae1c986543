"""The same mistakes raise the same exception classes as in Polars (so ``except`` clauses carry over)."""

from __future__ import annotations

import polars as pl
import pytest

import floe as fl
from harness import assert_same_error


def df(m):
    return m.DataFrame({"a": [1, 2, 3], "s": ["x", "y", "z"], "f": [1.0, 2.0, 3.0], "p": [True, False, None]})


MISTAKES = {
    # columns that do not exist
    "select an unknown column": (lambda m: df(m).select("zz"), "ColumnNotFoundError"),
    "index an unknown column": (lambda m: df(m)["zz"], "ColumnNotFoundError"),
    "get an unknown column": (lambda m: df(m).get_column("zz"), "ColumnNotFoundError"),
    "unknown column inside an expression": (lambda m: df(m).lazy().select(m.col("zz") + 1), "ColumnNotFoundError"),
    "unknown column in with_columns": (lambda m: df(m).with_columns(m.col("zz")), "ColumnNotFoundError"),
    "filter on an unknown column": (lambda m: df(m).filter(m.col("zz") > 1), "ColumnNotFoundError"),
    "sort by an unknown column": (lambda m: df(m).sort("zz"), "ColumnNotFoundError"),
    "rename an unknown column": (lambda m: df(m).rename({"zz": "y"}), "ColumnNotFoundError"),
    "drop an unknown column": (lambda m: df(m).drop("zz"), "ColumnNotFoundError"),
    "exclude leaves an unknown column": (lambda m: df(m).select(m.col("a", "zz")), "ColumnNotFoundError"),
    # types that do not fit
    "string plus integer": (lambda m: df(m).select(m.col("s") + m.col("a")), "InvalidOperationError"),
    "string minus string": (lambda m: df(m).select(m.col("s") - m.col("s")), "InvalidOperationError"),
    "string divided by a number": (lambda m: df(m).select(m.col("s") / 2), "InvalidOperationError"),
    "not of an integer is bitwise, not of a string fails": (lambda m: df(m).select(~m.col("s")), "InvalidOperationError"),
    "negate a string": (lambda m: df(m).select(-m.col("s")), "InvalidOperationError"),
    "sum of strings": (lambda m: df(m).select(m.col("s").sum()), "InvalidOperationError"),
    "mean of strings": (lambda m: df(m).select(m.col("s").mean()), "InvalidOperationError"),
    "std of strings": (lambda m: df(m).select(m.col("s").std()), "InvalidOperationError"),
    "round a string": (lambda m: df(m).select(m.col("s").round()), "InvalidOperationError"),
    "abs of a string": (lambda m: df(m).select(m.col("s").abs()), "InvalidOperationError"),
    "is_in values of another type": (lambda m: df(m).select(m.col("a").is_in(["x"])), "InvalidOperationError"),
    "dt function on an integer": (lambda m: df(m).select(m.col("a").dt.year()), "InvalidOperationError"),
    "dt function on a string": (lambda m: df(m).select(m.col("s").dt.year()), "InvalidOperationError"),
    "str function on a string with a bad regex": (lambda m: df(m).select(m.col("s").str.contains("[")), "ComputeError"),
    "truncate by an unknown unit": (lambda m: m.DataFrame({"d": [__import__("datetime").date(2020, 1, 1)]}).select(
        m.col("d").dt.truncate("1x")), None),
    # filters
    "filter by an integer column": (lambda m: df(m).filter(m.col("a")), "InvalidOperationError"),
    "filter by a string column": (lambda m: df(m).filter(m.col("s")), "InvalidOperationError"),
    # casts that fail on the data
    "strict cast of text to int": (lambda m: df(m).select(m.col("s").cast(m.Int64)), "InvalidOperationError"),
    "strict cast overflowing i8": (lambda m: m.DataFrame({"f": [1e10]}).select(m.col("f").cast(m.Int8)), "InvalidOperationError"),
    "strict cast of a negative to unsigned": (lambda m: m.DataFrame({"a": [-1]}).select(m.col("a").cast(m.UInt32)),
                                              "InvalidOperationError"),
    "strict cast of NaN to int": (lambda m: m.DataFrame({"f": [float("nan")]}).select(m.col("f").cast(m.Int32)),
                                  "InvalidOperationError"),
    "cast to an unknown dtype": (lambda m: df(m).select(m.col("a").cast("foo")), "TypeError"),
    # shapes and names
    "columns of different lengths": (lambda m: m.DataFrame({"a": [1, 2], "b": [1]}), "ShapeError"),
    "duplicate output names": (lambda m: df(m).select("a", "a"), "DuplicateError"),
    "duplicate names from aliases": (lambda m: df(m).select(m.col("a").alias("x"), m.col("f").alias("x")), "DuplicateError"),
    "rename onto an existing name": (lambda m: df(m).rename({"a": "s"}), "DuplicateError"),
    "with_row_index onto an existing name": (lambda m: df(m).with_row_index("a"), "DuplicateError"),
    "concat of frames with other names": (lambda m: m.concat([df(m), df(m).rename({"a": "b"})]), "ShapeError"),
    "concat of frames with other widths": (lambda m: m.concat([df(m), m.DataFrame({"a": [1]})]), "ShapeError"),
    "concat of frames with other dtypes": (lambda m: m.concat([m.DataFrame({"a": [1]}), m.DataFrame({"a": ["x"]})]),
                                           "SchemaError"),
    "lazy concat of frames with other dtypes": (lambda m: m.concat([m.LazyFrame({"a": [1]}), m.LazyFrame({"a": ["x"]})]),
                                                "InvalidOperationError"),
    "lazy concat of frames with other names": (lambda m: m.concat([m.LazyFrame({"a": [1]}), m.LazyFrame({"b": [1]})]),
                                               "SchemaError"),
    "concat of nothing": (lambda m: m.concat([]), "ValueError"),
    "series of different lengths": (lambda m: m.Series([1, 2]) + m.Series([1, 2, 3]), "InvalidOperationError"),
    # rows and items
    "item of a frame that is not 1x1": (lambda m: df(m).item(), "ValueError"),
    "row past the end": (lambda m: df(m).row(10), "OutOfBoundsError"),
    "row by a predicate matching nothing": (lambda m: df(m).row(by_predicate=m.col("a") > 10), "NoRowsReturnedError"),
    "row by a predicate matching several": (lambda m: df(m).row(by_predicate=m.col("a") > 1), "TooManyRowsReturnedError"),
    "frame index past the end": (lambda m: df(m)[10], "IndexError"),
    "series index past the end": (lambda m: m.Series([1])[3], "IndexError"),
    "item of a long Series": (lambda m: m.Series([1, 2]).item(), "ValueError"),
    # construction
    "mixed values in a column": (lambda m: m.DataFrame({"a": [1, "x"]}), "TypeError"),
    "value that overflows the schema": (lambda m: m.DataFrame({"a": [300]}, schema={"a": m.Int8}), "TypeError"),
    "unsupported data": (lambda m: m.DataFrame(5), "TypeError"),
    # arguments
    "negative lazy head": (lambda m: df(m).lazy().head(-1), "ValueError"),
    "sort flags of the wrong length": (lambda m: df(m).sort(["a", "f"], descending=[True]), "ValueError"),
    "quantile out of range": (lambda m: df(m).select(m.col("a").quantile(1.5)), "ComputeError"),
    "unknown quantile interpolation": (lambda m: df(m).select(m.col("a").quantile(0.5, "bogus")), "ValueError"),
    "unknown is_between closed": (lambda m: df(m).select(m.col("a").is_between(1, 2, closed="bogus")), "ValueError"),
    "fill_null with neither value nor strategy": (lambda m: df(m).select(m.col("a").fill_null()), "ValueError"),
    "fill_null with both value and strategy": (lambda m: df(m).select(m.col("a").fill_null(0, strategy="zero")), "ValueError"),
    "fill_null with an unknown strategy": (lambda m: df(m).select(m.col("a").fill_null(strategy="bogus")), "ValueError"),
    "invalid time unit": (lambda m: m.Datetime("xs"), "ValueError"),
    # truth values
    "truth value of an expression": (lambda m: bool(m.col("a") > 1), "TypeError"),
    "and of expressions": (lambda m: (m.col("a") > 1) and (m.col("a") < 3), "TypeError"),
    "truth value of a Series": (lambda m: bool(m.Series([1])), "TypeError"),
    # files
    "missing file": (lambda m: m.read_csv("/nonexistent/floe/file.csv"), "FileNotFoundError"),
}


@pytest.mark.parametrize(("query", "error"), MISTAKES.values(), ids=MISTAKES.keys())
def test_same_exception_class(query, error):
    assert_same_error(query, error)


ENGINE_ERROR_CLASSES = {
    "compare a string with a number": lambda m: df(m).select(m.col("s") == 1),
    "compare a string with a number (ordering)": lambda m: df(m).select(m.col("s") < 2),
    "non-boolean when condition": lambda m: df(m).select(m.when(m.col("a")).then(1).otherwise(0)),
    "str function on an integer": lambda m: df(m).select(m.col("a").str.to_uppercase()),
    "duplicate names in with_columns": lambda m: df(m).with_columns(m.col("a").alias("x"), m.col("f").alias("x")),
    "empty csv": lambda m: m.read_csv(b""),
    "& of an integer with a boolean": lambda m: df(m).select(m.col("a") & True),
}

ENGINE_REASONS = {
    "empty csv": "engine: an empty CSV raises ComputeError (Polars: NoDataError)",
    "& of an integer with a boolean": "engine: Int64 & Boolean is accepted (Polars: ComputeError)",
}


@pytest.mark.parametrize("query", [
    pytest.param(q, id=k, marks=[pytest.mark.xfail(strict=True, reason=ENGINE_REASONS[k])] if k in ENGINE_REASONS else [])
    for k, q in ENGINE_ERROR_CLASSES.items()])
def test_engine_error_class(query):
    assert_same_error(query)


def test_exceptions_are_polars_errors():
    for name in ("ColumnNotFoundError", "ComputeError", "DuplicateError", "InvalidOperationError", "SchemaError",
                 "ShapeError", "OutOfBoundsError", "NoDataError"):
        cls = getattr(fl, name)
        assert issubclass(cls, fl.PolarsError)
        assert getattr(fl.exceptions, name) is cls
        assert getattr(pl.exceptions, name).__mro__[1].__name__ == cls.__mro__[1].__name__


def test_error_messages_name_what_was_wrong():
    with pytest.raises(fl.ColumnNotFoundError, match="zz"):
        df(fl).select("zz")
    with pytest.raises(fl.InvalidOperationError, match="str"):
        df(fl).select(fl.col("s") + 1)
    with pytest.raises(TypeError, match="Int64.*String|String"):
        fl.DataFrame({"a": [1, "x"]})


def test_errors_do_not_poison_the_engine():
    for _ in range(3):
        with pytest.raises(fl.PolarsError):
            df(fl).select(fl.col("s").cast(fl.Int64))
    assert df(fl).select(fl.col("a").sum()).item() == 6
