"""TPC-H benchmark: the 22 queries on Floe, Polars and DuckDB over the same Parquet files in one run.

``make bench-tpch SF=1`` (or ``python bench/tpch/run.py --scale-factor 1``) generates the data
with ``floe tpch generate`` when it is missing, then runs every (engine, query) pair in its own
subprocess: one warm-up, then the best of ``--repeat`` timed runs, and the peak resident memory
of that subprocess. Floe and Polars run the query modules in bench/tpch/queries through their
lazy APIs; DuckDB runs bench/tpch/sql. Every engine's answer is checked against DuckDB's.

Prints a table of seconds per query and engine, Floe's ratio to the faster peer, the geometric
means and peak memory; writes bench/results/tpch-sf<SF>.csv, .md and .svg (a chart).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import engines as tpch  # noqa: E402  (bench/tpch/engines.py: loading queries, scans, answer checks)

ENGINES = ("floe", "polars", "duckdb")


def run_worker(engine: str, number: int, data_dir: Path, repeat: int) -> dict:
    """Runs one query on one engine in this process and returns timings and the answer."""
    if engine == "duckdb":
        con = tpch.duckdb_connection(data_dir, "parquet")
        con.execute("PRAGMA threads=%d" % (os.cpu_count() or 1))

        def once():
            return tpch.duckdb_answer(con, number)[1]
    else:
        pl = __import__(engine)
        tables = tpch.scan_tables(pl, data_dir, "parquet")
        module = tpch.load_query(number)

        def once():
            return tpch.frame_answer(module.query(tables, pl).collect())[1]

    rows = once()  # warm-up (and the answer)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"times": times, "best": min(times), "peak_mb": peak_kb / 1024, "rows": rows}


def spawn(engine: str, number: int, data_dir: Path, repeat: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", engine, "--query", str(number), "--data-dir", str(data_dir),
           "--repeat", str(repeat)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": f"exit {out.returncode}: {last[:120]}"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_data(scale_factor: float, data_dir: Path) -> None:
    if (data_dir / "lineitem.parquet").exists():
        return
    binary = os.environ.get("FLOE_BINARY", str(REPO / "build" / "release" / "floe"))
    print(f"generating TPC-H SF {scale_factor:g} into {data_dir} ...", flush=True)
    start = time.perf_counter()
    subprocess.run([binary, "tpch", "generate", "--scale-factor", f"{scale_factor:g}", "--output", str(data_dir),
                    "--format", "parquet"], check=True)
    print(f"generated in {time.perf_counter() - start:.1f} s", flush=True)


def geomean(values: list[float]) -> float:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def write_chart(path: Path, numbers: list[int], results: dict, engines: list[str], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(14, 5))
    width = 0.8 / len(engines)
    for i, engine in enumerate(engines):
        xs = [q + (i - (len(engines) - 1) / 2) * width for q in numbers]
        ys = [results[(engine, q)].get("best", 0) for q in numbers]
        ax.bar(xs, ys, width=width, label=engine)
    ax.set_xticks(numbers, [f"q{q}" for q in numbers])
    ax.set_ylabel("seconds (best of runs)")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-factor", type=float, default=1.0)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: bench/data/tpch-sf<SF>")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--queries", default=",".join(str(q) for q in tpch.QUERY_NUMBERS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per (engine, query) process")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--query", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    sf_name = f"{args.scale_factor:g}"
    data_dir = args.data_dir or REPO / "bench" / "data" / f"tpch-sf{sf_name}"
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.query, data_dir, args.repeat), default=str))
        return

    ensure_data(args.scale_factor, data_dir)
    engines = args.engines.split(",")
    numbers = [int(q) for q in args.queries.split(",")]
    results = {}
    print(f"TPC-H SF {sf_name} on {platform.machine()} with {os.cpu_count()} cores; best of {args.repeat} after a warm-up",
          flush=True)
    header = f"{'query':>5}" + "".join(f"{e:>10}" for e in engines) + f"{'floe/best peer':>16}  check"
    print(header, flush=True)
    for q in numbers:
        for engine in engines:
            results[(engine, q)] = spawn(engine, q, data_dir, args.repeat, args.timeout)
        want = results.get(("duckdb", q), {}).get("rows")
        checks = []
        for engine in engines:
            r = results[(engine, q)]
            if "error" in r or engine == "duckdb" or want is None:
                continue
            diff = tpch.compare_answers([tuple(x) for x in r["rows"]], [tuple(x) for x in want], ordered=True)  # every query orders its rows
            r["check"] = "ok" if diff is None else diff
            if diff is not None:
                checks.append(f"{engine} WRONG: {diff}")
        peers = [results[(e, q)].get("best") for e in engines if e != "floe" and "best" in results[(e, q)]]
        floe = results.get(("floe", q), {}).get("best")
        ratio = floe / min(peers) if floe and peers else float("nan")
        results[("ratio", q)] = ratio
        cells = "".join(f"{results[(e, q)].get('best', float('nan')):>10.3f}" if "best" in results[(e, q)]
                        else f"{'error':>10}" for e in engines)
        errors = [f"{e}: {results[(e, q)]['error']}" for e in engines if "error" in results[(e, q)]]
        print(f"{'q' + str(q):>5}{cells}{ratio:>16.2f}  {'; '.join(checks + errors) or 'ok'}", flush=True)

    means = {e: geomean([results[(e, q)].get("best") for q in numbers]) for e in engines}
    ratio_mean = geomean([results[("ratio", q)] for q in numbers if not math.isnan(results[("ratio", q)])])
    peaks = {e: max((results[(e, q)].get("peak_mb", 0) for q in numbers), default=0) for e in engines}
    print(f"{'geo':>5}" + "".join(f"{means[e]:>10.3f}" for e in engines) + f"{ratio_mean:>16.2f}")
    print(f"{'peak':>5}" + "".join(f"{peaks[e]:>8.0f}MB" for e in engines))

    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"tpch-sf{sf_name}"
    with open(f"{stem}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query", "engine", "best_s", "runs_s", "peak_mb", "check", "error"])
        for q in numbers:
            for e in engines:
                r = results[(e, q)]
                w.writerow([q, e, r.get("best", ""), " ".join(f"{t:.4f}" for t in r.get("times", [])),
                            f"{r.get('peak_mb', 0):.0f}", r.get("check", ""), r.get("error", "")])
    with open(f"{stem}.md", "w") as f:
        f.write(f"TPC-H SF {sf_name}, {os.cpu_count()} cores, best of {args.repeat} after a warm-up "
                f"(seconds; peak MB per engine process)\n\n")
        f.write("| query | " + " | ".join(engines) + " | Floe / faster peer |\n")
        f.write("|---|" + "---|" * len(engines) + "---|\n")
        for q in numbers:
            cells = [f"{results[(e, q)]['best']:.3f}" if "best" in results[(e, q)] else "error" for e in engines]
            f.write(f"| q{q} | " + " | ".join(cells) + f" | {results[('ratio', q)]:.2f} |\n")
        f.write("| geomean | " + " | ".join(f"{means[e]:.3f}" for e in engines) + f" | {ratio_mean:.2f} |\n")
        f.write("| peak MB | " + " | ".join(f"{peaks[e]:.0f}" for e in engines) + " | |\n")
    write_chart(Path(f"{stem}.svg"), numbers, results, engines, f"TPC-H SF {sf_name}: seconds per query (lower is better)")
    print(f"wrote {stem}.csv, {stem}.md and {stem}.svg")


if __name__ == "__main__":
    main()
