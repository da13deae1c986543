"""Floe: a fast query engine for DataFrames with Polars' API."""

from floe import _floe  # noqa: F401

__version__ = "0.1.0"
