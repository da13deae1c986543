"""Data types, named as in Polars (``fl.Int64``, ``fl.String``, ``fl.Datetime("us")``)."""

from __future__ import annotations

from floe import _floe


class _DataTypeMeta(type):
    """Lets a dtype class stand for itself: ``fl.Int64 == fl.Int64()`` and ``repr(fl.Int64)``."""

    def __repr__(cls):
        return cls.__name__

    def __eq__(cls, other):
        # A parametric class equals every one of its instances: fl.Datetime == fl.Datetime("ms").
        if isinstance(other, cls):
            return True
        if isinstance(other, _DataTypeMeta):
            return cls is other
        try:
            return _dtype_name(cls) == _dtype_name(other)
        except TypeError:
            return NotImplemented

    def __hash__(cls):
        return hash(cls.__name__)


class DataType(metaclass=_DataTypeMeta):
    """Base class of Floe's data types. Classes and instances both work where a dtype is expected.

    >>> import floe as fl
    >>> fl.Int64 == fl.Int64()
    True
    >>> fl.Datetime("ms") == fl.Datetime
    True
    """

    _name = "null"

    def __init__(self, *args, **kwargs):
        pass

    @classmethod
    def _engine_name(cls) -> str:
        return cls._name

    def _instance_name(self) -> str:
        return type(self)._name

    def __eq__(self, other):
        if other is type(self):
            return True
        try:
            return _dtype_name(self) == _dtype_name(other)
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(type(self).__name__)

    def __repr__(self):
        return _floe.dtype_repr(_dtype_name(self))

    @classmethod
    def base_type(cls):
        """The dtype's class, without parameters.

        >>> import floe as fl
        >>> fl.Datetime("ms").base_type()
        Datetime
        """
        return cls

    def is_(self, other) -> bool:
        """Whether ``other`` is exactly this dtype, parameters included (also callable on the class).

        >>> import floe as fl
        >>> fl.Datetime("ms").is_(fl.Datetime("us")), fl.Int64.is_(fl.Int64())
        (False, True)
        """
        return _dtype_name(self) == _dtype_name(other)

    @classmethod
    def is_numeric(cls) -> bool:
        """Integers and floats.

        >>> import floe as fl
        >>> fl.Float32.is_numeric(), fl.String.is_numeric()
        (True, False)
        """
        return cls in NUMERIC_DTYPES

    @classmethod
    def is_integer(cls) -> bool:
        """Signed and unsigned integers.

        >>> import floe as fl
        >>> fl.UInt8.is_integer()
        True
        """
        return cls in INTEGER_DTYPES

    @classmethod
    def is_signed_integer(cls) -> bool:
        """Int8 to Int64.

        >>> import floe as fl
        >>> fl.Int8.is_signed_integer(), fl.UInt8.is_signed_integer()
        (True, False)
        """
        return cls in SIGNED_INTEGER_DTYPES

    @classmethod
    def is_unsigned_integer(cls) -> bool:
        """UInt8 to UInt64.

        >>> import floe as fl
        >>> fl.UInt64.is_unsigned_integer()
        True
        """
        return cls in UNSIGNED_INTEGER_DTYPES

    @classmethod
    def is_float(cls) -> bool:
        """Float32 and Float64.

        >>> import floe as fl
        >>> fl.Float64.is_float()
        True
        """
        return cls in FLOAT_DTYPES

    @classmethod
    def is_temporal(cls) -> bool:
        """Date, Datetime, Duration and Time.

        >>> import floe as fl
        >>> fl.Date.is_temporal(), fl.Int32.is_temporal()
        (True, False)
        """
        return cls in TEMPORAL_DTYPES

    @classmethod
    def is_nested(cls) -> bool:
        """List and Struct.

        >>> import floe as fl
        >>> fl.Int64.is_nested()
        False
        """
        return False


class _ClassOrInstanceMethod:
    """A method that binds to the instance when there is one, else to the class (``fl.Int64.is_(x)``)."""

    def __init__(self, fn):
        self._fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls):
        return self._fn.__get__(cls if obj is None else obj)


DataType.is_ = _ClassOrInstanceMethod(DataType.is_)


def _simple(name: str, engine: str):
    return _DataTypeMeta(name, (DataType,), {"_name": engine, "__doc__": f"The ``{engine}`` data type, as Polars' {name}."})


Null = _simple("Null", "null")
Boolean = _simple("Boolean", "bool")
Int8 = _simple("Int8", "i8")
Int16 = _simple("Int16", "i16")
Int32 = _simple("Int32", "i32")
Int64 = _simple("Int64", "i64")
UInt8 = _simple("UInt8", "u8")
UInt16 = _simple("UInt16", "u16")
UInt32 = _simple("UInt32", "u32")
UInt64 = _simple("UInt64", "u64")
Float32 = _simple("Float32", "f32")
Float64 = _simple("Float64", "f64")
String = _simple("String", "str")
Utf8 = String
Binary = _simple("Binary", "binary")
Date = _simple("Date", "date")
Time = _simple("Time", "time")


class Datetime(DataType):
    """Date and time with a unit ("ms", "us" or "ns") and an optional time zone.

    >>> import floe as fl
    >>> fl.Datetime("ms", "UTC")
    Datetime(time_unit='ms', time_zone='UTC')
    """

    _name = "datetime[us]"

    def __init__(self, time_unit: str = "us", time_zone: str | None = None):
        if time_unit not in ("ms", "us", "ns"):
            raise ValueError(f"invalid time_unit {time_unit!r}; expected 'ms', 'us' or 'ns'")
        self.time_unit = time_unit
        self.time_zone = time_zone

    def _instance_name(self) -> str:
        return f"datetime[{self.time_unit}, {self.time_zone}]" if self.time_zone else f"datetime[{self.time_unit}]"


class Duration(DataType):
    """A time span with a unit ("ms", "us" or "ns").

    >>> import floe as fl
    >>> fl.Duration("ms")
    Duration(time_unit='ms')
    """

    _name = "duration[us]"

    def __init__(self, time_unit: str = "us"):
        if time_unit not in ("ms", "us", "ns"):
            raise ValueError(f"invalid time_unit {time_unit!r}; expected 'ms', 'us' or 'ns'")
        self.time_unit = time_unit

    def _instance_name(self) -> str:
        return f"duration[{self.time_unit}]"


class Decimal(DataType):
    """A fixed-point number of ``precision`` digits (1 to 38, None: 38), ``scale`` of them after the point.

    >>> import floe as fl
    >>> fl.Decimal(15, 2)
    Decimal(precision=15, scale=2)
    """

    _name = "decimal[38,0]"

    def __init__(self, precision: int | None = None, scale: int = 0):
        if precision is None:
            precision = 38
        if not isinstance(precision, int) or not 1 <= precision <= 38:
            raise ValueError(f"decimal precision must be between 1 and 38, got {precision!r}")
        if not isinstance(scale, int) or not 0 <= scale <= precision:
            raise ValueError(f"decimal scale must be between 0 and the precision ({precision}), got {scale!r}")
        self.precision = precision
        self.scale = scale

    def _instance_name(self) -> str:
        return f"decimal[{self.precision},{self.scale}]"


def _as_dtype(dtype):
    """A dtype class or instance for ``dtype`` given as one, a Python type or a name."""
    if isinstance(dtype, DataType) or (isinstance(dtype, type) and issubclass(dtype, DataType)):
        return dtype
    return _from_engine(_dtype_name(dtype))


class List(DataType):
    """A variable-length list of values of one dtype.

    >>> import floe as fl
    >>> fl.List(fl.Int64)
    List(Int64)
    >>> fl.List(fl.Int64) == fl.List, fl.List(fl.Int64) == fl.List(fl.Int32)
    (True, False)
    """

    _name = "List(Null)"

    def __init__(self, inner):
        self.inner = _as_dtype(inner)

    def _instance_name(self) -> str:
        return f"List({_floe.dtype_repr(_dtype_name(self.inner))})"

    @classmethod
    def is_nested(cls) -> bool:
        """List and Struct are nested.

        >>> import floe as fl
        >>> fl.List(fl.Int8).is_nested()
        True
        """
        return True


class Field:
    """A named member of a Struct dtype.

    >>> import floe as fl
    >>> fl.Field("a", fl.Int64)
    Field('a', Int64)
    """

    def __init__(self, name: str, dtype):
        self.name = name
        self.dtype = _as_dtype(dtype)

    def __eq__(self, other):
        return isinstance(other, Field) and self.name == other.name and self.dtype == other.dtype

    def __hash__(self):
        return hash((self.name, _dtype_name(self.dtype)))

    def __repr__(self):
        return f"Field({self.name!r}, {self.dtype!r})"


class Struct(DataType):
    """Named fields of their own dtypes, given as a dict or a list of ``fl.Field``.

    >>> import floe as fl
    >>> fl.Struct({"a": fl.Int64, "b": fl.String})
    Struct({'a': Int64, 'b': String})
    >>> fl.Struct([fl.Field("a", fl.Int64)]).fields
    [Field('a', Int64)]
    """

    _name = "Struct({})"

    def __init__(self, fields):
        if isinstance(fields, dict):
            fields = [Field(k, v) for k, v in fields.items()]
        self.fields = [f if isinstance(f, Field) else Field(*f) for f in fields]

    def _instance_name(self) -> str:
        members = ", ".join(f"{f.name!r}: {_floe.dtype_repr(_dtype_name(f.dtype))}" for f in self.fields)
        return f"Struct({{{members}}})"

    def __iter__(self):
        return iter((f.name, f.dtype) for f in self.fields)

    def to_schema(self) -> dict:
        """The fields as a name -> dtype dict.

        >>> import floe as fl
        >>> fl.Struct({"a": fl.Int8}).to_schema()
        {'a': Int8}
        """
        return {f.name: f.dtype for f in self.fields}

    @classmethod
    def is_nested(cls) -> bool:
        """List and Struct are nested.

        >>> import floe as fl
        >>> fl.Struct({"a": fl.Int8}).is_nested()
        True
        """
        return True


_BY_ENGINE = {
    cls._name: cls
    for cls in (Null, Boolean, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float32, Float64, String,
                Binary, Date, Time)
}

_PYTHON_TYPES = {int: Int64, float: Float64, str: String, bool: Boolean, bytes: Binary}


def _dtype_name(dtype) -> str:
    """The engine's name of a dtype given as a class, an instance, a Python type or a string."""
    if isinstance(dtype, DataType):
        return dtype._instance_name()
    if isinstance(dtype, type) and issubclass(dtype, DataType):
        return dtype._engine_name()
    if isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        return _PYTHON_TYPES[dtype]._name
    if isinstance(dtype, type):
        import datetime

        import decimal

        by_python = {datetime.datetime: "datetime[us]", datetime.date: "date", datetime.timedelta: "duration[us]",
                     datetime.time: "time", decimal.Decimal: "decimal[38,0]"}
        if dtype in by_python:
            return by_python[dtype]
    if isinstance(dtype, str):
        try:
            return _floe.normalize_dtype(dtype)
        except Exception:  # noqa: BLE001 - an unknown name is the caller's mistake: TypeError, as Polars
            pass
    raise TypeError(f"cannot parse input of type {type(dtype).__name__!r} into Floe data type (given: {dtype!r})")


def _from_engine(name: str):
    """The dtype object for an engine name ("i64" -> Int64, "datetime[μs]" -> Datetime("us"))."""
    if name in _BY_ENGINE:
        return _BY_ENGINE[name]
    if name.startswith(("List(", "list[")):
        return List(_from_engine(_floe.dtype_fields(name)[0][1]))
    if name.startswith("Struct("):
        return Struct([Field(n, _from_engine(t)) for n, t in _floe.dtype_fields(name)])
    inner = name[name.index("[") + 1 : -1].replace("μs", "us")
    parts = [p.strip() for p in inner.split(",")]
    if name.startswith("datetime"):
        return Datetime(parts[0], parts[1] if len(parts) > 1 else None)
    if name.startswith("decimal"):
        return Decimal(int(parts[0]), int(parts[1]))
    return Duration(parts[0])


SIGNED_INTEGER_DTYPES = frozenset({Int8, Int16, Int32, Int64})
UNSIGNED_INTEGER_DTYPES = frozenset({UInt8, UInt16, UInt32, UInt64})
INTEGER_DTYPES = SIGNED_INTEGER_DTYPES | UNSIGNED_INTEGER_DTYPES
FLOAT_DTYPES = frozenset({Float32, Float64})
NUMERIC_DTYPES = INTEGER_DTYPES | FLOAT_DTYPES
TEMPORAL_DTYPES = frozenset({Date, Datetime, Duration, Time})
