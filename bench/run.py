"""Benchmarks Floe against Polars and DuckDB on the same data in the same run (`make bench`).

Every (case, engine) pair runs in its own subprocess (bench/worker.py): untimed setup, one
warm-up, then the best of --repeat timed runs. Peak memory is that subprocess's max RSS over
setup and runs (getrusage in the worker, read before the untimed answer check; os.wait4's figure
for the whole process goes to the CSV too). The answers of all engines are compared and a
mismatch is printed loudly. Results go to stdout and bench/results/latest.{csv,md}.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)

from cases import CASES, ENGINES  # noqa: E402

FLOAT_REL_TOL = 1e-9


# -- the machine ---------------------------------------------------------------------------------

def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gb() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _versions() -> dict[str, str]:
    """Engine versions, read in a subprocess so this process never loads an engine."""
    probe = (
        "import json, importlib\n"
        "out = {}\n"
        "for m in ('floe', 'polars', 'duckdb', 'pyarrow', 'numpy'):\n"
        "    try:\n"
        "        out[m] = importlib.import_module(m).__version__\n"
        "    except Exception as e:\n"
        "        out[m] = f'unavailable ({type(e).__name__}: {e})'\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    try:
        versions = json.loads(res.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        versions = {"error": res.stderr.strip()[-300:]}
    commit = subprocess.run(["git", "-C", REPO_DIR, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if commit.returncode == 0 and "floe" in versions:
        versions["floe"] += f" (git {commit.stdout.strip()})"
    return versions


def machine_header(args) -> list[str]:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    versions = _versions()
    thread_env = {k: os.environ[k] for k in ("FLOE_MAX_THREADS", "POLARS_MAX_THREADS", "OMP_NUM_THREADS")
                  if k in os.environ}
    lines = [
        f"date: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"cpu: {_cpu_model()}, {cores} cores ({usable} usable), {_mem_total_gb():.1f} GB RAM, "
        f"{platform.system()} {platform.release()}; load average at start {os.getloadavg()[0]:.2f}",
        "threads: every engine uses its default (all usable cores)"
        + (f"; environment sets {thread_env}" if thread_env else ""),
        f"python {platform.python_version()}; " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"best of {args.repeat} timed runs after 1 warm-up; filter_sum rows: {args.rows:,}; "
        f"group_by/join/sort rows: {args.op_rows:,}",
    ]
    return lines


# -- running one (case, engine) -----------------------------------------------------------------

def run_worker(case: str, engine: str, args, csv_path: str | None) -> dict:
    """Runs bench/worker.py and returns its JSON plus the child's peak RSS (from wait4)."""
    with tempfile.TemporaryDirectory(prefix="floe-bench-") as tmp:
        out_path = os.path.join(tmp, "out.json")
        log_path = os.path.join(tmp, "log.txt")
        cmd = [sys.executable, os.path.join(BENCH_DIR, "worker.py"), "--case", case, "--engine", engine,
               "--rows", str(args.rows), "--op-rows", str(args.op_rows), "--repeat", str(args.repeat), "--out", out_path,
               "--tpch-dir", args.tpch_dir]
        if csv_path:
            cmd += ["--csv", csv_path]
        started = time.monotonic()
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            timed_out = False
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - started > args.timeout:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    timed_out = True
                    break
                time.sleep(0.02)
            proc.returncode = os.waitstatus_to_exitcode(status)
        result: dict = {"case": case, "engine": engine}
        if os.path.exists(out_path):
            with open(out_path) as f:
                result = json.load(f)
        # The child's max RSS over its whole life (Linux reports KB), which includes the answer
        # check; the table uses the peak the worker read just before that check when it has one.
        result["process_peak_rss_mb"] = usage.ru_maxrss / 1024.0
        result["peak_rss_mb"] = result.get("runs_peak_rss_mb", result["process_peak_rss_mb"])
        with open(log_path) as f:
            log_text = f.read()
        if timed_out:
            result["error"] = f"timed out after {args.timeout:g} s"
        elif proc.returncode != 0 and "error" not in result:
            why = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
            tail = log_text.strip().splitlines()[-1:] or [""]
            result["error"] = f"process died ({why}) {tail[0]}".strip()
        if result.get("error") and log_text.strip():
            result["log_tail"] = log_text[-2000:]
        return result


# -- checking answers ---------------------------------------------------------------------------

def _same(x, y) -> bool:
    if isinstance(x, float) or isinstance(y, float):
        if x is None or y is None:
            return False
        return math.isclose(float(x), float(y), rel_tol=FLOAT_REL_TOL, abs_tol=FLOAT_REL_TOL)
    return x == y


def answer_differences(a: dict, b: dict) -> list[str]:
    """The keys on which two engines' answers differ, as readable strings."""
    diffs = []
    for key in sorted(set(a) | set(b)):
        if not _same(a.get(key), b.get(key)):
            diffs.append(f"{key}: {a.get(key)!r} vs {b.get(key)!r}")
    return diffs


def check_case(results: list[dict]) -> list[str]:
    """Compares Floe's answer with each peer's (and the peers with each other); returns problems."""
    ok = [r for r in results if "answer" in r and not r.get("error")]
    problems = []
    for i, r in enumerate(ok):
        for s in ok[i + 1:]:
            diffs = answer_differences(r["answer"], s["answer"])
            if diffs:
                problems.append(f"{r['engine']} vs {s['engine']}: " + "; ".join(diffs))
                for x in (r, s):
                    x.setdefault("mismatch", []).append(s["engine"] if x is r else r["engine"])
    return problems


# -- the table ----------------------------------------------------------------------------------

def add_ratios(results: list[dict]) -> None:
    """On Floe's row: its best time and peak RSS divided by the faster peer's."""
    floe = next((r for r in results if r["engine"] == "floe" and r.get("times")), None)
    peers = [r for r in results if r["engine"] != "floe" and r.get("times") and not r.get("error")]
    if not floe or not peers:
        return
    faster = min(peers, key=lambda r: min(r["times"]))
    floe["vs_peer"] = faster["engine"]
    floe["time_ratio"] = min(floe["times"]) / min(faster["times"])
    floe["mem_ratio"] = floe["peak_rss_mb"] / faster["peak_rss_mb"]
    for peer in peers:
        floe.setdefault("ratios", {})[peer["engine"]] = (min(floe["times"]) / min(peer["times"]),
                                                         floe["peak_rss_mb"] / peer["peak_rss_mb"])


def _status(r: dict) -> str:
    if r.get("error"):
        return "ERROR"
    if r.get("mismatch"):
        return "MISMATCH"
    return "ok"


def table_rows(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        times = r.get("times") or []
        ratio = ""
        if "time_ratio" in r:
            ratio = f"{r['time_ratio']:.2f}x time, {r['mem_ratio']:.2f}x mem (vs {r['vs_peer']})"
        if r.get("error"):
            ratio = r["error"] if len(r["error"]) <= 100 else r["error"][:97] + "..."
        elif r.get("mismatch"):
            ratio = "; ".join(x for x in (f"answer differs from {', '.join(r['mismatch'])}", ratio) if x)
        extra = "-"
        if r.get("peak_rss_mb") and "setup_rss_mb" in r and not r.get("error"):
            extra = f"{r['peak_rss_mb'] - r['setup_rss_mb']:.0f}"
        rows.append([
            r["case"], r["engine"], _status(r),
            f"{min(times):.3f}" if times else "-",
            f"{r['warmup_s']:.3f}" if "warmup_s" in r else "-",
            f"{r['peak_rss_mb']:.0f}" if r.get("peak_rss_mb") else "-",
            f"{r['setup_rss_mb']:.0f}" if "setup_rss_mb" in r else "-",
            extra,
            ratio,
        ])
    return rows


HEADERS = ["case", "engine", "status", "best s", "warm-up s", "peak MB", "setup MB", "run MB",
           "Floe / faster peer (or error)"]
NUMERIC = {3, 4, 5, 6, 7}


def format_text_table(rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(HEADERS)]

    def fmt(cells):
        padded = (c.rjust(w) if i in NUMERIC else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
        return "  ".join(padded).rstrip()

    lines = [fmt(HEADERS), "  ".join("-" * w for w in widths)]
    prev_case = None
    for r in rows:
        if prev_case is not None and r[0] != prev_case:
            lines.append("")
        lines.append(fmt(r))
        prev_case = r[0]
    return "\n".join(lines)


def format_markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "|".join("---:" if i in NUMERIC else "---"
                                                            for i in range(len(HEADERS))) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def write_csv(path: str, results: list[dict]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fields = ["case", "engine", "version", "status", "best_s", "runs_s", "warmup_s", "setup_s", "peak_rss_mb",
              "setup_rss_mb", "process_peak_rss_mb", "vs_peer", "time_ratio", "mem_ratio", "answer", "error", "note"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in results:
            times = r.get("times") or []
            w.writerow({
                "case": r["case"], "engine": r["engine"], "version": r.get("version", ""), "status": _status(r),
                "best_s": f"{min(times):.6f}" if times else "", "runs_s": ";".join(f"{t:.6f}" for t in times),
                "warmup_s": f"{r['warmup_s']:.6f}" if "warmup_s" in r else "",
                "setup_s": f"{r['setup_s']:.3f}" if "setup_s" in r else "",
                "peak_rss_mb": f"{r['peak_rss_mb']:.1f}" if r.get("peak_rss_mb") else "",
                "setup_rss_mb": f"{r['setup_rss_mb']:.1f}" if "setup_rss_mb" in r else "",
                "process_peak_rss_mb": f"{r['process_peak_rss_mb']:.1f}",
                "vs_peer": r.get("vs_peer", ""),
                "time_ratio": f"{r['time_ratio']:.3f}" if "time_ratio" in r else "",
                "mem_ratio": f"{r['mem_ratio']:.3f}" if "mem_ratio" in r else "",
                "answer": json.dumps(r.get("answer", {})), "error": r.get("error", ""), "note": r.get("note", ""),
            })


# -- main ---------------------------------------------------------------------------------------

def _loud(lines: list[str]) -> None:
    bar = "!" * 78
    print(f"\n{bar}", flush=True)
    for line in lines:
        print(f"!! {line}", flush=True)
    print(bar, flush=True)


def ensure_csv(args) -> dict:
    res = subprocess.run([sys.executable, os.path.join(BENCH_DIR, "csv_data.py"), "--data-dir", args.data_dir,
                          "--size-gb", f"{args.csv_size_gb:g}"], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"could not generate the benchmark CSV:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def parse_args(argv: list[str]):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000_000, help="rows for filter_sum (default 50,000,000)")
    ap.add_argument("--op-rows", type=int, default=10_000_000,
                    help="rows of the group_by/join/sort cases (default 10,000,000; the join's right side has a tenth)")
    ap.add_argument("--csv-size-gb", type=float, default=1.0, help="size of the generated CSV (default 1)")
    ap.add_argument("--only", action="append", default=[],
                    help=f"run only this case (repeatable or comma-separated): {', '.join(CASES)}")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines (default all)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up; the best counts")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds before a worker is killed")
    ap.add_argument("--data-dir", default=os.path.join(BENCH_DIR, "data"))
    ap.add_argument("--tpch-dir", default=os.path.join(BENCH_DIR, "data", "tpch-sf1"),
                    help="TPC-H Parquet files for scan_parquet_lineitem (default bench/data/tpch-sf1)")
    ap.add_argument("--results", default=os.path.join(BENCH_DIR, "results", "latest.csv"))
    args = ap.parse_args(argv)
    args.only = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = [n for n in args.only if n not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {', '.join(unknown)}; available: {', '.join(CASES)}")
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in args.engines if e not in ENGINES]
    if bad:
        ap.error(f"unknown engine(s) {', '.join(bad)}; available: {', '.join(ENGINES)}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    cases = [CASES[n] for n in (args.only or CASES)]
    header = machine_header(args)
    print("Floe benchmark\n" + "\n".join(f"  {line}" for line in header), flush=True)

    csv_info = None
    if any(c.uses_csv for c in cases):
        print(f"\npreparing the {args.csv_size_gb:g} GB CSV in {args.data_dir} ...", flush=True)
        csv_info = ensure_csv(args)
        print(f"  {csv_info['path']}: {csv_info['rows']:,} rows, {csv_info['bytes'] / 1e9:.2f} GB", flush=True)
        header.append(f"csv: {os.path.relpath(csv_info['path'], REPO_DIR)}, {csv_info['rows']:,} rows, "
                      f"{csv_info['bytes'] / 1e9:.2f} GB")

    all_results: list[dict] = []
    problems_seen = False
    for case in cases:
        print(f"\n[{case.name}] {case.description}", flush=True)
        results = []
        for engine in args.engines:
            r = run_worker(case.name, engine, args, csv_info["path"] if case.uses_csv else None)
            results.append(r)
            times = r.get("times") or []
            state = f"ERROR {r['error']}" if r.get("error") else f"best {min(times):.3f} s"
            print(f"  {engine:<7} {state}, peak {r.get('peak_rss_mb', 0):.0f} MB", flush=True)
            if r.get("note"):
                print(f"          ({r['note']})", flush=True)
        problems = check_case(results)
        if problems:
            problems_seen = True
            _loud([f"ANSWER MISMATCH in {case.name}:"] + problems)
        elif sum(1 for r in results if "answer" in r) > 1:
            print("  answers agree: " + json.dumps(next(r["answer"] for r in results if "answer" in r)), flush=True)
        errors = [r for r in results if r.get("error")]
        for r in errors:
            print(f"  {r['engine']} failed: {r['error']}", flush=True)
        add_ratios(results)
        floe = next((r for r in results if r["engine"] == "floe"), None)
        if floe and floe.get("ratios"):
            print("  floe / " + "; floe / ".join(f"{p}: {t:.2f}x time, {m:.2f}x peak memory"
                                                for p, (t, m) in floe["ratios"].items()), flush=True)
        all_results.extend(results)

    rows = table_rows(all_results)
    print("\n" + "\n".join(header))
    print(format_text_table(rows))
    print("\nbest s: best of the timed runs; peak MB: the process's max RSS (interpreter, input data and "
          "engine);\nsetup MB: RSS after setup, before the first run; run MB: peak - setup;\n"
          "ratios: Floe's best time and peak RSS over the faster peer's (> 1 means Floe is slower / larger).")
    write_csv(args.results, all_results)
    md_path = os.path.splitext(args.results)[0] + ".md"
    with open(md_path, "w") as f:
        f.write("\n".join(f"- {line}" for line in header) + "\n\n" + format_markdown_table(rows) + "\n")
    print(f"\nwrote {args.results} and {md_path}")
    if problems_seen:
        _loud(["some engines disagree on the answer: see ANSWER MISMATCH above"])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
