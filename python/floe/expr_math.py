"""Element-wise math and float classification methods of Expr (abs, round, sqrt, log, clip,
is_nan, ...): a mixin of Expr (floe/expr.py), kept apart along that seam."""

from __future__ import annotations

import math
from typing import Any

from floe.expr_window import _wrap


class MathMethods:
    """Expr methods computing one value per value through the engine's function registry.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [4.0, -9.0]}).select(fl.col("a").abs().sqrt())["a"].to_list()
    [2.0, 3.0]
    """

    # -- math ------------------------------------------------------------------------------
    def _fn(self, name: str, *params) -> "Expr":
        return _wrap(self._e.function(name, list(params)))

    def abs(self) -> "Expr":
        """Absolute value (same dtype).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [-2, 3]}).select(fl.col("a").abs())["a"].to_list()
        [2, 3]
        """
        return self._fn("abs")

    def round(self, decimals: int = 0, mode: str = "half_to_even") -> "Expr":
        """Rounds floats to ``decimals`` places; halves go to the even neighbour by default, as Polars.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.26, -0.74]}).select(fl.col("a").round(1))["a"].to_list()
        [1.3, -0.7]
        """
        if mode not in ("half_to_even", "half_away_from_zero"):
            raise ValueError(f"`mode` must be one of {{'half_to_even', 'half_away_from_zero'}}, got {mode!r}")
        return self._fn("round", decimals, mode)

    def is_nan(self) -> "Expr":
        """Whether the value is NaN (null stays null).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.0, float("nan"), None]}).select(fl.col("a").is_nan())["a"].to_list()
        [False, True, None]
        """
        return self._fn("is_nan")

    def is_not_nan(self) -> "Expr":
        """Whether the value is not NaN (null stays null).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.0, float("nan")]}).select(fl.col("a").is_not_nan())["a"].to_list()
        [True, False]
        """
        return self._fn("is_not_nan")

    def is_finite(self) -> "Expr":
        """Whether the value is neither infinite nor NaN.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.0, float("inf"), float("nan")]}).select(fl.col("a").is_finite())["a"].to_list()
        [True, False, False]
        """
        return self._fn("is_finite")

    def is_infinite(self) -> "Expr":
        """Whether the value is +inf or -inf.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.0, float("-inf")]}).select(fl.col("a").is_infinite())["a"].to_list()
        [False, True]
        """
        return self._fn("is_infinite")

    def floor(self) -> "Expr":
        """Largest integer value not above the value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.5, -1.5]}).select(fl.col("a").floor())["a"].to_list()
        [1.0, -2.0]
        """
        return self._fn("floor")

    def ceil(self) -> "Expr":
        """Smallest integer value not below the value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [1.5, -1.5]}).select(fl.col("a").ceil())["a"].to_list()
        [2.0, -1.0]
        """
        return self._fn("ceil")

    def sqrt(self) -> "Expr":
        """Square root (a float).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [4, 9]}).select(fl.col("a").sqrt())["a"].to_list()
        [2.0, 3.0]
        """
        return self._fn("sqrt")

    def cbrt(self) -> "Expr":
        """Cube root (a float).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [8, -8]}).select(fl.col("a").cbrt())["a"].to_list()
        [2.0, -2.0]
        """
        return self._fn("cbrt")

    def exp(self) -> "Expr":
        """e to the power of the value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [0]}).select(fl.col("a").exp()).item()
        1.0
        """
        return self._fn("exp")

    def log(self, base: float = math.e) -> "Expr":
        """Logarithm to ``base`` (natural by default).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [4]}).select(fl.col("a").log(2)).item()
        2.0
        """
        return self._fn("log", float(base))

    def log10(self) -> "Expr":
        """Logarithm to base 10.

        >>> import floe as fl
        >>> round(fl.DataFrame({"a": [1000]}).select(fl.col("a").log10()).item(), 12)
        3.0
        """
        return self.log(10.0)

    def log1p(self) -> "Expr":
        """Natural logarithm of 1 + the value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [0.0]}).select(fl.col("a").log1p()).item()
        0.0
        """
        return self._fn("log1p")

    def sin(self) -> "Expr":
        """Sine.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [0.0]}).select(fl.col("a").sin()).item()
        0.0
        """
        return self._fn("sin")

    def cos(self) -> "Expr":
        """Cosine.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [0.0]}).select(fl.col("a").cos()).item()
        1.0
        """
        return self._fn("cos")

    def tan(self) -> "Expr":
        """Tangent.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [0.0]}).select(fl.col("a").tan()).item()
        0.0
        """
        return self._fn("tan")

    def sign(self) -> "Expr":
        """-1, 0 or 1 by the sign of the value.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [-5, 0, 2]}).select(fl.col("a").sign())["a"].to_list()
        [-1, 0, 1]
        """
        return self._fn("sign")

    def clip(self, lower_bound: Any = None, upper_bound: Any = None) -> "Expr":
        """Limits values to [lower_bound, upper_bound] (None leaves that side open).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [-5, 0, 9]}).select(fl.col("a").clip(0, 5))["a"].to_list()
        [0, 0, 5]
        """
        return self._fn("clip", lower_bound, upper_bound)
