"""The .str namespace against Polars, on ASCII and non-ASCII text ("żółć", "日本語", emoji), regex and literal."""

from __future__ import annotations

import pytest

import floe as fl
from harness import assert_same

TEXT = ["hello", "Żółć gęślą jaźń", "日本語テキスト", "emoji 🎉🐍!", "", None, "  padded  ", "a.b*c+d",
        "MiXeD CaSe ß", "tab\tand\nnewline", "ﬁ ligature", "İstanbul", "x" * 40]


def text(m):
    return m.DataFrame({"s": TEXT})


STR = {
    # lengths and case
    "len_bytes": lambda m: text(m).select(m.col("s").str.len_bytes()),
    "len_chars": lambda m: text(m).select(m.col("s").str.len_chars()),
    "to_uppercase": lambda m: text(m).select(m.col("s").str.to_uppercase()),
    "to_lowercase": lambda m: text(m).select(m.col("s").str.to_lowercase()),
    # contains, regex and literal
    "contains a literal dot": lambda m: text(m).select(m.col("s").str.contains(".", literal=True)),
    "contains a regex dot": lambda m: text(m).select(m.col("s").str.contains(".")),
    "contains anchored word": lambda m: text(m).select(m.col("s").str.contains(r"^\w+$")),
    "contains non-ascii regex": lambda m: text(m).select(m.col("s").str.contains("ó.ć")),
    "contains a character class": lambda m: text(m).select(m.col("s").str.contains("[ęą]")),
    "contains case-insensitive": lambda m: text(m).select(m.col("s").str.contains("(?i)mixed")),
    "contains emoji": lambda m: text(m).select(m.col("s").str.contains("🐍", literal=True)),
    "contains CJK": lambda m: text(m).select(m.col("s").str.contains("日本")),
    "contains the empty pattern": lambda m: text(m).select(m.col("s").str.contains("")),
    "contains a regex metacharacter literally": lambda m: text(m).select(m.col("s").str.contains("*c+", literal=True)),
    "contains unicode classes": lambda m: text(m).select(m.col("s").str.contains(r"\p{Han}")),
    "contains digits": lambda m: m.DataFrame({"s": ["a1", "b", "٣"]}).select(m.col("s").str.contains(r"\d")),
    "starts_with": lambda m: text(m).select(m.col("s").str.starts_with("日本")),
    "starts_with ascii": lambda m: text(m).select(m.col("s").str.starts_with("he")),
    "ends_with": lambda m: text(m).select(m.col("s").str.ends_with("!")),
    "ends_with non-ascii": lambda m: text(m).select(m.col("s").str.ends_with("jaźń")),
    "starts_with the empty string": lambda m: text(m).select(m.col("s").str.starts_with("")),
    # slicing by characters
    "slice": lambda m: text(m).select(m.col("s").str.slice(1, 3)),
    "slice to the end": lambda m: text(m).select(m.col("s").str.slice(4)),
    "slice from the end": lambda m: text(m).select(m.col("s").str.slice(-3)),
    "slice from the end with a length": lambda m: text(m).select(m.col("s").str.slice(-3, 2)),
    "slice of length 0": lambda m: text(m).select(m.col("s").str.slice(0, 0)),
    "slice past the end": lambda m: text(m).select(m.col("s").str.slice(100)),
    "slice before the start": lambda m: text(m).select(m.col("s").str.slice(-100, 3)),
    "head": lambda m: text(m).select(m.col("s").str.head(2)),
    "tail": lambda m: text(m).select(m.col("s").str.tail(2)),
    "head negative": lambda m: text(m).select(m.col("s").str.head(-2)),
    "tail negative": lambda m: text(m).select(m.col("s").str.tail(-2)),
    "head 0": lambda m: text(m).select(m.col("s").str.head(0)),
    # replace
    "replace literal text": lambda m: text(m).select(m.col("s").str.replace("l", "L")),
    "replace a regex": lambda m: text(m).select(m.col("s").str.replace(r"[aeiou]", "_")),
    "replace with groups": lambda m: text(m).select(m.col("s").str.replace(r"(\w)(\w)", "$2$1")),
    "replace with named groups": lambda m: text(m).select(m.col("s").str.replace(r"(?<first>\w)", "<${first}>")),
    "replace literal": lambda m: text(m).select(m.col("s").str.replace(".", "!", literal=True)),
    "replace literal dollar": lambda m: text(m).select(m.col("s").str.replace("a", "$1", literal=True)),
    "replace n": lambda m: text(m).select(m.col("s").str.replace("l", "L", n=2)),
    "replace non-ascii": lambda m: text(m).select(m.col("s").str.replace("ó", "o")),
    "replace with non-ascii": lambda m: text(m).select(m.col("s").str.replace("e", "ę")),
    "replace_all": lambda m: text(m).select(m.col("s").str.replace_all("l", "")),
    "replace_all literal": lambda m: text(m).select(m.col("s").str.replace_all("*", "+", literal=True)),
    "replace_all alternation": lambda m: text(m).select(m.col("s").str.replace_all("ł|ó|ś", "o")),
    "replace_all emoji": lambda m: text(m).select(m.col("s").str.replace_all("[🎉🐍]", "?")),
    "replace_all empty matches": lambda m: m.DataFrame({"s": ["abc", ""]}).select(m.col("s").str.replace_all("x*", "-")),
    "replace_all whitespace runs": lambda m: text(m).select(m.col("s").str.replace_all(r"\s+", " ")),
    # strip
    "strip_chars": lambda m: text(m).select(m.col("s").str.strip_chars()),
    "strip_chars given": lambda m: text(m).select(m.col("s").str.strip_chars("ho!")),
    "strip_chars non-ascii": lambda m: text(m).select(m.col("s").str.strip_chars("Żń")),
    "strip_chars_start": lambda m: text(m).select(m.col("s").str.strip_chars_start()),
    "strip_chars_end": lambda m: text(m).select(m.col("s").str.strip_chars_end()),
    "strip_chars_start given": lambda m: text(m).select(m.col("s").str.strip_chars_start("eh")),
    "strip_chars_end given": lambda m: text(m).select(m.col("s").str.strip_chars_end("!🐍🎉")),
    "strip unicode whitespace": lambda m: m.DataFrame({"s": ["\u00a0x\u2003", "\u3000y"]}).select(m.col("s").str.strip_chars()),
    # composition
    "filter by contains": lambda m: text(m).filter(m.col("s").str.contains("l")),
    "chained functions": lambda m: text(m).select(m.col("s").str.strip_chars().str.to_uppercase().str.slice(0, 4)),
    "length of a replaced string": lambda m: text(m).select(m.col("s").str.replace_all("ó", "oo").str.len_chars()),
    "string functions in with_columns": lambda m: text(m).with_columns(u=m.col("s").str.to_uppercase(),
                                                                       n=m.col("s").str.len_chars()),
    "string comparisons": lambda m: text(m).select(m.col("s") == "hello", (m.col("s") < "b").alias("lt")),
    "sorting strings by bytes": lambda m: text(m).sort("s"),
    "string concatenation with +": lambda m: text(m).select(m.col("s") + "!"),
    "string min and max": lambda m: text(m).select(m.col("s").min(), m.col("s").max().alias("mx")),
    "strings with long shared prefixes": lambda m: m.DataFrame({"s": ["prefix_shared_" + c for c in "bca"] + ["prefix_shared"]}).sort("s"),
    "long strings": lambda m: m.DataFrame({"s": ["ż" * 100, "a" * 13, "b" * 12]}).select(
        m.col("s").str.len_chars(), m.col("s").str.slice(95).alias("end"), m.col("s").str.to_uppercase().alias("u")),
}


@pytest.mark.parametrize("query", STR.values(), ids=STR.keys())
def test_str(query):
    assert_same(query)


ERRORS = {
    "string function on an integer": lambda m: m.DataFrame({"a": [1]}).select(m.col("a").str.to_uppercase()),
    "invalid regex": lambda m: m.DataFrame({"s": ["x"]}).select(m.col("s").str.contains("(")),
    "invalid regex in replace": lambda m: m.DataFrame({"s": ["x"]}).select(m.col("s").str.replace("[", "")),
    "invalid regex in a filter": lambda m: m.DataFrame({"s": ["x"]}).filter(m.col("s").str.contains("[")),
}


ERROR_BUGS = {
}


@pytest.mark.parametrize("query", [
    pytest.param(q, id=k, marks=[pytest.mark.xfail(strict=True, reason=ERROR_BUGS[k])] if k in ERROR_BUGS else [])
    for k, q in ERRORS.items()])
def test_str_error(query):
    assert_same(query)


def test_contains_non_strict_invalid_regex_gives_null_or_matches():
    # strict=False: Polars reports no error for an invalid pattern; both must agree on the result.
    assert_same(lambda m: m.DataFrame({"s": ["x", "y"]}).select(m.col("s").str.contains("x", strict=False)))


def test_contains_of_literals_joined_by_dot_star():
    # Searched as literals in order; `.` does not cross a newline, as in Polars.
    words = ["special requests", "requests special", "special\nrequests", "special-x-requests\nspecial requests",
             "no match here", "", None, "spécial requests", "specialrequests", "x" * 40 + "special" + "y" * 40 + "requests"]
    df = {"s": words * 30}
    for pattern in ["special.*requests", "spe.*ci.*al", ".*requests.*", "special.*requests.*special", "é.*q"]:
        assert_same(lambda m: m.DataFrame(df).select(m.col("s").str.contains(pattern)))
        assert_same(lambda m: m.DataFrame(df).filter(m.col("s").str.contains(pattern).not_()))


def test_contains_literal_in_long_and_short_strings():
    texts = [("ab" * k + "needle" + "ba" * j)[: 2 * k + 6 + j] for k in range(0, 40, 3) for j in range(0, 30, 7)]
    texts += ["needl", "eedle", "nee dle", "needle", "xneedlex", "nnneedleee", "Needle", "NEEDLE needle"]
    for needle in ["needle", "n", "ab", "edle", "eed"]:
        assert_same(lambda m: m.DataFrame({"s": texts}).select(m.col("s").str.contains(needle, literal=True)))


def test_substrings_point_into_their_input():
    # Slices of long strings share the input's buffers; the values must stay right after the
    # input frame is gone.
    df = fl.DataFrame({"s": ["a long string of text number %d" % i for i in range(1000)]})
    out = df.select(fl.col("s").str.slice(7, 6), fl.col("s").str.tail(4).alias("t"))
    del df
    assert out.row(999) == ("string", " 999")
    assert out["s"].n_unique() == 1


def test_series_str_namespace():
    assert fl.Series(["żółć", None]).str.len_chars().to_list() == [4, None]
    assert fl.Series(["a-b-c"]).str.replace_all("-", "+").to_list() == ["a+b+c"]
