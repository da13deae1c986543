"""Running queries on a Floe cluster: ``ClusterContext``, ``LazyFrame.remote()`` and query handles.

The names follow Polars Cloud's client, so that code written for it runs with its imports
changed::

    import floe as pc
    import floe as pl

    ctx = pc.ClusterContext(compute_address="127.0.0.1", compute_port=5051, insecure=True)
    query = pl.scan_parquet("lineitem.parquet").group_by("l_returnflag").agg(pl.len()).remote(ctx).distributed().execute()
    print(query.await_result())

Start a cluster on one machine with ``floe local --workers 2``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from floe import _floe

if TYPE_CHECKING:
    from floe.frame import DataFrame
    from floe.lazy_frame import LazyFrame

__all__ = ["ClusterContext", "InProgressQueryRemote", "LazyFrameRemote", "QueryStatus"]


class ClusterContext:
    """A connection to the scheduler of a Floe cluster.

    ``insecure=True`` speaks plaintext gRPC (a local cluster, or a trusted network); otherwise
    the connection uses TLS. Every call to the scheduler has a deadline of ``timeout`` seconds:
    when it cannot be reached, a ``RuntimeError`` with a hint comes within seconds. Creating a
    context does not connect; the first query does.

    >>> import floe as fl
    >>> fl.ClusterContext(compute_address="127.0.0.1", compute_port=5051, insecure=True)
    ClusterContext(compute_address='127.0.0.1', compute_port=5051, insecure=True)
    """

    def __init__(self, compute_address: str = "127.0.0.1", compute_port: int = 5051, insecure: bool = False,
                 *, timeout: float = 10.0):
        self.compute_address = compute_address
        self.compute_port = int(compute_port)
        self.insecure = insecure
        self._client = _floe.PyClusterClient(compute_address, self.compute_port, insecure, float(timeout))

    def cluster_info(self) -> dict[str, Any]:
        """The scheduler's view of the cluster: its id and version, and each worker with its
        address, threads and liveness.

        >>> import floe as fl
        >>> fl.ClusterContext(compute_port=1, insecure=True).cluster_info()
        Traceback (most recent call last):
        ...
        RuntimeError: Error setting up gRPC connection, transport error
        ...
        """
        return self._client.cluster_info()

    def __repr__(self) -> str:
        return f"ClusterContext(compute_address={self.compute_address!r}, compute_port={self.compute_port}, insecure={self.insecure})"


class LazyFrameRemote:
    """A LazyFrame bound to a cluster (``lf.remote(ctx)``): choose ``distributed()`` or
    ``single_node()`` (the default), then ``execute()``."""

    def __init__(self, lf: LazyFrame, context: ClusterContext):
        if not isinstance(context, ClusterContext):
            msg = (f"remote() needs a ClusterContext, got {type(context).__name__}: "
                   "fl.ClusterContext(compute_address=..., compute_port=..., insecure=...)")
            raise TypeError(msg)
        self._lf = lf
        self._ctx = context
        self._distributed = False

    def __repr__(self) -> str:
        mode = "distributed" if self._distributed else "single node"
        return f"LazyFrameRemote({mode}, {self._ctx!r})"

    def distributed(self) -> LazyFrameRemote:
        """Runs the query over all workers: scans split by file and row group, aggregations
        and joins exchanged by key between the workers."""
        self._distributed = True
        return self

    def single_node(self) -> LazyFrameRemote:
        """Runs the whole query as one task on one worker."""
        self._distributed = False
        return self

    def execute(self) -> InProgressQueryRemote:
        """Submits the query; returns at once with a handle on it."""
        query_id = self._ctx._client.submit(self._lf._lf, self._distributed, "", "")
        return InProgressQueryRemote(self._ctx, query_id)

    def collect(self) -> DataFrame:
        """Runs the query on the cluster and returns its result (``execute().await_result()``)."""
        return self.execute().await_result()

    def sink_parquet(self, path: str) -> InProgressQueryRemote:
        """Submits the query with its result written as Parquet to ``path`` (a path the
        scheduler can write, shared with the client to read it back)."""
        query_id = self._ctx._client.submit(self._lf._lf, self._distributed, str(path), "")
        return InProgressQueryRemote(self._ctx, query_id)

    def explain(self) -> str:
        """The stages the cluster would run: each stage's plan fragment, its number of tasks
        and how its output is exchanged."""
        return self._ctx._client.explain(self._lf._lf, self._distributed)


class QueryStatus:
    """A snapshot of a remote query: its state (``queued``, ``running``, ``succeeded``,
    ``failed``, ``cancelled``), per-stage progress and the stage graph."""

    def __init__(self, raw: dict[str, Any]):
        self._raw = raw
        self.query_id: str = raw["query_id"]
        self.state: str = raw["state"]
        self.error: str = raw["error"]
        self.stages: list[dict[str, Any]] = raw["stages"]
        self.stage_graph: str = raw["stage_graph"]
        self.result_rows: int = raw["result_rows"]
        self.result_location: str = raw["result_location"]
        self.elapsed_seconds: float = raw["elapsed_seconds"]

    @property
    def finished(self) -> bool:
        return self.state in ("succeeded", "failed", "cancelled")

    @property
    def tasks_done(self) -> int:
        return sum(s["tasks_done"] for s in self.stages)

    @property
    def tasks_total(self) -> int:
        return sum(s["tasks_total"] for s in self.stages)

    def __repr__(self) -> str:
        return (f"QueryStatus(query_id={self.query_id!r}, state={self.state!r}, "
                f"tasks={self.tasks_done}/{self.tasks_total}, elapsed={self.elapsed_seconds:.3f}s)")


class InProgressQueryRemote:
    """A query submitted to the cluster."""

    def __init__(self, context: ClusterContext, query_id: str):
        self._ctx = context
        self.query_id = query_id
        self._result: DataFrame | None = None

    def get_status(self) -> QueryStatus:
        return QueryStatus(self._ctx._client.status(self.query_id))

    def _wait(self, timeout: float | None) -> QueryStatus:
        status = QueryStatus(self._ctx._client.wait(self.query_id, -1.0 if timeout is None else float(timeout)))
        if not status.finished:
            msg = f"query {self.query_id} did not finish within {timeout} s (it is {status.state})"
            raise TimeoutError(msg)
        return status

    def await_result(self, timeout: float | None = None) -> DataFrame | None:
        """Waits for the query and returns its result; raises the query's error (with the
        exception class it had on the cluster) when it failed, and a ``KeyboardInterrupt``-like
        error when it was cancelled. A query run with ``sink_parquet`` returns None."""
        from floe.frame import DataFrame

        if self._result is not None:
            return self._result
        status = self._wait(timeout)
        if status.state == "succeeded" and status.result_location and self._is_sink(status):
            return None
        self._result = DataFrame._wrap(self._ctx._client.result(self.query_id))
        return self._result

    def _is_sink(self, status: QueryStatus) -> bool:
        # A sink writes where the user asked; a large result goes to the results location.
        return not status.result_location.endswith(f"/{self.query_id}.parquet")

    def show(self, n: int = 10) -> DataFrame:
        """Waits for the query, prints and returns the first ``n`` rows of its result."""
        from floe.io import scan_parquet

        status = self._wait(None)
        if status.state == "succeeded" and status.result_location:
            head = scan_parquet(status.result_location).head(n).collect()
        else:
            head = self.await_result().head(n)
        print(head)
        return head

    def await_and_scan(self, timeout: float | None = None) -> LazyFrame:
        """Waits for the query and returns a LazyFrame over its result: a scan of the stored
        Parquet file when the cluster stored it, the fetched rows otherwise."""
        from floe.io import scan_parquet

        status = self._wait(timeout)
        if status.state == "succeeded" and status.result_location:
            return scan_parquet(status.result_location)
        return self.await_result().lazy()

    def await_progress(self, timeout: float | None = None, interval: float = 0.05) -> QueryStatus:
        """Waits until the query's progress changes (a task finished, a stage started, or the
        query ended), or ``timeout`` seconds passed; returns the new status."""
        first = self.get_status()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not first.finished:
            time.sleep(interval)
            now = self.get_status()
            if now.finished or now.tasks_done != first.tasks_done or now.state != first.state:
                return now
            if deadline is not None and time.monotonic() >= deadline:
                return now
        return first

    def cancel(self) -> QueryStatus:
        """Stops the query on every worker."""
        return QueryStatus(self._ctx._client.cancel(self.query_id))

    def explain(self) -> str:
        """The stage graph the cluster ran (or is running)."""
        return self.get_status().stage_graph

    def __repr__(self) -> str:
        return f"InProgressQueryRemote(query_id={self.query_id!r})"
