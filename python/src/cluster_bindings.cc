// Python bindings of the cluster client: what floe/cluster.py wraps as ClusterContext and
// query handles.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cluster/client.h"
#include "plan/lazy_frame.h"

namespace py = pybind11;

namespace floe {

namespace {

std::string state_name(proto::QueryStatus::State state) {
  switch (state) {
    case proto::QueryStatus::QUEUED: return "queued";
    case proto::QueryStatus::RUNNING: return "running";
    case proto::QueryStatus::SUCCEEDED: return "succeeded";
    case proto::QueryStatus::FAILED: return "failed";
    case proto::QueryStatus::CANCELLED: return "cancelled";
    default: return "unknown";
  }
}

py::dict status_dict(const proto::QueryStatus& s) {
  py::dict d;
  d["query_id"] = s.query_id();
  d["state"] = state_name(s.state());
  d["error"] = s.error();
  py::list stages;
  for (const auto& st : s.stages()) {
    py::dict sd;
    sd["stage"] = st.stage();
    sd["description"] = st.description();
    sd["state"] = st.state();
    sd["tasks_total"] = st.tasks_total();
    sd["tasks_done"] = st.tasks_done();
    sd["rows"] = st.rows();
    sd["bytes"] = st.bytes();
    stages.append(sd);
  }
  d["stages"] = stages;
  d["stage_graph"] = s.stage_graph();
  d["result_rows"] = s.result_rows();
  d["result_location"] = s.result_location();
  d["elapsed_seconds"] = s.elapsed_seconds();
  d["tag"] = s.tag();
  return d;
}

}  // namespace

void bind_cluster(py::module_& m) {
  using cluster::ClusterClient;
  py::class_<ClusterClient>(m, "PyClusterClient")
      .def(py::init<const std::string&, int, bool, double>())
      .def("address", &ClusterClient::address)
      .def("submit",
           [](ClusterClient& c, const LazyFrame& lf, bool distributed, const std::string& sink, const std::string& tag) {
             py::gil_scoped_release release;
             return c.submit(lf.plan(), distributed, sink, tag);
           })
      .def("status",
           [](ClusterClient& c, const std::string& id) {
             proto::QueryStatus s;
             {
               py::gil_scoped_release release;
               s = c.status(id);
             }
             return status_dict(s);
           })
      .def("wait",
           [](ClusterClient& c, const std::string& id, double timeout) {
             // Short waits, so that Ctrl-C reaches Python between them.
             const auto start = std::chrono::steady_clock::now();
             while (true) {
               proto::QueryStatus s;
               {
                 py::gil_scoped_release release;
                 s = c.wait(id, 0.2);
               }
               const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
               const bool done = s.state() != proto::QueryStatus::QUEUED && s.state() != proto::QueryStatus::RUNNING;
               if (done || (timeout >= 0 && waited >= timeout)) return status_dict(s);
               if (PyErr_CheckSignals() != 0) throw py::error_already_set();
             }
           })
      .def("result",
           [](ClusterClient& c, const std::string& id) {
             py::gil_scoped_release release;
             return c.result(id);
           })
      .def("cancel",
           [](ClusterClient& c, const std::string& id) {
             proto::QueryStatus s;
             {
               py::gil_scoped_release release;
               s = c.cancel(id);
             }
             return status_dict(s);
           })
      .def("explain",
           [](ClusterClient& c, const LazyFrame& lf, bool distributed) {
             py::gil_scoped_release release;
             return c.explain(lf.plan(), distributed);
           })
      .def("cluster_info", [](ClusterClient& c) {
        proto::ClusterInfo info;
        {
          py::gil_scoped_release release;
          info = c.cluster_info();
        }
        py::dict d;
        d["cluster_id"] = info.cluster_id();
        d["version"] = info.version();
        d["expected_workers"] = info.expected_workers();
        d["queued_queries"] = info.queued_queries();
        d["running_queries"] = info.running_queries();
        py::list workers;
        for (const auto& w : info.workers()) {
          py::dict wd;
          wd["node_id"] = w.node_id();
          wd["address"] = w.address();
          wd["threads"] = w.threads();
          wd["alive"] = w.alive();
          wd["running_tasks"] = w.running_tasks();
          wd["seconds_since_heartbeat"] = w.seconds_since_heartbeat();
          workers.append(wd);
        }
        d["workers"] = workers;
        return d;
      });
}

}  // namespace floe
