"""Every public function, method and property of the floe package documents itself with an example
(the examples run as doctests: pytest collects python/floe with --doctest-modules)."""

from __future__ import annotations

import inspect

import pytest

import floe as fl
from floe import (
    aggregations, config, datatypes, exceptions, expr, expr_math, expr_namespaces, expr_window, frame, frame_output,
    functions, group_by, interop, io, lazy_frame, series,
)


def _public_callables():
    modules = [fl, expr, expr_math, expr_window, expr_namespaces, aggregations, functions, frame, frame_output,
               lazy_frame, group_by, series, io, interop, datatypes, config]
    seen = set()
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("_") or id(obj) in seen:
                continue
            if inspect.isfunction(obj) and obj.__module__.startswith("floe"):
                seen.add(id(obj))
                yield f"{obj.__module__}.{name}", obj
            elif inspect.isclass(obj) and obj.__module__.startswith("floe") and not issubclass(obj, BaseException):
                seen.add(id(obj))
                yield f"{obj.__module__}.{name}", obj
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    target = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                    if isinstance(target, property):
                        target = target.fget
                    if callable(target) or inspect.isfunction(target):
                        yield f"{obj.__module__}.{name}.{attr}", target


PUBLIC = dict(_public_callables())


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_has_a_docstring_with_an_example(name):
    doc = inspect.getdoc(PUBLIC[name]) or ""
    assert doc.strip(), f"{name} has no docstring"
    if inspect.isclass(PUBLIC[name]) and name.rsplit(".", 1)[1] in {
        "Null", "Boolean", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32",
        "Float64", "String", "Utf8", "Binary", "Date", "Time", "When", "Then",
    }:
        return  # the dtype classes and the when/then builders are shown in their base's and methods' examples
    assert ">>>" in doc, f"{name} has no example"


def test_exceptions_are_documented():
    for name, obj in vars(exceptions).items():
        if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == "floe.exceptions":
            assert inspect.getdoc(obj), name


def test_the_walk_finds_the_api():
    assert "floe.frame.DataFrame.select" in PUBLIC
    assert "floe.expr_namespaces.ExprStringNameSpace.contains" in PUBLIC
    assert "floe.io.read_csv" in PUBLIC
    assert len(PUBLIC) > 200
