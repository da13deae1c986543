"""The ``.str`` and ``.dt`` namespaces of expressions."""

from __future__ import annotations

import builtins
import math
from typing import Any, Iterable

from floe import _floe
from floe.datatypes import DataType, _dtype_name
from floe.expr import Expr, _to_expr  # noqa: F401


class ExprStringNameSpace:
    """The ``.str`` namespace: functions of String columns, counting characters as Unicode code points.

    >>> import floe as fl
    >>> fl.DataFrame({"s": ["żółć"]}).select(fl.col("s").str.len_chars()).item()
    4
    """

    def __init__(self, expr: Expr):
        self._x = expr

    def _fn(self, name, *params):
        return Expr(self._x._e.function("str." + name, list(params)))

    def contains(self, pattern: str, *, literal: bool = False, strict: bool = True) -> Expr:
        """True where the string holds a match of the regex ``pattern`` (or the plain text, with
        ``literal=True``).

        >>> import floe as fl
        >>> df = fl.DataFrame({"s": ["a.b", "ab"]})
        >>> df.select(fl.col("s").str.contains(".", literal=True))["s"].to_list()
        [True, False]
        """
        return self._fn("contains", pattern, literal, strict)

    def starts_with(self, prefix: str) -> Expr:
        """True where the string begins with ``prefix``.

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["日本語", "x"]}).select(fl.col("s").str.starts_with("日本"))["s"].to_list()
        [True, False]
        """
        return self._fn("starts_with", prefix)

    def ends_with(self, suffix: str) -> Expr:
        """True where the string ends with ``suffix``.

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["ab", "ba"]}).select(fl.col("s").str.ends_with("b"))["s"].to_list()
        [True, False]
        """
        return self._fn("ends_with", suffix)

    def len_bytes(self) -> Expr:
        """Length in UTF-8 bytes (UInt32).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["żółć"]}).select(fl.col("s").str.len_bytes()).item()
        8
        """
        return self._fn("len_bytes")

    def len_chars(self) -> Expr:
        """Length in characters (UInt32).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["żółć"]}).select(fl.col("s").str.len_chars()).item()
        4
        """
        return self._fn("len_chars")

    def to_uppercase(self) -> Expr:
        """Upper case (Unicode-aware).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["żółć"]}).select(fl.col("s").str.to_uppercase()).item()
        'ŻÓŁĆ'
        """
        return self._fn("to_uppercase")

    def to_lowercase(self) -> Expr:
        """Lower case (Unicode-aware).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["ŻÓŁĆ"]}).select(fl.col("s").str.to_lowercase()).item()
        'żółć'
        """
        return self._fn("to_lowercase")

    def slice(self, offset: int, length: int | None = None) -> Expr:
        """The characters from ``offset`` (negative counts from the end), ``length`` of them.

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["żółć"]}).select(fl.col("s").str.slice(1, 2)).item()
        'ół'
        """
        return self._fn("slice", offset, length)

    def head(self, n: int) -> Expr:
        """The first ``n`` characters (all but the last ``-n`` when negative).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["hello"]}).select(fl.col("s").str.head(2)).item()
        'he'
        """
        return self._fn("head", n)

    def tail(self, n: int) -> Expr:
        """The last ``n`` characters (all but the first ``-n`` when negative).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["hello"]}).select(fl.col("s").str.tail(2)).item()
        'lo'
        """
        return self._fn("tail", n)

    def replace(self, pattern: str, value: str, *, literal: bool = False, n: int = 1) -> Expr:
        """Replaces the first ``n`` matches of ``pattern`` with ``value`` (``$1`` names a group).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["abab"]}).select(fl.col("s").str.replace("b", "X")).item()
        'aXab'
        """
        return self._fn("replace", pattern, value, literal, n)

    def replace_all(self, pattern: str, value: str, *, literal: bool = False) -> Expr:
        """Replaces every match of ``pattern`` with ``value``.

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["abab"]}).select(fl.col("s").str.replace_all("b", "X")).item()
        'aXaX'
        """
        return self._fn("replace_all", pattern, value, literal)

    def strip_chars(self, characters: str | None = None) -> Expr:
        """Removes leading and trailing whitespace (or any of ``characters``).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["  hi  "]}).select(fl.col("s").str.strip_chars()).item()
        'hi'
        """
        return self._fn("strip_chars", characters)

    def strip_chars_start(self, characters: str | None = None) -> Expr:
        """Removes leading whitespace (or any of ``characters``).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["xxhixx"]}).select(fl.col("s").str.strip_chars_start("x")).item()
        'hixx'
        """
        return self._fn("strip_chars_start", characters)

    def strip_chars_end(self, characters: str | None = None) -> Expr:
        """Removes trailing whitespace (or any of ``characters``).

        >>> import floe as fl
        >>> fl.DataFrame({"s": ["xxhixx"]}).select(fl.col("s").str.strip_chars_end("x")).item()
        'xxhi'
        """
        return self._fn("strip_chars_end", characters)


class ExprDateTimeNameSpace:
    """The ``.dt`` namespace: fields and arithmetic of Date, Datetime, Duration and Time columns.

    >>> import datetime, floe as fl
    >>> fl.DataFrame({"d": [datetime.date(1969, 7, 20)]}).select(fl.col("d").dt.year()).item()
    1969
    """

    def __init__(self, expr: Expr):
        self._x = expr

    def _fn(self, name, *params):
        return Expr(self._x._e.function("dt." + name, list(params)))

    def year(self) -> Expr:
        """The calendar year (Int32).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(1960, 2, 29)).dt.year()).item()
        1960
        """
        return self._fn("year")

    def month(self) -> Expr:
        """The month, 1 to 12 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(1960, 2, 29)).dt.month()).item()
        2
        """
        return self._fn("month")

    def day(self) -> Expr:
        """The day of the month, 1 to 31 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(1960, 2, 29)).dt.day()).item()
        29
        """
        return self._fn("day")

    def hour(self) -> Expr:
        """The hour, 0 to 23 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 13, 5)).dt.hour()).item()
        13
        """
        return self._fn("hour")

    def minute(self) -> Expr:
        """The minute, 0 to 59 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 13, 5)).dt.minute()).item()
        5
        """
        return self._fn("minute")

    def second(self) -> Expr:
        """The second, 0 to 59 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 13, 5, 7)).dt.second()).item()
        7
        """
        return self._fn("second")

    def millisecond(self) -> Expr:
        """Milliseconds of the second (Int32).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 0, 0, 0, 123456)).dt.millisecond()).item()
        123
        """
        return self._fn("millisecond")

    def microsecond(self) -> Expr:
        """Microseconds of the second (Int32).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 0, 0, 0, 123456)).dt.microsecond()).item()
        123456
        """
        return self._fn("microsecond")

    def nanosecond(self) -> Expr:
        """Nanoseconds of the second (Int32).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 1, 1, 0, 0, 0, 5)).dt.nanosecond()).item()
        5000
        """
        return self._fn("nanosecond")

    def weekday(self) -> Expr:
        """The ISO weekday: Monday 1 to Sunday 7 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(2024, 1, 7)).dt.weekday()).item()
        7
        """
        return self._fn("weekday")

    def ordinal_day(self) -> Expr:
        """The day of the year, 1 to 366 (Int16).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(2024, 12, 31)).dt.ordinal_day()).item()
        366
        """
        return self._fn("ordinal_day")

    def quarter(self) -> Expr:
        """The quarter, 1 to 4 (Int8).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(2024, 5, 1)).dt.quarter()).item()
        2
        """
        return self._fn("quarter")

    def truncate(self, every: str) -> Expr:
        """Rounds down to a multiple of ``every`` ("1d", "1h", "15m", "1w", "1mo", "1q", "1y").

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(2024, 5, 17)).dt.truncate("1mo")).item()
        datetime.date(2024, 5, 1)
        """
        return self._fn("truncate", every)

    def date(self) -> Expr:
        """The date part of a datetime.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 5, 17, 8)).dt.date()).item()
        datetime.date(2024, 5, 17)
        """
        return self._fn("date")

    def time(self) -> Expr:
        """The time-of-day part of a datetime.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.datetime(2024, 5, 17, 8, 30)).dt.time()).item()
        datetime.time(8, 30)
        """
        return self._fn("time")

    def epoch(self, time_unit: str = "us") -> Expr:
        """Time since 1970-01-01 in ``time_unit`` ("ns", "us", "ms", "s" or "d").

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.date(1970, 1, 2)).dt.epoch("s")).item()
        86400
        """
        return self._fn("epoch", time_unit)

    def _total(self, unit: str, nanos: int, fractional: bool) -> Expr:
        if fractional:
            return self._fn("total_nanoseconds") / float(nanos)
        return self._fn("total_" + unit)

    def total_days(self, *, fractional: bool = False) -> Expr:
        """Whole days in a duration (or a float with ``fractional=True``).

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(hours=36)).dt.total_days()).item()
        1
        """
        return self._total("days", 86_400_000_000_000, fractional)

    def total_hours(self, *, fractional: bool = False) -> Expr:
        """Whole hours in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(minutes=150)).dt.total_hours()).item()
        2
        """
        return self._total("hours", 3_600_000_000_000, fractional)

    def total_minutes(self, *, fractional: bool = False) -> Expr:
        """Whole minutes in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(seconds=150)).dt.total_minutes()).item()
        2
        """
        return self._total("minutes", 60_000_000_000, fractional)

    def total_seconds(self, *, fractional: bool = False) -> Expr:
        """Whole seconds in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(minutes=2)).dt.total_seconds()).item()
        120
        """
        return self._total("seconds", 1_000_000_000, fractional)

    def total_milliseconds(self, *, fractional: bool = False) -> Expr:
        """Whole milliseconds in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(seconds=2)).dt.total_milliseconds()).item()
        2000
        """
        return self._total("milliseconds", 1_000_000, fractional)

    def total_microseconds(self, *, fractional: bool = False) -> Expr:
        """Whole microseconds in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(milliseconds=2)).dt.total_microseconds()).item()
        2000
        """
        return self._total("microseconds", 1_000, fractional)

    def total_nanoseconds(self, *, fractional: bool = False) -> Expr:
        """Nanoseconds in a duration.

        >>> import datetime, floe as fl
        >>> fl.select(fl.lit(datetime.timedelta(microseconds=2)).dt.total_nanoseconds()).item()
        2000
        """
        return self._total("nanoseconds", 1, fractional)


# -- functions ---------------------------------------------------------------------------
