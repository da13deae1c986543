"""``fl.Config``: how tables print (rows, columns, string lengths), as Polars' Config."""

from __future__ import annotations

_STATE: dict[str, int] = {}


class Config:
    """Printing settings; use as a context manager or call the setters directly.

    >>> import floe as fl
    >>> with fl.Config(tbl_rows=2):
    ...     print(fl.DataFrame({"a": [1, 2, 3]}))
    shape: (3, 1)
    ┌─────┐
    │ a   │
    │ --- │
    │ i64 │
    ╞═════╡
    │ 1   │
    │ …   │
    │ 3   │
    └─────┘
    """

    def __init__(self, **options):
        self._options = options
        self._saved: dict[str, int] | None = None

    def __enter__(self):
        self._saved = dict(_STATE)
        for key, value in self._options.items():
            setter = getattr(Config, f"set_{key}", None)
            if setter is None:
                raise AttributeError(f"Config has no option {key!r}")
            setter(value)
        return self

    def __exit__(self, *exc):
        _STATE.clear()
        _STATE.update(self._saved or {})

    @staticmethod
    def _set(key: str, value):
        if value is None:
            _STATE.pop(key, None)
        else:
            _STATE[key] = int(value)

    @classmethod
    def set_tbl_rows(cls, n: int | None):
        """Rows printed before the middle ones are elided (None: the default, 10).

        >>> import floe as fl
        >>> fl.Config.set_tbl_rows(20).state()["tbl_rows"]
        20
        >>> _ = fl.Config.restore_defaults()
        """
        cls._set("tbl_rows", n)
        return cls

    @classmethod
    def set_tbl_cols(cls, n: int | None):
        """Columns printed before the middle ones are elided (None: the default, 8).

        >>> import floe as fl
        >>> fl.Config.set_tbl_cols(3).state()["tbl_cols"]
        3
        >>> _ = fl.Config.restore_defaults()
        """
        cls._set("tbl_cols", n)
        return cls

    @classmethod
    def set_fmt_str_lengths(cls, n: int | None):
        """Characters of a string printed before it is cut with "…" (None: the default, 32).

        >>> import floe as fl
        >>> fl.Config.set_fmt_str_lengths(50).state()["fmt_str_lengths"]
        50
        >>> _ = fl.Config.restore_defaults()
        """
        cls._set("fmt_str_lengths", n)
        return cls

    @classmethod
    def set_fmt_table_cell_list_len(cls, n: int | None):
        """Items of a list shown in a cell before the rest is cut with "…" (None: the default, 3).

        >>> import floe as fl
        >>> with fl.Config(fmt_table_cell_list_len=2):
        ...     print(fl.DataFrame({"x": [[1, 2, 3]]}))
        shape: (1, 1)
        ┌───────────┐
        │ x         │
        │ ---       │
        │ list[i64] │
        ╞═══════════╡
        │ [1, … 3]  │
        └───────────┘
        """
        cls._set("fmt_table_cell_list_len", n)
        return cls

    @classmethod
    def restore_defaults(cls):
        """Forgets every setting.

        >>> import floe as fl
        >>> fl.Config.set_tbl_rows(3).restore_defaults().state()
        {}
        """
        _STATE.clear()
        return cls

    @classmethod
    def state(cls) -> dict[str, int]:
        """The settings currently made.

        >>> import floe as fl
        >>> with fl.Config(tbl_cols=4):
        ...     fl.Config.state()
        {'tbl_cols': 4}
        """
        return dict(_STATE)

    @staticmethod
    def _current() -> dict[str, int]:
        return dict(_STATE)
