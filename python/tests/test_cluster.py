"""A real cluster on loopback: one ``floe scheduler`` and three ``floe worker`` processes.

Every distributed answer must equal the local engine's (all 22 TPC-H queries among them);
cancelling works; a worker killed mid-query fails the query with a clear error instead of a hang;
an unreachable scheduler is a RuntimeError within seconds; malformed traffic leaves the scheduler
serving. ``floe local`` and the reference's quick-start snippet are checked too.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import floe as fl

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench" / "tpch"))
import engines  # noqa: E402 - bench/tpch/engines.py

WORKERS = 3


def floe_binary() -> Path:
    binary = Path(os.environ.get("FLOE_BINARY", REPO / "build" / "release" / "floe"))
    if not binary.exists():
        pytest.skip(f"the floe binary is not built ({binary}); run `make build` or set FLOE_BINARY")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_workers(ctx: fl.ClusterContext, n: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if sum(w["alive"] for w in ctx.cluster_info()["workers"]) >= n:
                return
        except RuntimeError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{n} workers did not register within {timeout} s")


class Cluster:
    """A scheduler and workers as child processes, each with its own log file."""

    def __init__(self, root: Path, workers: int):
        self.root = root
        self.port = free_port()
        self.env = {**os.environ, "FLOE__SCHEDULER__RESULTS_DIR": str(root / "results"),
                    "FLOE__SCHEDULER__HEARTBEAT_INTERVAL_MS": "200", "FLOE__SCHEDULER__WORKER_TIMEOUT_MS": "5000",
                    "FLOE__WORKER__HEARTBEAT_INTERVAL_MS": "200"}
        self.scheduler = self._spawn("scheduler", "scheduler", "--port", str(self.port), "--n-workers", str(workers))
        self.workers: dict[str, subprocess.Popen] = {}
        for i in range(workers):
            self.start_worker(f"w{i}")
        self.ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=self.port, insecure=True)
        wait_for_workers(self.ctx, workers)

    def _spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        return subprocess.Popen([str(floe_binary()), *args], stdout=log, stderr=subprocess.STDOUT, env=self.env)

    def start_worker(self, node_id: str) -> None:
        self.workers[node_id] = self._spawn(
            node_id, "worker", "--scheduler", f"127.0.0.1:{self.port}", "--node-id", node_id,
            "--shuffle-dir", str(self.root / "shuffle" / node_id), "--threads", "2")

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text()

    def stop(self) -> None:
        for p in [*self.workers.values(), self.scheduler]:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in [*self.workers.values(), self.scheduler]:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                raise


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"), WORKERS)
    yield c
    c.stop()
    # SIGTERM stops every process cleanly.
    assert c.scheduler.returncode == 0, c.log("scheduler")
    for name, p in c.workers.items():
        assert p.returncode in (0, -signal.SIGKILL), c.log(name)


@pytest.fixture(scope="module")
def tpch_dir(tmp_path_factory) -> Path:
    """TPC-H at SF 0.01, each table in three files, so scans split across the workers."""
    out = tmp_path_factory.mktemp("tpch-split")
    result = subprocess.run([str(floe_binary()), "tpch", "generate", "--scale-factor", "0.01", "--output", str(out),
                             "--format", "parquet", "--files-per-table", "3"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def assert_same(got: fl.DataFrame, want: fl.DataFrame, *, ordered: bool = True, rel_tol: float = 1e-9) -> None:
    assert got.columns == want.columns
    assert got.dtypes == want.dtypes
    problem = engines.compare_answers(got.rows(), want.rows(), ordered=ordered, rel_tol=rel_tol)
    assert problem is None, problem


# ---- answers ----

@pytest.mark.parametrize("number", engines.QUERY_NUMBERS, ids=lambda n: f"q{n:02d}")
def test_tpch_distributed_equals_local(number, cluster, tpch_dir):
    tables = engines.scan_tables(fl, tpch_dir, "parquet")
    query = engines.load_query(number).query(tables, fl)
    want = query.collect()
    handle = query.remote(cluster.ctx).distributed().execute()
    got = handle.await_result()
    assert_same(got, want)
    status = handle.get_status()
    assert status.state == "succeeded"
    assert status.result_rows == want.height
    assert all(s["tasks_done"] == s["tasks_total"] for s in status.stages)


def test_distributed_plan_uses_every_worker(cluster, tpch_dir):
    lineitem = fl.scan_parquet(engines.table_sources(tpch_dir, "lineitem", "parquet"))
    query = lineitem.group_by("l_returnflag").agg(fl.col("l_quantity").sum(), fl.len())
    text = query.remote(cluster.ctx).distributed().explain()
    assert f"Stage 0: {WORKERS} tasks -> hash(l_returnflag) into {WORKERS} partitions" in text
    assert "EXCHANGE stage 0" in text
    handle = query.remote(cluster.ctx).distributed().execute()
    assert_same(handle.await_result().sort("l_returnflag"), query.collect().sort("l_returnflag"))
    assert handle.explain() == text
    assert [s["tasks_total"] for s in handle.get_status().stages] == [WORKERS, WORKERS]


def test_single_node_runs_one_task(cluster, tpch_dir):
    orders = fl.scan_parquet(engines.table_sources(tpch_dir, "orders", "parquet"))
    query = orders.filter(fl.col("o_totalprice") > 100_000).select(fl.len())
    handle = query.remote(cluster.ctx).single_node().execute()
    assert_same(handle.await_result(), query.collect())
    assert [s["tasks_total"] for s in handle.get_status().stages] == [1]


def test_quick_start_snippet_of_the_reference(cluster):
    # Polars Cloud's snippet with `import polars_cloud as pc; import polars as pl` changed.
    pc = fl
    pl = fl
    ctx = pc.ClusterContext(compute_address="127.0.0.1", compute_port=cluster.port, insecure=True)
    query = (
        pl.LazyFrame()
        .with_columns(a=pl.arange(0, 10_000_000).sum())
        .remote(ctx)
        .distributed()
        .execute()
    )
    result = query.await_result()
    assert result.rows() == [(49999995000000,)]
    assert str(result) == str(pl.LazyFrame().with_columns(a=pl.arange(0, 10_000_000).sum()).collect())


def test_results_from_in_memory_frames_and_errors_keep_their_class(cluster):
    df = fl.DataFrame({"k": [1, 2, 1, None], "v": [1.5, 2.0, None, 4.0], "s": ["a", "b", "c", "d"]})
    query = df.lazy().group_by("k").agg(fl.col("v").sum(), fl.col("s").first()).sort("k")
    assert_same(query.remote(cluster.ctx).distributed().execute().await_result(), query.collect())
    bad = df.lazy().select(fl.col("s").cast(fl.Int64))
    with pytest.raises(fl.InvalidOperationError) as local_error:
        bad.collect()
    with pytest.raises(fl.InvalidOperationError) as remote_error:
        bad.remote(cluster.ctx).execute().await_result()
    assert str(remote_error.value) == str(local_error.value)


def test_large_results_are_stored_as_parquet(cluster, tpch_dir, tmp_path):
    lineitem = fl.scan_parquet(engines.table_sources(tpch_dir, "lineitem", "parquet"))
    query = lineitem.select("l_orderkey", "l_comment").sort("l_orderkey", "l_comment")
    handle = query.remote(cluster.ctx).distributed().sink_parquet(str(tmp_path / "out.parquet"))
    assert handle.await_result() is None
    assert_same(fl.read_parquet(tmp_path / "out.parquet"), query.collect())
    assert_same(handle.await_and_scan().collect(), query.collect())


def test_show_and_progress(cluster, tpch_dir, capsys):
    orders = fl.scan_parquet(engines.table_sources(tpch_dir, "orders", "parquet"))
    handle = orders.sort("o_orderkey").remote(cluster.ctx).distributed().execute()
    status = handle.await_progress(timeout=30)
    assert status.query_id == handle.query_id
    head = handle.show()
    assert head.height == 10
    assert head.rows() == orders.sort("o_orderkey").head(10).collect().rows()
    assert "shape: (10, 9)" in capsys.readouterr().out
    assert handle.await_progress().finished


# ---- failures ----

SLOW_QUERY = fl.LazyFrame().select(fl.int_range(0, 150_000_000).alias("x")).select(
    (fl.col("x") * 3 % 7).sum().alias("s"))


def test_cancel_stops_a_running_query(cluster):
    handle = SLOW_QUERY.remote(cluster.ctx).execute()
    time.sleep(0.3)
    start = time.monotonic()
    handle.cancel()
    status = handle._wait(timeout=20)
    assert status.state == "cancelled"
    assert time.monotonic() - start < 10
    with pytest.raises(BaseException, match="cancelled"):
        handle.await_result()
    # The cluster still answers.
    assert fl.LazyFrame({"a": [1, 2]}).select(fl.col("a").sum()).remote(cluster.ctx).execute().await_result().item() == 3


def test_unreachable_scheduler_fails_fast_with_a_hint():
    ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=free_port(), insecure=True)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="Error setting up gRPC connection") as error:
        fl.LazyFrame({"a": [1]}).remote(ctx).execute()
    assert time.monotonic() - start < 10
    assert "Hint:" in str(error.value)


def test_malformed_traffic_leaves_the_scheduler_serving(cluster):
    for payload in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", os.urandom(4096), b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + os.urandom(64)):
        with socket.create_connection(("127.0.0.1", cluster.port), timeout=5) as s:
            s.sendall(payload)
            s.settimeout(1)
            try:
                s.recv(1024)
            except OSError:
                pass
    assert cluster.scheduler.poll() is None
    assert fl.LazyFrame({"a": [1, 2]}).select(fl.col("a").sum()).remote(cluster.ctx).execute().await_result().item() == 3


def test_unknown_query_id_is_a_clear_error(cluster):
    from floe.cluster import InProgressQueryRemote

    with pytest.raises(fl.InvalidOperationError, match="no query with id 'nope'"):
        InProgressQueryRemote(cluster.ctx, "nope").get_status()


def test_killed_worker_fails_the_query_without_a_hang(cluster):
    handle = SLOW_QUERY.remote(cluster.ctx).execute()
    busy = None
    deadline = time.monotonic() + 20
    while busy is None and time.monotonic() < deadline:
        for w in cluster.ctx.cluster_info()["workers"]:
            if w["running_tasks"] > 0:
                busy = w["node_id"]
        time.sleep(0.05)
    assert busy is not None, "no worker picked up the query"
    cluster.workers[busy].kill()
    start = time.monotonic()
    status = handle._wait(timeout=30)
    assert time.monotonic() - start < 15
    assert status.state == "failed"
    assert busy in status.error or "lost" in status.error
    with pytest.raises(Exception, match="lost|stopped responding|unavailable|Socket closed|Connection"):
        handle.await_result()
    # A replacement worker joins and the cluster answers again.
    cluster.start_worker(busy + "-again")
    wait_for_workers(cluster.ctx, WORKERS)
    assert fl.LazyFrame({"a": [1, 2]}).select(fl.col("a").sum()).remote(cluster.ctx).distributed().execute().await_result().item() == 3


# ---- floe local ----

def test_floe_local_runs_a_distributed_query(tmp_path):
    port = free_port()
    env = {**os.environ, "FLOE__WORKER__SHUFFLE_DIR": str(tmp_path / "shuffle")}
    local = subprocess.Popen([str(floe_binary()), "local", "--workers", "2", "--port", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        ctx = fl.ClusterContext(compute_address="127.0.0.1", compute_port=port, insecure=True)
        wait_for_workers(ctx, 2)
        df = fl.DataFrame({"g": ["a", "b", "a"], "v": [1, 2, 3]})
        got = df.lazy().group_by("g").agg(fl.col("v").sum()).sort("g").remote(ctx).distributed().execute().await_result()
        assert got.rows() == [("a", 4), ("b", 2)]
    finally:
        local.send_signal(signal.SIGTERM)
        out, err = local.communicate(timeout=20)
    assert local.returncode == 0, err
    assert f"scheduler at 127.0.0.1:{port} with 2 workers" in out


# ---- configuration ----

def test_config_show_merges_file_environment_and_flags(tmp_path):
    config = tmp_path / "floe.toml"
    config.write_text('[scheduler]\nport = 6100\nn_workers = 4\n[worker]\nshuffle_dir = "/data/shuffle"\n')
    env = {**os.environ, "FLOE__SCHEDULER__N_WORKERS": "2"}
    out = subprocess.run([str(floe_binary()), "--config", str(config), "config", "show"], capture_output=True,
                         text=True, env=env, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "port = 6100" in out.stdout                      # from the file
    assert "n_workers = 2" in out.stdout                    # the environment wins over the file
    assert 'shuffle_dir = "/data/shuffle"' in out.stdout
    flags = subprocess.run([str(floe_binary()), "--config", str(config), "scheduler", "--help"], capture_output=True,
                           text=True, timeout=30)
    assert flags.returncode == 0 and "--n-workers" in flags.stdout


@pytest.mark.parametrize(("args", "env", "message"), [
    (["config", "show"], {"FLOE__SCHEDULER__PORTT": "1"}, "did you mean 'port'?"),
    (["config", "show"], {"FLOE__SCHEDULER__PORT": "abc"}, "scheduler.port must be an integer"),
    (["service"], {}, "'floe service' needs a role"),
    (["--config", "/nonexistent/floe.toml", "scheduler"], {}, "/nonexistent/floe.toml"),
])
def test_bad_configuration_exits_2_naming_the_problem(args, env, message):
    out = subprocess.run([str(floe_binary()), *args], capture_output=True, text=True, env={**os.environ, **env},
                         timeout=30)
    assert out.returncode == 2
    assert message in out.stderr
