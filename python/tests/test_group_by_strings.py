"""group_by, unique and joins over one string key, checked against Polars: short keys, keys past the
12 bytes a string view holds inline, keys equal in size and first bytes, empty strings and nulls,
few groups and more groups than one table holds, on one thread or several and with tiny morsels.
"""

from __future__ import annotations

import json
import textwrap

import polars as pl
import pytest

import floe as fl
from harness import assert_same, run_floe_subprocess

# Deterministic data, shared by this process and the subprocesses that run with other settings.
DATA = textwrap.dedent(
    """
    def string_keys(rows, groups):
        out = []
        for i in range(rows):
            k = (i * 7919) % groups
            form = k % 5
            if i % 13 == 0:
                out.append(None)
            elif form == 0:
                out.append(f"k{k}")                                   # short
            elif form == 1:
                out.append(f"a long shared prefix past the view {k}")  # long, same first bytes
            elif form == 2:
                out.append(f"pref{k:08d}")                            # exactly 12 bytes, inline
            elif form == 3:
                out.append(f"pref{k:09d}")                            # 13 bytes, same prefix
            else:
                out.append("" if k % 2 else f"é{k % 7}")             # empty and multibyte
        return out

    def frame(m, rows, groups):
        return m.DataFrame({"s": string_keys(rows, groups), "v": [i % 1000 - 500 for i in range(rows)]})
    """
)
exec(DATA)  # noqa: S102 - defines string_keys() and frame() here as well

AGGS = "[m.col('v').sum().alias('sum'), m.len().alias('n'), m.col('v').min().alias('min'), " \
       "m.col('v').first().alias('first'), m.col('v').last().alias('last'), m.col('v').n_unique().alias('u')]"

QUERIES = {
    "grouped": f"lambda m, f: f.group_by('s').agg(*{AGGS}).sort('s', nulls_last=True)",
    "grouped in order": f"lambda m, f: f.group_by('s', maintain_order=True).agg(*{AGGS})",
    "unique": "lambda m, f: f.unique(subset='s', keep='first', maintain_order=True)",
    "joined": "lambda m, f: f.join(f.group_by('s').agg(m.len().alias('n')), on='s', how='inner')"
              ".group_by('n').agg(m.col('v').sum()).sort('n')",
}

RUN = DATA + textwrap.dedent(
    """
    import json
    import floe as fl
    rows, groups, queries = ARGS
    out = {}
    for name, text in queries.items():
        result = eval(text)(fl, frame(fl, rows, groups))
        out[name] = {c: result.get_column(c).to_list() for c in result.columns}
    print(json.dumps(out))
    """
)

SIZES = {"few groups": (20_000, 97), "many groups": (700_000, 350_003)}
SETTINGS = {
    "default": {},
    "one thread": {"FLOE_MAX_THREADS": "1"},
    "tiny morsels": {"FLOE_MORSEL_SIZE": "7"},
    "more threads than cores": {"FLOE_MAX_THREADS": "5", "FLOE_MORSEL_SIZE": "4096"},
}


@pytest.mark.parametrize("query", QUERIES.keys())
def test_small_frames_match_polars(query):
    assert_same(lambda m: eval(QUERIES[query])(m, frame(m, 3000, 211)))  # noqa: S307


def test_only_nulls_and_empty_strings():
    def frame_of(m, keys):
        return m.DataFrame({"s": keys, "v": list(range(len(keys)))}, schema={"s": m.String, "v": m.Int64})

    assert_same(lambda m: frame_of(m, [None, "", None, ""]).group_by("s", maintain_order=True).agg(m.col("v").sum()))
    assert_same(lambda m: frame_of(m, [None, None]).group_by("s").agg(m.col("v").sum(), m.len()))


def test_empty_input():
    assert_same(lambda m: m.DataFrame({"s": [], "v": []}, schema={"s": m.String, "v": m.Int64})
                .group_by("s").agg(m.col("v").sum()))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES.keys())
@pytest.mark.parametrize("setting", SETTINGS.keys())
def test_threads_and_morsels_match_polars(size, setting):
    rows, groups = SIZES[size]
    code = f"ARGS = {json.dumps([rows, groups, QUERIES])}\n" + RUN
    got = json.loads(run_floe_subprocess(code, env=SETTINGS[setting], timeout=600))
    source = frame(pl, rows, groups)
    for name, text in QUERIES.items():
        want = eval(text)(pl, source)  # noqa: S307
        assert got[name] == {c: want.get_column(c).to_list() for c in want.columns}, f"{name} differs"
