"""The ``.list`` and ``.struct`` namespaces of expressions."""

from __future__ import annotations

from floe.expr import Expr


class ExprListNameSpace:
    """The ``.list`` namespace: functions of List columns.

    >>> import floe as fl
    >>> fl.DataFrame({"a": [[1, 2], None]}).select(fl.col("a").list.len())["a"].to_list()
    [2, None]
    """

    def __init__(self, expr: Expr):
        self._x = expr

    def _fn(self, name, *params):
        return Expr(self._x._e.function("list." + name, list(params)))

    def len(self) -> Expr:
        """The number of items in each list (UInt32); null for a null list.

        >>> import floe as fl
        >>> fl.DataFrame({"a": [[1, 2], []]}).select(fl.col("a").list.len())["a"].to_list()
        [2, 0]
        """
        return self._fn("len")

    def get(self, index: int, *, null_on_oob: bool = False) -> Expr:
        """Item ``index`` of each list, counting from the end when negative. An index outside a
        list is an error, or null with ``null_on_oob=True``.

        >>> import floe as fl
        >>> df = fl.DataFrame({"a": [[1, 2], [3]]})
        >>> df.select(fl.col("a").list.get(-1))["a"].to_list()
        [2, 3]
        >>> df.select(fl.col("a").list.get(1, null_on_oob=True))["a"].to_list()
        [2, None]
        """
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"list.get takes an integer index, got {type(index).__name__}")
        return self._fn("get", index, null_on_oob)

    def first(self) -> Expr:
        """The first item of each list (null for an empty one).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [[1, 2], []]}).select(fl.col("a").list.first())["a"].to_list()
        [1, None]
        """
        return self.get(0, null_on_oob=True)

    def last(self) -> Expr:
        """The last item of each list (null for an empty one).

        >>> import floe as fl
        >>> fl.DataFrame({"a": [[1, 2], []]}).select(fl.col("a").list.last())["a"].to_list()
        [2, None]
        """
        return self.get(-1, null_on_oob=True)


class ExprStructNameSpace:
    """The ``.struct`` namespace: functions of Struct columns.

    >>> import floe as fl
    >>> fl.DataFrame({"s": [{"a": 1}]}).select(fl.col("s").struct.field("a")).columns
    ['a']
    """

    def __init__(self, expr: Expr):
        self._x = expr

    def field(self, name, *more_names):
        """The field ``name`` of each struct, named after the field; null where the struct is null.
        Several names give a list of expressions, one per field.

        >>> import floe as fl
        >>> df = fl.DataFrame({"s": [{"a": 1, "b": "x"}, None]})
        >>> df.select(fl.col("s").struct.field("b"))["b"].to_list()
        ['x', None]
        >>> df.select(fl.col("s").struct.field("a", "b")).columns
        ['a', 'b']
        """
        names = ([name] if isinstance(name, str) else list(name)) + list(more_names)
        exprs = [Expr(self._x._e.function("struct.field", [n])).alias(n) for n in names]
        return exprs[0] if len(exprs) == 1 and isinstance(name, str) else exprs

    def __getitem__(self, name: str) -> Expr:
        return self.field(name)
