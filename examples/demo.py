"""Floe's demo: a local cluster (a scheduler and two workers), TPC-H Q1 run on it distributed,
the result and the stage graph printed, the same query on the local engine for comparison, and
the cluster stopped again."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import floe as fl

REPO = Path(__file__).resolve().parents[1]
FLOE = Path(os.environ.get("FLOE_BINARY", REPO / "build" / "release" / "floe"))
DATA = REPO / "build" / "demo-data" / "tpch-sf0.1"
WORKERS = 2


def free_port(preferred: int) -> int:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generate_data() -> None:
    if (DATA / "lineitem").exists():
        return
    print(f"Generating TPC-H at scale factor 0.1 in {DATA} ...")
    subprocess.run([str(FLOE), "tpch", "generate", "--scale-factor", "0.1", "--output", str(DATA), "--format", "parquet",
                    "--files-per-table", "4"], check=True)


def q1(lineitem):
    """TPC-H Q1 (bench/tpch/queries/q01.py: Polars' API, as Floe, Polars and the benchmarks run it)."""
    sys.path.insert(0, str(REPO / "bench" / "tpch"))
    import engines

    return engines.load_query(1).query({"lineitem": lineitem}, fl)


def main() -> int:
    generate_data()
    port = free_port(5051)
    print(f"Starting `floe local --workers {WORKERS} --port {port}` ...")
    cluster = subprocess.Popen([str(FLOE), "local", "--workers", str(WORKERS), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        print(cluster.stdout.readline().strip())
        ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=port, insecure=True)
        deadline = time.monotonic() + 30
        while sum(w["alive"] for w in ctx.cluster_info()["workers"]) < WORKERS:
            if time.monotonic() > deadline:
                print("the workers did not register within 30 s", file=sys.stderr)
                return 1
            time.sleep(0.05)

        query = q1(fl.scan_parquet(str(DATA / "lineitem")))
        start = time.perf_counter()
        handle = query.remote(ctx).distributed().execute()
        result = handle.await_result()
        distributed = time.perf_counter() - start
        print("\nTPC-H Q1 on the cluster:")
        print(result)
        print("\nStage graph:")
        print(handle.explain())

        start = time.perf_counter()
        local = query.collect()
        elapsed = time.perf_counter() - start
        same = local.rows() == result.rows() or all(
            all(abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1) if isinstance(a, float) else a == b for a, b in zip(r, s))
            for r, s in zip(local.rows(), result.rows()))
        print(f"distributed over {WORKERS} workers: {distributed * 1000:.0f} ms; local engine: {elapsed * 1000:.0f} ms; "
              f"same answer: {same}")
        print(f"scheduler: 127.0.0.1:{port}")
        return 0 if same else 1
    finally:
        cluster.send_signal(signal.SIGTERM)
        cluster.wait(timeout=20)
        print("cluster stopped")


if __name__ == "__main__":
    sys.exit(main())
