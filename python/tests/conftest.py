"""pytest setup for Floe's Python tests: the conformance fixtures (see harness.py) and markers."""

from __future__ import annotations

import pytest
from hypothesis import settings

# No example database in the repository; the property tests stay small and reproducible.
settings.register_profile("floe", database=None, deadline=None)
settings.load_profile("floe")

from harness import (  # noqa: F401 - re-exported for tests that import from conftest
    assert_frame_equal_polars, assert_same, assert_same_error, assert_same_repr, run_both,
)


@pytest.fixture
def same():
    """The conformance harness: ``same(lambda m: m.DataFrame(...).select(...))`` runs the snippet
    with ``floe`` and with ``polars`` and compares the answers (or the exception classes)."""
    return assert_same


@pytest.fixture
def same_error():
    """``same_error(lambda m: ...)``: both libraries raise the same exception class."""
    return assert_same_error
