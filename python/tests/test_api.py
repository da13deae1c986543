"""Floe's API has Polars' names: every parameter Floe declares exists in Polars with the same kind and
default, so code written for Polars calls Floe the same way."""

from __future__ import annotations

import inspect

import polars as pl
import pytest
from polars.expr.datetime import ExprDateTimeNameSpace as PolarsDt
from polars.expr.list import ExprListNameSpace as PolarsList
from polars.expr.string import ExprStringNameSpace as PolarsStr
from polars.expr.struct import ExprStructNameSpace as PolarsStruct

import floe as fl
from floe.expr import ExprDateTimeNameSpace as FloeDt
from floe.expr import ExprStringNameSpace as FloeStr
from floe.expr_nested import ExprListNameSpace as FloeList
from floe.expr_nested import ExprStructNameSpace as FloeStruct

PAIRS = [(fl.DataFrame, pl.DataFrame), (fl.LazyFrame, pl.LazyFrame), (fl.Series, pl.Series), (fl.Expr, pl.Expr),
         (FloeStr, PolarsStr), (FloeDt, PolarsDt), (FloeList, PolarsList), (FloeStruct, PolarsStruct)]

# Defaults Polars spells with a private sentinel.
SENTINEL_DEFAULTS = {("DataFrame.get_column", "default")}


def _methods():
    for floe_cls, polars_cls in PAIRS:
        for name, member in vars(floe_cls).items():
            if name.startswith("_") or isinstance(member, property):
                continue
            yield pytest.param(floe_cls, polars_cls, name, id=f"{floe_cls.__name__}.{name}")


def _parameters(fn):
    return {p.name: p for p in inspect.signature(fn).parameters.values() if p.name != "self"}


def _check(label: str, floe_fn, polars_fn):
    ours, theirs = _parameters(floe_fn), _parameters(polars_fn)
    for name, param in ours.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            match = [p for p in theirs.values() if p.kind == param.kind]
            assert match, f"{label}: Polars takes no {param.kind.description} arguments"
            continue
        assert name in theirs, f"{label}: Polars has no parameter {name!r} (it has {list(theirs)})"
        want = theirs[name]
        assert param.kind == want.kind, f"{label}({name}): {param.kind.description} vs Polars' {want.kind.description}"
        if (label, name) not in SENTINEL_DEFAULTS:
            same = param.default == want.default or (  # dtypes compare by name across the libraries
                isinstance(param.default, type) and repr(param.default) == repr(want.default))
            assert same, f"{label}({name}): default {param.default!r}, Polars {want.default!r}"
    # Positional parameters come in Polars' order.
    positional = [n for n, p in ours.items() if p.kind == p.POSITIONAL_OR_KEYWORD]
    assert positional == [n for n, p in theirs.items() if p.kind == p.POSITIONAL_OR_KEYWORD][: len(positional)], label


@pytest.mark.parametrize(("floe_cls", "polars_cls", "name"), list(_methods()))
def test_method_matches_polars(floe_cls, polars_cls, name):
    assert hasattr(polars_cls, name), f"{floe_cls.__name__}.{name} is not Polars API"
    _check(f"{floe_cls.__name__}.{name}", getattr(floe_cls, name), getattr(polars_cls, name))


@pytest.mark.parametrize("name", [n for n in fl.__all__ if inspect.isfunction(getattr(fl, n))])
def test_function_matches_polars(name):
    assert hasattr(pl, name), f"fl.{name} is not Polars API"
    if inspect.isfunction(getattr(pl, name)):  # pl.col is a callable object without a plain signature
        _check(f"fl.{name}", getattr(fl, name), getattr(pl, name))


# Names of Polars Cloud's client (`import polars_cloud as pc`), which floe provides too so that
# `pc.ClusterContext(...)` runs with the import changed.
POLARS_CLOUD_NAMES = {"ClusterContext"}


@pytest.mark.parametrize("name", [n for n in fl.__all__ if not inspect.isfunction(getattr(fl, n)) and n != "exceptions"])
def test_names_exist_in_polars(name):
    if name in POLARS_CLOUD_NAMES:
        return
    assert hasattr(pl, name) or hasattr(pl.exceptions, name), f"fl.{name} is not a Polars name"


@pytest.mark.parametrize(
    "name",
    ["select", "with_columns", "filter", "sort", "head", "tail", "slice", "limit", "rename", "drop",
     "with_row_index", "collect_schema", "lazy", "columns", "dtypes", "schema", "shape", "height", "width", "row",
     "rows", "iter_rows", "item", "to_dict", "to_dicts", "get_column", "get_columns", "to_series", "write_csv",
     "equals", "clone", "null_count", "is_empty"],
)
def test_core_dataframe_api_is_present(name):
    assert hasattr(fl.DataFrame, name)
