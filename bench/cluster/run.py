"""Cluster benchmark: the 22 TPC-H queries on a local Floe cluster against the local engine.

``make bench-cluster SF=1`` (or ``python bench/cluster/run.py --scale-factor 1 --workers 2``)
starts ``floe local --workers N`` on a free port, then for each query times, in this process,
the local engine (``collect()``) and the cluster (``remote(ctx).distributed().execute()
.await_result()``), alternating, best of ``--runs`` each, and checks every distributed answer
against the local one. For each query it records the ratio distributed / local, the bytes the
stages exchanged (every stage's output except the last one's, which is the result) and the
shuffle throughput (exchanged MB per distributed second). At the end it reads the peak resident
memory (VmHWM) of the scheduler and of each worker before stopping the cluster with SIGTERM,
and the peak of this process (the local runs) from getrusage. A failed query is recorded with
its error and the run goes on (on a fresh cluster when a worker died).

Prints a markdown table; writes bench/results/cluster-sf<SF>.md, .csv, -stages.txt (each
query's stage graph with per-stage tasks, rows, bytes and task seconds) and -floe-local.log.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "bench" / "tpch"))

import engines as tpch  # noqa: E402  (bench/tpch/engines.py: query modules, scans, answer checks)

MB = 1e6
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---- processes ----

def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces), or None
    when the process is gone. Index 1 is the parent pid, 11 and 12 user and system ticks."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def children_of(pid: int) -> list[int]:
    """Direct children of ``pid``, found by scanning /proc/*/stat for their parent pid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = proc_stat(int(entry))
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def peak_rss_mb(pid: int) -> float | None:
    """The process's resident-memory high-water mark (VmHWM) in MB, None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    except OSError:
        return None
    return None


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = proc_stat(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalCluster:
    """``floe local --workers N`` as a child process, its workers found as its children."""

    def __init__(self, binary: Path, workers: int, log_path: Path, startup_timeout: float = 60.0):
        import floe as fl

        self.workers = workers
        self.root = Path(tempfile.mkdtemp(prefix="floe-bench-cluster-"))
        self.port = free_port()
        # The dashboard is off so that the default port 8080 cannot clash with another run.
        env = {**os.environ, "FLOE__WORKER__SHUFFLE_DIR": str(self.root / "shuffle"),
               "FLOE__SCHEDULER__RESULTS_DIR": str(self.root / "results"), "FLOE__SCHEDULER__DASHBOARD_PORT": "0"}
        self.log = open(log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([str(binary), "local", "--workers", str(workers), "--port", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=self.port, insecure=True)
        deadline = time.monotonic() + startup_timeout
        while self.alive_workers() < workers:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"floe local exited with {self.process.returncode} at startup; see {log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{workers} workers did not register within {startup_timeout:.0f} s; see {log_path}")
            time.sleep(0.05)
        self.worker_pids = children_of(self.process.pid)
        self.peaks: dict[str, float] = {}

    def alive_workers(self) -> int:
        try:
            return sum(bool(w["alive"]) for w in self.ctx.cluster_info()["workers"])
        except RuntimeError:
            return 0

    def healthy(self) -> bool:
        """Every worker process runs (not gone, not a zombie) and the scheduler sees them all."""
        for pid in self.worker_pids:
            fields = proc_stat(pid)
            if fields is None or fields[0] in ("Z", "X"):
                return False
        return self.alive_workers() >= self.workers

    def worker_cpu_seconds(self) -> float:
        return cpu_seconds(self.worker_pids)

    def read_peaks(self) -> dict[str, float]:
        """VmHWM of the scheduler and each worker; read before stopping (gone afterwards)."""
        peaks = {"scheduler": peak_rss_mb(self.process.pid)}
        for i, pid in enumerate(self.worker_pids):
            peaks[f"worker {i} (pid {pid})"] = peak_rss_mb(pid)
        self.peaks = {k: v for k, v in peaks.items() if v is not None}
        return self.peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


# ---- one query ----

def timed(once, cpu_clock) -> tuple[float, float, object]:
    """Wall seconds and CPU seconds (by ``cpu_clock``) of one call, and its result."""
    cpu = cpu_clock()
    start = time.perf_counter()
    result = once()
    return time.perf_counter() - start, cpu_clock() - cpu, result


def error_text(e: BaseException) -> str:
    lines = str(e).strip().splitlines() or [""]
    return f"{type(e).__name__}: {lines[0][:300]}"


def answer_problem(got, want) -> str | None:
    problems = []
    if got.columns != want.columns:
        problems.append(f"columns {got.columns}, expected {want.columns}")
    if got.dtypes != want.dtypes:
        problems.append(f"dtypes {got.dtypes}, expected {want.dtypes}")
    diff = tpch.compare_answers(got.rows(), want.rows(), ordered=True, rel_tol=1e-6)  # every query orders its rows
    if diff is not None:
        problems.append(diff)
    return "; ".join(problems) or None


def run_query(number: int, tables: dict, fl, cluster: LocalCluster, runs: int, timeout: float) -> dict:
    """Local and distributed runs alternate, so that load from elsewhere on the machine falls on
    both alike; the best of each counts. Every distributed answer is checked against the local one."""
    query = tpch.load_query(number).query(tables, fl)
    r: dict = {"query": number, "local_runs": [], "dist_runs": []}
    local_cpus, dist_cpus, handles, problem, want = [], [], [], None, None

    def distributed():
        handle = query.remote(cluster.ctx).distributed().execute()
        handles.append(handle)
        return handle.await_result(timeout=timeout)

    for _ in range(runs):
        try:
            seconds, cpu, want = timed(query.collect, self_cpu_seconds)
        except Exception as e:  # noqa: BLE001 - a report: record and go on
            r["error"] = f"local: {error_text(e)}"
            return r
        r["local_runs"].append(seconds)
        local_cpus.append(cpu)
        try:
            seconds, cpu, got = timed(distributed, cluster.worker_cpu_seconds)
        except Exception as e:  # noqa: BLE001
            r["error"] = f"distributed: {error_text(e)}"
            r["local"] = min(r["local_runs"])
            r["local_cpu"] = local_cpus[r["local_runs"].index(r["local"])]
            if handles:
                try:
                    status = handles[-1].get_status()
                    r["stage_graph"] = status.stage_graph
                    r["stages"] = status.stages
                except Exception:  # noqa: BLE001, S110 - the status is a bonus for the report
                    pass
            return r
        r["dist_runs"].append(seconds)
        dist_cpus.append(cpu)
        problem = problem or answer_problem(got, want)
    r["local"] = min(r["local_runs"])
    r["local_cpu"] = local_cpus[r["local_runs"].index(r["local"])]
    r["dist"] = min(r["dist_runs"])
    r["dist_cpu"] = dist_cpus[r["dist_runs"].index(r["dist"])]

    best = handles[r["dist_runs"].index(r["dist"])]
    r["query_id"] = best.query_id
    status = best.get_status()
    r["scheduler_elapsed"] = status.elapsed_seconds
    r["stages"] = status.stages
    r["stage_graph"] = status.stage_graph
    r["exchanged_mb"] = sum(s["bytes"] for s in status.stages[:-1]) / MB
    r["mb_per_s"] = r["exchanged_mb"] / r["dist"]
    r["ratio"] = r["dist"] / r["local"]
    r["rows"] = want.height
    r["check"] = "ok" if problem is None else f"WRONG: {problem}"
    r["load1"] = float(Path("/proc/loadavg").read_text().split()[0])  # other work on the machine skews times
    return r


# ---- task times from the workers' log ----

def task_times(log_path: Path) -> dict[str, list[tuple[int, int, float, float]]]:
    """(stage, task, seconds, end) of every finished task per query id, from the "task finished"
    lines the workers log (end in seconds since the epoch)."""
    tasks: dict[str, list[tuple[int, int, float, float]]] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        if '"task finished"' not in line:
            continue
        try:
            event = json.loads(line)
            end = datetime.fromisoformat(event["ts"].replace("Z", "+00:00")).timestamp()
            tasks.setdefault(event["query"], []).append(
                (int(event["stage"]), int(event["task"]), float(event["seconds"]), end))
        except (ValueError, KeyError):
            continue
    return tasks


def attach_task_times(results: list[dict], log_path: Path) -> None:
    """Per stage of each query's best distributed run: its tasks' seconds, and when the stage ran
    (first task start to last task end) relative to the query's first task start."""
    tasks = task_times(log_path)
    for r in results:
        mine = tasks.get(r.get("query_id", ""), [])
        if not mine:
            continue
        origin = min(end - seconds for _, _, seconds, end in mine)
        r["tasks_busy_s"] = sum(seconds for _, _, seconds, _ in mine)
        for s in r["stages"]:
            own = sorted((task, seconds, end) for stage, task, seconds, end in mine if stage == s["stage"])
            if own:
                s["task_seconds"] = [seconds for _, seconds, _ in own]
                s["span"] = (min(end - seconds for _, seconds, end in own) - origin, max(end for _, _, end in own) - origin)


# ---- output ----

def geomean(values: list[float]) -> float:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def fmt(value, spec: str) -> str:
    return format(value, spec) if isinstance(value, (int, float)) else "-"


def markdown(results: list[dict], header: str, peaks: dict[str, float], python_peak: float, load: str) -> str:
    lines = [header, "",
             "| query | local s | distributed s | distributed / local | MB exchanged | MB/s | stages | check |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        check = r.get("check") or r.get("error", "")
        lines.append(f"| q{r['query']} | {fmt(r.get('local'), '.3f')} | {fmt(r.get('dist'), '.3f')} | "
                     f"{fmt(r.get('ratio'), '.2f')} | {fmt(r.get('exchanged_mb'), '.3f')} | "
                     f"{fmt(r.get('mb_per_s'), '.1f')} | {len(r.get('stages', [])) or '-'} | {check} |")
    ok = [r for r in results if "ratio" in r]
    lines.append(f"| geomean | {geomean([r['local'] for r in ok]):.3f} | {geomean([r['dist'] for r in ok]):.3f} | "
                 f"{geomean([r['ratio'] for r in ok]):.2f} | | | | {len(ok)} of {len(results)} ran |")
    lines += ["", "Peak resident memory (VmHWM / ru_maxrss, MB, whole run):", ""]
    lines += [f"- {name}: {mb:.0f}" for name, mb in peaks.items()]
    lines += [f"- Python process (local runs, and fetching distributed results): {python_peak:.0f}", "",
              f"Machine load: {load}", ""]
    return "\n".join(lines)


def write_csv(path: Path, results: list[dict]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query", "local_s", "distributed_s", "ratio", "exchanged_mb", "mb_per_s", "scheduler_elapsed_s",
                    "local_cpu_s", "workers_cpu_s", "tasks_busy_s", "load1", "stages", "tasks", "rows", "local_runs_s", "distributed_runs_s",
                    "check", "error"])
        for r in results:
            w.writerow([r["query"], r.get("local", ""), r.get("dist", ""), r.get("ratio", ""), r.get("exchanged_mb", ""),
                        r.get("mb_per_s", ""), r.get("scheduler_elapsed", ""), r.get("local_cpu", ""),
                        r.get("dist_cpu", ""), r.get("tasks_busy_s", ""), r.get("load1", ""), len(r.get("stages", [])),
                        sum(s["tasks_total"] for s in r.get("stages", [])), r.get("rows", ""),
                        " ".join(f"{t:.4f}" for t in r.get("local_runs", [])),
                        " ".join(f"{t:.4f}" for t in r.get("dist_runs", [])), r.get("check", ""), r.get("error", "")])


def write_stages(path: Path, results: list[dict]) -> None:
    with open(path, "w") as f:
        for r in results:
            f.write(f"==== q{r['query']}: local {fmt(r.get('local'), '.3f')} s, distributed {fmt(r.get('dist'), '.3f')} s"
                    f"{', ' + r['error'] if 'error' in r else ''}\n")
            if "local_cpu" in r and "dist_cpu" in r:
                f.write(f"CPU seconds: local engine {r['local_cpu']:.2f}, workers {r['dist_cpu']:.2f}; "
                        f"sum of task seconds {r.get('tasks_busy_s', float('nan')):.2f}\n")
            for s in r.get("stages", []):
                timing = ""
                if "task_seconds" in s:
                    timing = (f", tasks s [{', '.join(f'{t:.3f}' for t in s['task_seconds'])}], "
                              f"ran {s['span'][0]:.3f}-{s['span'][1]:.3f}")
                f.write(f"stage {s['stage']}: {s['tasks_done']}/{s['tasks_total']} tasks, {s['rows']} rows, "
                        f"{s['bytes'] / MB:.3f} MB{timing}  {s['description'][:160]}\n")
            f.write(r.get("stage_graph", "") + "\n")


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return Path("/proc/loadavg").read_text().strip()


def ensure_data(binary: Path, scale_factor: float, data_dir: Path) -> None:
    if (data_dir / "lineitem.parquet").exists() or (data_dir / "lineitem").is_dir():
        return
    print(f"generating TPC-H SF {scale_factor:g} into {data_dir} ...", flush=True)
    subprocess.run([str(binary), "tpch", "generate", "--scale-factor", f"{scale_factor:g}", "--output", str(data_dir),
                    "--format", "parquet"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-factor", type=float, default=1.0)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: bench/data/tpch-sf<SF>")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs, local and distributed")
    parser.add_argument("--queries", default=",".join(str(q) for q in tpch.QUERY_NUMBERS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per distributed run")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    import floe as fl

    binary = Path(os.environ.get("FLOE_BINARY", REPO / "build" / "release" / "floe"))
    sf_name = f"{args.scale_factor:g}"
    data_dir = args.data_dir or REPO / "bench" / "data" / f"tpch-sf{sf_name}"
    ensure_data(binary, args.scale_factor, data_dir)
    numbers = [int(q) for q in args.queries.split(",")]
    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"cluster-sf{sf_name}"
    log_path = Path(f"{stem}-floe-local.log")
    log_path.write_text("")

    load_before = uptime()
    cluster = LocalCluster(binary, args.workers, log_path)
    peaks: dict[str, float] = {}
    results = []
    restarts: list[int] = []
    try:
        info = cluster.ctx.cluster_info()
        threads = [w["threads"] for w in info["workers"]]
        header = (f"TPC-H SF {sf_name} on {platform.machine()} with {os.cpu_count()} cores: local engine in this process "
                  f"vs `floe local --workers {args.workers}` (worker threads {threads}); best of {args.runs} runs each")
        print(header, flush=True)
        print(f"{'query':>5} {'local s':>8} {'dist s':>8} {'ratio':>6} {'MB exch':>8} {'MB/s':>7}  check", flush=True)
        tables = tpch.scan_tables(fl, data_dir, "parquet")
        for q in numbers:
            if not cluster.healthy():
                # A worker died (the previous query's error says why): a fresh cluster for the rest.
                # A killed worker's peak memory is gone with it.
                print(f"a worker is gone: restarting the cluster before q{q}", flush=True)
                restarts.append(q)
                for name, mb in cluster.read_peaks().items():
                    peaks[name] = max(peaks.get(name, 0.0), mb)
                cluster.stop()
                cluster = LocalCluster(binary, args.workers, log_path)
            r = run_query(q, tables, fl, cluster, args.runs, args.timeout)
            results.append(r)
            print(f"{'q' + str(q):>5} {fmt(r.get('local'), '8.3f')} {fmt(r.get('dist'), '8.3f')} "
                  f"{fmt(r.get('ratio'), '6.2f')} {fmt(r.get('exchanged_mb'), '8.3f')} {fmt(r.get('mb_per_s'), '7.1f')}  "
                  f"{r.get('check') or r.get('error')}", flush=True)
        for name, mb in cluster.read_peaks().items():
            peaks[name] = max(peaks.get(name, 0.0), mb)
    finally:
        cluster.stop()
    python_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    load = f"before: {load_before}; after: {uptime()}"

    attach_task_times(results, log_path)
    if restarts:
        load += "\n\nThe cluster was restarted (a worker had died) before " + ", ".join(f"q{q}" for q in restarts) + "."
    text = markdown(results, header, peaks, python_peak, load)
    print()
    print(text)
    Path(f"{stem}.md").write_text(text)
    write_csv(Path(f"{stem}.csv"), results)
    write_stages(Path(f"{stem}-stages.txt"), results)
    print(f"wrote {stem}.md, {stem}.csv, {stem}-stages.txt and {log_path.name}")


if __name__ == "__main__":
    main()
