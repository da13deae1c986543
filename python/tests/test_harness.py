"""The conformance harness itself: it must notice every kind of difference, or the other tests prove nothing."""

from __future__ import annotations

import polars as pl
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same, assert_same_error, assert_same_repr


def test_equal_frames_pass():
    data = {"a": [1, None], "f": [float("nan"), 0.1 + 0.2], "s": ["x", None]}
    assert_frame_equal_polars(fl.DataFrame(data), pl.DataFrame({**data, "f": [float("nan"), 0.3]}))


@pytest.mark.parametrize(
    ("floe_data", "polars_data"),
    [
        ({"a": [1, 2]}, {"b": [1, 2]}),  # names
        ({"a": [1, 2]}, {"a": [1.0, 2.0]}),  # dtype
        ({"a": [1, 2]}, {"a": [1, 3]}),  # value
        ({"a": [1, None]}, {"a": [1, 0]}),  # null against a value
        ({"a": [1.0, float("nan")]}, {"a": [1.0, None]}),  # NaN is not null
        ({"a": [1.0]}, {"a": [1.001]}),  # beyond the tolerance
        ({"a": [1, 2]}, {"a": [1, 2, 3]}),  # shape
        ({"a": [1], "b": [2]}, {"b": [2], "a": [1]}),  # column order
    ],
)
def test_differences_are_caught(floe_data, polars_data):
    with pytest.raises(AssertionError):
        assert_frame_equal_polars(fl.DataFrame(floe_data), pl.DataFrame(polars_data))


def test_dtypes_can_be_ignored_but_values_still_count():
    assert_frame_equal_polars(fl.DataFrame({"a": [1]}), pl.DataFrame({"a": [1]}, schema={"a": pl.Int8}),
                              check_dtypes=False)
    with pytest.raises(AssertionError):
        assert_frame_equal_polars(fl.DataFrame({"a": [1]}), pl.DataFrame({"a": [2]}), check_dtypes=False)


def test_row_order_can_be_ignored():
    assert_frame_equal_polars(fl.DataFrame({"a": [2, None, 1]}), pl.DataFrame({"a": [None, 1, 2]}),
                              check_row_order=False)


def test_series_compare_by_name_too():
    assert_frame_equal_polars(fl.Series("x", [1]), pl.Series("x", [1]))
    with pytest.raises(AssertionError):
        assert_frame_equal_polars(fl.Series("x", [1]), pl.Series("y", [1]))


def test_same_runs_both_libraries():
    calls = []

    def query(m):
        calls.append(m.__name__)
        return m.DataFrame({"a": [1]}).select(m.col("a") + 1)

    assert_same(query)
    assert calls == ["polars", "floe"]


def test_same_catches_a_different_answer():
    with pytest.raises(AssertionError):
        assert_same(lambda m: m.DataFrame({"a": [1]}).select(m.col("a") + (1 if m is fl else 2)))


def test_same_compares_scalars_and_rows():
    assert_same(lambda m: m.DataFrame({"a": [1, 2]}).rows())
    with pytest.raises(AssertionError):
        assert_same(lambda m: 1 if m is fl else 2)
    with pytest.raises(AssertionError):
        assert_same(lambda m: 1 if m is fl else 1.0)  # int is not float


def test_same_error_needs_the_same_class():
    assert_same_error(lambda m: m.DataFrame({"a": [1]}).select("zz"), "ColumnNotFoundError")

    def mismatched(m):
        if m is fl:
            raise ValueError("not the class Polars raises")
        return m.DataFrame({"a": [1]}).select("zz")

    with pytest.raises(AssertionError):
        assert_same(mismatched)


def test_same_error_fails_when_floe_succeeds():
    def query(m):
        if m is fl:
            return m.DataFrame({"a": [1]})
        return m.DataFrame({"a": [1]}).select("zz")

    with pytest.raises(BaseException):  # pytest's "DID NOT RAISE" is an outcome, not an AssertionError
        assert_same(query)


def test_same_repr_compares_text():
    assert_same_repr(fl.Int64, pl.Int64)
    with pytest.raises(AssertionError):
        assert_same_repr(fl.Int64, pl.Int32)
