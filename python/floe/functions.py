"""Constructors of values and ranges: ``int_range``/``arange``, ``date``, ``datetime``, ``duration``."""

from __future__ import annotations

import datetime as _dt

from floe import _floe
from floe.datatypes import Int64
from floe.expr import Expr, lit


def int_range(start: int = 0, end: int | None = None, step: int = 1, *, dtype=Int64, eager: bool = False):
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
    if dtype is not None and dtype != Int64:
        expr = expr.cast(dtype)
    if eager:
        from floe import select

        return select(expr.alias("literal")).to_series()
    return expr


arange = int_range


def date(year: int, month: int, day: int) -> Expr:
    """A Date literal, named "date" as in Polars.

    >>> import floe as fl
    >>> fl.select(fl.date(2024, 2, 29)).to_dict(as_series=False)
    {'date': [datetime.date(2024, 2, 29)]}
    """
    return lit(_dt.date(year, month, day)).alias("date")


def datetime(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None,
             second: int | None = None, microsecond: int | None = None, *, time_unit: str = "us",
             time_zone: str | None = None) -> Expr:
    """A Datetime literal named "datetime" (``time_unit`` "us" by default, as Polars).

    >>> import floe as fl
    >>> fl.select(fl.datetime(2024, 1, 2, 3, 4, 5)).item()
    datetime.datetime(2024, 1, 2, 3, 4, 5)
    """
    from floe.datatypes import Datetime

    value = _dt.datetime(year, month, day, hour or 0, minute or 0, second or 0, microsecond or 0)
    if time_zone is not None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo(time_zone))
    return lit(value, dtype=Datetime(time_unit, time_zone)).alias("datetime")


def duration(*, weeks: int | None = None, days: int | None = None, hours: int | None = None,
             minutes: int | None = None, seconds: int | None = None, milliseconds: int | None = None,
             microseconds: int | None = None, time_unit: str | None = None) -> Expr:
    """A Duration literal named "duration" (``time_unit`` "us" unless given).

    >>> import floe as fl
    >>> import datetime as dt
    >>> fl.select(fl.lit(dt.date(2024, 1, 31)) + fl.duration(days=1)).item()
    datetime.date(2024, 2, 1)
    """
    from floe.datatypes import Duration

    value = _dt.timedelta(weeks=weeks or 0, days=days or 0, hours=hours or 0, minutes=minutes or 0,
                          seconds=seconds or 0, milliseconds=milliseconds or 0, microseconds=microseconds or 0)
    return lit(value, dtype=Duration(time_unit or "us")).alias("duration")
