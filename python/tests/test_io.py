"""CSV: read_csv, scan_csv and write_csv against Polars, round trips through files, options and errors."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest

import floe as fl
from harness import assert_frame_equal_polars, assert_same

BASIC = ('a,b,c,d\n1,x,1.5,true\n2,,2.5,false\n3,"q,uoted",,\n-4,"he said ""hi""",1e3,true\n'
         '5,"multi\nline",-0.5,false\n')


@pytest.fixture
def files(tmp_path):
    """Writes named CSV texts into tmp_path and returns their paths."""
    def write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)
    return write


READS = {
    "basic": (BASIC, {}),
    "dates stay strings by default": ("d,t\n2024-01-02,2024-01-02T03:04:05\n1960-12-31,1960-12-31 23:59:59.5\n", {}),
    "try_parse_dates": ("d,t\n2024-01-02,2024-01-02T03:04:05\n1960-12-31,1960-12-31 23:59:59.5\n", {"try_parse_dates": True}),
    "no header": ("1,x\n2,y\n", {"has_header": False}),
    "separator, null values, comments": ("a;b\n1;NA\n2;y\n#comment\n3;z\n",
                                         {"separator": ";", "null_values": "NA", "comment_prefix": "#"}),
    "several null values": ("a,b\n1,NA\nnull,y\n", {"null_values": ["NA", "null"]}),
    "skip_rows": ("junk line\nmore junk\na,b\n1,2\n", {"skip_rows": 2}),
    "columns": (BASIC, {"columns": ["c", "a"]}),
    "n_rows": (BASIC, {"n_rows": 2}),
    "schema_overrides": (BASIC, {"schema_overrides": {"a": "Int32", "c": "Float32"}}),
    "schema": (BASIC, {"schema": {"a": "Int8", "b": "String", "c": "Float64", "d": "Boolean"}}),
    "infer_schema_length 0 reads strings": (BASIC, {"infer_schema_length": 0}),
    "infer_schema=False": (BASIC, {"infer_schema": False}),
    "late type change with full inference": ("a\n1\n2\n3\n4.5\n", {"infer_schema_length": None}),
    "ignore_errors": ("a\n1\n2\nx\n", {"infer_schema_length": 2, "ignore_errors": True}),
    "ragged short rows are null-filled": ("a,b,c\n1,2,3\n4\n5,6\n", {}),
    "ragged long rows truncated": ("a,b\n1,2\n3,4,5\n6\n", {"truncate_ragged_lines": True}),
    "header only": ("a,b\n", {}),
    "CRLF line ends": ("a,b\r\n1,2\r\n3,4\r\n", {}),
    "no final newline": ("a,b\n1,2", {}),
    "quoted newlines": ('a,b\n1,"x\ny"\n2,"z"\n', {}),
    "quoted empty string vs empty field": ('a,b\n"",\n"x",""\n', {}),
    "duplicate header names": ("a,a\n1,2\n", {}),
    "empty header name": ("a,\n1,2\n", {}),
    "integers beyond Int64": ("a\n9223372036854775807\n-9223372036854775808\n", {}),
    "floats: inf, NaN, exponents": ("a\ninf\nNaN\n-1.5\n1e-7\n-INF\n", {}),
    "booleans in any case": ("a\nTrue\nfalse\nTRUE\n", {}),
    "mixed ints and floats": ("a\n1\n2.5\n", {}),
    "leading zeros and signs": ("a,b\n007,+5\n-0,-3\n", {}),
    "whitespace is kept": ("a,b\n 1 , x \n", {}),
    "unicode names and values": ("imię,城市\nŻółć,東京\n😀,x\n", {}),
    "quote_char None": ('a\n"x"\n', {"quote_char": None}),
    "single quote as quote_char": ("a,b\n'x,y',2\n", {"quote_char": "'"}),
    "tab separator": ("a\tb\n1\tx y\n", {"separator": "\t"}),
    "many columns": (",".join(f"c{i}" for i in range(50)) + "\n" + ",".join(str(i) for i in range(50)) + "\n", {}),
    "all null column": ("a,b\n1,\n2,\n", {}),
}


def _options(m, options):
    """Options with dtype names turned into the module's dtypes."""
    out = dict(options)
    for key in ("schema", "schema_overrides"):
        if key in out:
            out[key] = {k: getattr(m, v) for k, v in out[key].items()}
    return out


@pytest.mark.parametrize(("content", "options"), READS.values(), ids=READS.keys())
def test_read_csv(files, content, options):
    path = files("in.csv", content)
    assert_same(lambda m: m.read_csv(path, **_options(m, options)))


@pytest.mark.parametrize(("content", "options"), READS.values(), ids=READS.keys())
def test_read_csv_from_memory(content, options):
    data = content.encode()
    assert_same(lambda m: m.read_csv(data, **_options(m, options)))
    assert_same(lambda m: m.read_csv(io.BytesIO(data), **_options(m, options)))


def test_read_csv_from_text_io():
    assert_same(lambda m: m.read_csv(io.StringIO(BASIC)))


SCANS = {
    "filter and select": lambda m, p: m.scan_csv(p).filter(m.col("a") > 1).select("b", "c"),
    "schema without reading": lambda m, p: m.scan_csv(p).collect_schema(),
    "head": lambda m, p: m.scan_csv(p).head(2),
    "tail": lambda m, p: m.scan_csv(p).tail(2),
    "aggregate": lambda m, p: m.scan_csv(p).select(m.col("a").sum(), m.col("c").mean().alias("m")),
    "sort": lambda m, p: m.scan_csv(p).sort("c", descending=True, nulls_last=True),
    "with options": lambda m, p: m.scan_csv(p, schema_overrides={"a": m.Float32}, n_rows=3).select("a"),
    "with_columns then filter": lambda m, p: m.scan_csv(p).with_columns(x=m.col("a") * 10).filter(m.col("x") >= 20),
    "concat of scans": lambda m, p: m.concat([m.scan_csv(p), m.scan_csv(p)]).select(m.len()),
}


@pytest.mark.parametrize("query", SCANS.values(), ids=SCANS.keys())
def test_scan_csv(files, query):
    path = files("in.csv", BASIC)
    assert_same(lambda m: query(m, path))


def test_scan_csv_pushes_projection_and_predicate_into_the_scan(files):
    path = files("in.csv", BASIC)
    plan = fl.scan_csv(path).filter(fl.col("a") > 1).select("b").explain()
    assert "CSV" in plan.upper()
    assert "1/4" in plan or "2/4" in plan  # only the columns the query needs are read


def test_scan_is_lazy_about_bad_rows_it_does_not_read(files):
    path = files("in.csv", "a,b\n1,2\n3,4\n" + "x,y,z,w\n")
    assert fl.scan_csv(path).head(1).collect().rows() == [(1, 2)]


# -- writing -----------------------------------------------------------------------------------

def _written(m):
    return m.DataFrame({
        "i": [1, None, -3],
        "s": ["x,y", 'q"uote', "multi\nline"],
        "f": [1.5, 1e20, None],
        "small": [1e-7, 0.1, -0.0],
        "d": [dt.date(1960, 1, 2), None, dt.date(2024, 2, 29)],
        "t": [dt.datetime(2020, 1, 1, 1, 2, 3), None, dt.datetime(1969, 12, 31, 23, 59, 59, 999999)],
        "b": [True, None, False],
        "e": ["", None, "ż"],
    })


WRITES = {
    "defaults": {},
    "separator and no header": {"separator": ";", "include_header": False},
    "null_value": {"null_value": "NULL"},
    "line_terminator": {"line_terminator": "\r\n"},
    "quote_char": {"quote_char": "'"},
    "quote_style always": {"quote_style": "always"},
    "quote_style never": {"quote_style": "never"},
    "quote_style non_numeric": {"quote_style": "non_numeric"},
    "float_precision": {"float_precision": 2},
}


@pytest.mark.parametrize("options", WRITES.values(), ids=WRITES.keys())
def test_write_csv_text(options):
    assert_same(lambda m: _written(m).write_csv(**options))


def test_write_csv_of_other_units():
    def data(m):
        return m.DataFrame({"t": [dt.datetime(2020, 1, 1, 1, 2, 3, 450000)]}).select(
            m.col("t").cast(m.Datetime("ms")).alias("ms"), m.col("t").cast(m.Datetime("ns")).alias("ns"),
            m.col("t").cast(m.Datetime("us", "UTC")).alias("utc"),
            m.lit(dt.time(1, 2, 3)).alias("time"), m.lit(2.5, m.Float32).alias("f32"))

    assert_same(lambda m: data(m).write_csv())


def test_write_csv_to_a_file_and_read_it_back(tmp_path):
    for m in (fl, pl):
        _written(m).write_csv(tmp_path / f"{m.__name__}.csv")
    assert (tmp_path / "floe.csv").read_bytes() == (tmp_path / "polars.csv").read_bytes()
    back = fl.read_csv(tmp_path / "floe.csv", try_parse_dates=True)
    assert_frame_equal_polars(back, pl.read_csv(tmp_path / "polars.csv", try_parse_dates=True))


def test_write_csv_to_a_file_object():
    for m in (fl, pl):
        buffer = io.StringIO()
        m.DataFrame({"a": [1, 2]}).write_csv(buffer)
        assert buffer.getvalue() == "a\n1\n2\n"


@pytest.mark.parametrize("rows", [0, 1, 1000, 100_000])
def test_round_trip(tmp_path, rows):
    df = fl.DataFrame({
        "i": [i * 7 - 3 if i % 5 else None for i in range(rows)],
        "f": [i / 3 for i in range(rows)],
        "s": [f"str,{i}" if i % 3 else f'q"{i}' for i in range(rows)],
        "b": [i % 2 == 0 for i in range(rows)],
    }, schema={"i": fl.Int64, "f": fl.Float64, "s": fl.String, "b": fl.Boolean})
    path = tmp_path / "round.csv"
    df.write_csv(path)
    back = fl.read_csv(path, schema=df.schema) if rows <= 1 else fl.read_csv(path)  # too few values to infer
    assert back.schema == df.schema
    assert back.equals(df)
    assert fl.scan_csv(path).select(fl.len()).collect().item() == rows


def test_sink_csv(tmp_path):
    path = tmp_path / "sink.csv"
    fl.LazyFrame({"a": [3, 1, 2]}).sort("a").sink_csv(path)
    assert path.read_text() == "a\n1\n2\n3\n"


# -- errors ------------------------------------------------------------------------------------

ERRORS = {
    "ragged long row": "a,b\n1,2\n3,4,5\n",
    "text after a closing quote": 'a,b\n1,"x"y\n',
    "unterminated quote": 'a,b\n1,"xy\n2,3\n',
    "invalid utf-8": b"a,b\n1,ok\n2,\xff\xfe\n",
    "value that does not parse": "a\n1\n2\nx\n",
}


@pytest.mark.parametrize("content", ERRORS.values(), ids=ERRORS.keys())
def test_read_error_class(files, content):
    path = files("bad.csv", content)
    options = {"infer_schema_length": 2} if content == ERRORS["value that does not parse"] else {}
    assert_same(lambda m: m.read_csv(path, **options))


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ("a,b\n1,2\n3,4,5\n", ["line 3", "truncate_ragged_lines"]),
        ('a,b\n1,2\n1,"x"y\n', ["line 3"]),
        ('a,b\n1,2\n2,"xy\n', ["line 3", "quote"]),
        (b"a,b\n1,ok\n2,\xff\xfe\n", ["line 3", "'b'", "utf-8"]),
        ("a\n1\n2\nx\n", ["`x`", "'a'", "line 4"]),
    ],
    ids=["ragged", "bad quote", "unterminated quote", "invalid utf-8", "unparsable value"],
)
def test_read_error_names_the_place(files, content, needles):
    path = files("bad.csv", content)
    with pytest.raises(fl.ComputeError) as info:
        fl.read_csv(path, infer_schema_length=2)
    message = str(info.value)
    for needle in needles:
        assert needle.lower() in message.lower(), f"{needle!r} not in {message!r}"


def test_missing_file(tmp_path):
    assert_same(lambda m: m.read_csv(tmp_path / "nope.csv"))
    with pytest.raises(FileNotFoundError):
        fl.scan_csv(tmp_path / "nope.csv")


def test_unknown_column(files):
    path = files("in.csv", BASIC)
    assert_same(lambda m: m.read_csv(path, columns=["zz"]))


def test_unknown_read_option_is_rejected(files):
    path = files("in.csv", BASIC)
    with pytest.raises(TypeError):
        fl.read_csv(path, not_an_option=True)


@pytest.mark.xfail(strict=True, reason="engine: an empty CSV raises ComputeError (Polars: NoDataError)")
def test_empty_csv():
    assert_same(lambda m: m.read_csv(b""))


@pytest.mark.xfail(strict=True, reason="engine: integers beyond Int64 read as Float64 (Polars: Int128)")
def test_integers_beyond_int64():
    assert_same(lambda m: m.read_csv(b"a\n9223372036854775808\n1\n"))
