"""Runs one benchmark case on one engine in this process and writes the timings as JSON.

run.py starts one of these per (case, engine), so each engine's peak memory is its own process's.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cases import CASES, Params  # noqa: E402


def _rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _error_text(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}"


def measure(case: str, engine: str, params: Params, repeat: int) -> dict:
    """One untimed setup, one warm-up run, then ``repeat`` timed runs."""
    out: dict = {"case": case, "engine": engine}
    stage = "setup"
    try:
        t0 = time.perf_counter()
        prepared = CASES[case].setups[engine](params)
        out["setup_s"] = time.perf_counter() - t0
        out["version"] = prepared.version
        out["note"] = prepared.note
        out["setup_rss_mb"] = _rss_mb()
        times = []
        result = None
        for i in range(repeat + 1):
            stage = "warm-up" if i == 0 else f"run {i}"
            result = None
            gc.collect()
            prepared.reset()
            t0 = time.perf_counter()
            result = prepared.run()
            elapsed = time.perf_counter() - t0
            if i == 0:
                out["warmup_s"] = elapsed
            else:
                times.append(elapsed)
        out["times"] = times
        # Peak RSS of setup and runs, read before the untimed answer check adds its own memory.
        out["runs_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        stage = "answer"
        out["answer"] = prepared.answer(result)
    except Exception as exc:  # recorded in the table; the harness goes on with the next engine
        out["error"] = f"{stage}: {_error_text(exc)}"
        out["traceback"] = traceback.format_exc()
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--engine", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--op-rows", type=int, default=10_000_000)
    ap.add_argument("--csv")
    ap.add_argument("--tpch-dir")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    params = Params(rows=args.rows, csv_path=args.csv, op_rows=args.op_rows, tpch_dir=args.tpch_dir)
    result = measure(args.case, args.engine, params, args.repeat)
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
