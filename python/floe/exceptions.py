"""Exceptions raised by Floe, named as Polars names them."""


class PolarsError(Exception):
    """Base class of every error Floe raises (named as in Polars, so ``except`` clauses carry over)."""


class ComputeError(PolarsError):
    """A computation failed on the data."""


class ColumnNotFoundError(PolarsError):
    """A column referenced by name does not exist."""


class SchemaError(PolarsError):
    """Types or schemas do not fit together."""


class InvalidOperationError(PolarsError):
    """An operation is not supported for the given types or arguments."""


class ShapeError(PolarsError):
    """Lengths of columns or frames do not agree."""


class DuplicateError(PolarsError):
    """A column name appears twice in an output."""


class IoError(PolarsError, OSError):
    """Reading or writing a file failed."""


class PanicException(PolarsError):
    """An internal error in Floe (please report it)."""


FloeError = PolarsError
