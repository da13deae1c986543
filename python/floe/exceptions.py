"""Exceptions raised by Floe, named as Polars names them (``except pl.ColumnNotFoundError`` carries over).

>>> import floe as fl
>>> try:
...     fl.DataFrame({"a": [1]}).select("b")
... except fl.ColumnNotFoundError as e:
...     print(type(e).__name__)
ColumnNotFoundError
"""


class PolarsError(Exception):
    """Base class of every error Floe raises (named as in Polars, so ``except`` clauses carry over)."""


class ComputeError(PolarsError):
    """A computation failed on the data."""


class ColumnNotFoundError(PolarsError):
    """A column referenced by name does not exist."""


class SchemaError(PolarsError):
    """Types or schemas do not fit together."""


class SchemaFieldNotFoundError(PolarsError):
    """A field of a schema referenced by name does not exist."""


class StructFieldNotFoundError(PolarsError):
    """A field of a struct referenced by name does not exist."""


class InvalidOperationError(PolarsError):
    """An operation is not supported for the given types or arguments."""


class ShapeError(PolarsError):
    """Lengths of columns or frames do not agree."""


class DuplicateError(PolarsError):
    """A column name appears twice in an output."""


class OutOfBoundsError(PolarsError):
    """An index is past the end of a frame or Series."""


class NoDataError(PolarsError):
    """An input holds no data (e.g. an empty CSV file)."""


class RowsError(PolarsError):
    """A row lookup found the wrong number of rows."""


class NoRowsReturnedError(RowsError):
    """A row lookup found no row."""


class TooManyRowsReturnedError(RowsError):
    """A row lookup found more than one row."""


class IoError(PolarsError, OSError):
    """Reading or writing a file failed."""


class PanicException(PolarsError):
    """An internal error in Floe (please report it)."""


class PolarsWarning(Warning):
    """Base class of Floe's warnings."""


class PerformanceWarning(PolarsWarning):
    """A query does something that is known to be slow."""


FloeError = PolarsError

__all__ = [
    "ColumnNotFoundError", "ComputeError", "DuplicateError", "FloeError", "InvalidOperationError", "IoError",
    "NoDataError", "NoRowsReturnedError", "OutOfBoundsError", "PanicException", "PerformanceWarning", "PolarsError", "PolarsWarning",
    "RowsError", "SchemaError", "SchemaFieldNotFoundError", "ShapeError", "StructFieldNotFoundError", "TooManyRowsReturnedError",
]
