"""The 22 TPC-H queries written against Polars' API, so one module runs on ``floe`` and ``polars``.

Each module ``qNN`` defines ``query(tables, pl)``: ``tables`` maps a table name ("lineitem", ...)
to a LazyFrame and ``pl`` is the library (``floe`` or ``polars``); it returns a LazyFrame. The
parameters are the specification's validation parameters (clause 2.4). ``bench/tpch/sql/qNN.sql``
holds the same queries in SQL, for DuckDB.
"""
