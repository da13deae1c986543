"""Constructors of values and ranges: ``int_range``/``arange``, ``date``, ``datetime``, ``duration``."""

from __future__ import annotations

import datetime as _dt

from floe import _floe
from floe.expr import Expr, lit


def int_range(start: int = 0, end: int | None = None, step: int = 1, *, dtype=None, eager: bool = False):
    """Integers from ``start`` up to (not including) ``end``, as an Int64 column expression.

    Aggregates of a range are computed without materializing it:

    >>> import floe as fl
    >>> fl.LazyFrame().with_columns(a=fl.arange(0, 100_000_000).sum()).collect().item()
    4999999950000000
    >>> fl.select(fl.int_range(0, 6, 2).alias("x"))["x"].to_list()
    [0, 2, 4]
    """
    if end is None:
        start, end = 0, start
    expr = Expr(_floe.int_range(int(start), int(end), int(step)))
    if dtype is not None:
        expr = expr.cast(dtype)
    if eager:
        from floe import select

        return select(expr.alias("literal")).to_series()
    return expr


arange = int_range


def date(year: int, month: int, day: int) -> Expr:
    """A Date literal.

    >>> import floe as fl
    >>> fl.select(fl.date(2024, 2, 29)).item()
    datetime.date(2024, 2, 29)
    """
    return lit(_dt.date(year, month, day))


def datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
             microsecond: int = 0, *, time_unit: str = "us", time_zone: str | None = None) -> Expr:
    """A Datetime literal (``time_unit`` "us" by default, as Polars).

    >>> import floe as fl
    >>> fl.select(fl.datetime(2024, 1, 2, 3, 4, 5)).item()
    datetime.datetime(2024, 1, 2, 3, 4, 5)
    """
    from floe.datatypes import Datetime

    value = _dt.datetime(year, month, day, hour, minute, second, microsecond)
    if time_zone is not None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo(time_zone))
    return lit(value, dtype=Datetime(time_unit, time_zone))


def duration(*, weeks: int = 0, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0,
             milliseconds: int = 0, microseconds: int = 0, time_unit: str = "us") -> Expr:
    """A Duration literal.

    >>> import floe as fl
    >>> import datetime as dt
    >>> fl.select(fl.lit(dt.date(2024, 1, 31)) + fl.duration(days=1)).item()
    datetime.date(2024, 2, 1)
    """
    from floe.datatypes import Duration

    value = _dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds,
                          milliseconds=milliseconds, microseconds=microseconds)
    return lit(value, dtype=Duration(time_unit))
