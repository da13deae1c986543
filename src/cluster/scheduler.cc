// The scheduler role (see scheduler.h).
#include "cluster/scheduler.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "cluster/block_format.h"
#include "cluster/distributed_planner.h"
#include "cluster/log.h"
#include "cluster/partitioner.h"
#include "cluster/plan_serde.h"
#include "cluster/rpc.h"
#include "cluster/shuffle_store.h"
#include "core/error.h"
#include "io/parquet/parquet_writer.h"
#include "plan/lazy_frame.h"

namespace floe::cluster {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string new_query_id() {
  static std::mt19937_64 rng(std::random_device{}());
  static std::mutex m;
  std::lock_guard lock(m);
  return fmt::format("{:016x}", rng());
}

/// Queries kept for status and results after they finish.
constexpr size_t kRetainedQueries = 200;

}  // namespace

struct WorkerEntry {
  std::string node_id;
  std::string address;
  int threads = 0;
  int64_t memory_limit = 0;
  Clock::time_point last_seen;
  bool alive = true;
  int running_tasks = 0;
  std::shared_ptr<proto::Worker::Stub> stub;
};

struct Query {
  std::string id;
  std::string tag;
  PlanPtr plan;
  bool distributed = true;
  std::string sink_path;
  Clock::time_point submitted = Clock::now();
  std::optional<Clock::time_point> finished;

  // Guarded by Impl::mutex.
  proto::QueryStatus::State state = proto::QueryStatus::QUEUED;
  std::string error;
  std::string stage_graph;
  std::vector<proto::StageProgress> stages;
  std::vector<std::string> result_blocks;
  int64_t result_rows = 0;
  std::string result_location;
  bool cancel_requested = false;
  /// Tasks in flight: their RPC contexts (to cancel) and the worker running each.
  std::map<grpc::ClientContext*, std::string> in_flight;
  std::map<grpc::ClientContext*, std::string> lost;  // context -> why it was cancelled
};

struct Scheduler::Impl final : public proto::Scheduler::Service {
  explicit Impl(SchedulerOptions o) : options(std::move(o)) {}

  SchedulerOptions options;
  std::unique_ptr<grpc::Server> server;
  int bound_port = 0;

  mutable std::mutex mutex;
  std::condition_variable wake;
  std::condition_variable finished_cv;  // a query finished
  bool stopping = false;
  std::map<std::string, WorkerEntry> workers;
  std::map<std::string, std::shared_ptr<Query>> queries;
  std::deque<std::string> finished_order;
  std::deque<std::shared_ptr<Query>> queue;
  int running_queries = 0;
  std::thread dispatcher;
  std::thread monitor;
  std::vector<std::thread> runners;

  // ---- Workers ----

  grpc::Status RegisterWorker(grpc::ServerContext*, const proto::RegisterWorkerRequest* request,
                              proto::RegisterWorkerResponse* response) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    if (request->node_id().empty() || request->address().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "[InvalidOperationError] a worker needs a node id and an address");
    }
    {
      std::lock_guard lock(mutex);
      WorkerEntry& w = workers[request->node_id()];
      w.node_id = request->node_id();
      w.address = request->address();
      w.threads = request->threads();
      w.memory_limit = request->memory_limit();
      w.last_seen = Clock::now();
      w.alive = true;
      w.stub = proto::Worker::NewStub(make_channel(w.address, options.insecure));
    }
    log_event("info", "worker registered", {{"node_id", request->node_id()}, {"address", request->address()}});
    response->set_cluster_id(options.cluster_id);
    response->set_heartbeat_ms(options.heartbeat_ms);
    wake.notify_all();
    return grpc::Status::OK;
  }

  grpc::Status Heartbeat(grpc::ServerContext*, const proto::HeartbeatRequest* request,
                         proto::HeartbeatResponse* response) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    std::lock_guard lock(mutex);
    auto it = workers.find(request->node_id());
    const bool known = it != workers.end() && it->second.alive;
    response->set_known(known);
    if (known) {
      it->second.last_seen = Clock::now();
      it->second.running_tasks = request->running_tasks();
    }
    return grpc::Status::OK;
  }

  /// Marks workers that stopped heartbeating dead and cancels the tasks they were running.
  void monitor_loop() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      wake.wait_for(lock, std::chrono::milliseconds(std::max(50, options.heartbeat_ms / 2)), [&] { return stopping; });
      for (auto& [id, w] : workers) {
        if (!w.alive || seconds_since(w.last_seen) * 1000 < options.worker_timeout_ms) continue;
        w.alive = false;
        log_event("warn", "worker lost: no heartbeat", {{"node_id", id}, {"address", w.address}});
        for (auto& [qid, q] : queries) {
          for (auto& [context, address] : q->in_flight) {
            if (address != w.address || q->lost.count(context)) continue;
            q->lost[context] = fmt::format("worker {} ({}) stopped responding (no heartbeat for {} ms)", id, w.address,
                                           options.worker_timeout_ms);
            context->TryCancel();
          }
        }
      }
    }
  }

  std::vector<WorkerEntry> alive_workers() const {
    std::vector<WorkerEntry> out;
    for (const auto& [id, w] : workers) {
      if (w.alive) out.push_back(w);
    }
    return out;  // by node id: the same cluster gives the same task placement
  }

  // ---- Queries ----

  grpc::Status SubmitQuery(grpc::ServerContext*, const proto::SubmitQueryRequest* request,
                           proto::SubmitQueryResponse* response) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      auto q = std::make_shared<Query>();
      q->id = new_query_id();
      q->tag = request->tag();
      q->plan = deserialize_plan(request->plan());
      q->distributed = request->distributed();
      q->sink_path = request->sink_path();
      {
        std::lock_guard lock(mutex);
        FLOE_USER_CHECK(!stopping, ConnectionFailed, "the scheduler is shutting down");
        queries[q->id] = q;
        queue.push_back(q);
      }
      log_event("info", "query submitted", {{"query", q->id}, {"distributed", q->distributed ? "true" : "false"}});
      wake.notify_all();
      response->set_query_id(q->id);
      return grpc::Status::OK;
    });
  }

  std::shared_ptr<Query> find(const std::string& id) const {
    std::lock_guard lock(mutex);
    auto it = queries.find(id);
    FLOE_USER_CHECK(it != queries.end(), InvalidArgument, "no query with id '{}' (it may have been forgotten: the scheduler keeps the last {})",
                    id.substr(0, 80), kRetainedQueries);
    return it->second;
  }

  void fill_status(const Query& q, proto::QueryStatus* status) const {
    status->set_query_id(q.id);
    status->set_state(q.state);
    status->set_error(q.error);
    for (const auto& s : q.stages) *status->add_stages() = s;
    status->set_stage_graph(q.stage_graph);
    status->set_result_rows(q.result_rows);
    status->set_result_location(q.result_location);
    const auto end = q.finished.value_or(Clock::now());
    status->set_elapsed_seconds(std::chrono::duration<double>(end - q.submitted).count());
    status->set_tag(q.tag);
  }

  grpc::Status GetQueryStatus(grpc::ServerContext*, const proto::QueryRef* request, proto::QueryStatus* status) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      auto q = find(request->query_id());
      std::unique_lock lock(mutex);
      const auto wait = std::chrono::milliseconds(std::min<uint32_t>(request->wait_ms(), 10'000));
      finished_cv.wait_for(lock, wait, [&] { return q->finished.has_value() || stopping; });
      fill_status(*q, status);
      return grpc::Status::OK;
    });
  }

  grpc::Status FetchResult(grpc::ServerContext*, const proto::QueryRef* request,
                           grpc::ServerWriter<proto::DataBlock>* writer) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      auto q = find(request->query_id());
      std::vector<std::string> blocks;
      {
        std::lock_guard lock(mutex);
        FLOE_USER_CHECK(q->state == proto::QueryStatus::SUCCEEDED, InvalidOperation,
                        "query {} has no result: it is {}", q->id, proto::QueryStatus::State_Name(q->state));
        FLOE_USER_CHECK(q->result_location.empty(), InvalidOperation,
                        "the result of query {} was stored at '{}'; read it from there", q->id, q->result_location);
        blocks = q->result_blocks;
      }
      proto::DataBlock block;
      for (auto& b : blocks) {
        block.set_data(std::move(b));
        if (!writer->Write(block)) break;
      }
      return grpc::Status::OK;
    });
  }

  grpc::Status CancelQuery(grpc::ServerContext*, const proto::QueryRef* request, proto::QueryStatus* status) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      auto q = find(request->query_id());
      std::vector<std::shared_ptr<proto::Worker::Stub>> stubs;
      {
        std::lock_guard lock(mutex);
        if (q->state == proto::QueryStatus::QUEUED) {
          queue.erase(std::remove(queue.begin(), queue.end(), q), queue.end());
          finish(*q, proto::QueryStatus::CANCELLED, "cancelled by the client");
        } else if (q->state == proto::QueryStatus::RUNNING) {
          q->cancel_requested = true;
          for (auto& [context, address] : q->in_flight) context->TryCancel();
          for (const auto& [id, w] : workers) stubs.push_back(w.stub);
        }
      }
      for (const auto& stub : stubs) {
        grpc::ClientContext context;
        context.set_deadline(deadline_after(2));
        proto::QueryRef ref;
        set_version(ref.mutable_version());
        ref.set_query_id(q->id);
        proto::ReleaseQueryResponse ignored;
        stub->CancelQuery(&context, ref, &ignored);  // best effort: the task RPCs are cancelled too
      }
      std::lock_guard lock(mutex);
      fill_status(*q, status);
      return grpc::Status::OK;
    });
  }

  grpc::Status Explain(grpc::ServerContext*, const proto::ExplainRequest* request, proto::ExplainResponse* response) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      PlanPtr plan = optimize(deserialize_plan(request->plan()));
      int n;
      {
        std::lock_guard lock(mutex);
        n = static_cast<int>(alive_workers().size());
      }
      n = std::max({n, options.expected_workers, 1});
      response->set_text(plan_stages(plan, {n, options.broadcast_threshold_rows, request->distributed()}).to_string());
      return grpc::Status::OK;
    });
  }

  grpc::Status GetClusterInfo(grpc::ServerContext*, const proto::ClusterInfoRequest* request, proto::ClusterInfo* info) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    *info = cluster_info();
    return grpc::Status::OK;
  }

  grpc::Status ListQueries(grpc::ServerContext*, const proto::ListQueriesRequest* request, proto::QueryList* list) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    *list = list_queries();
    return grpc::Status::OK;
  }

  proto::ClusterInfo cluster_info() const {
    proto::ClusterInfo info;
    std::lock_guard lock(mutex);
    info.set_cluster_id(options.cluster_id);
    info.set_version(kFloeVersion);
    info.set_expected_workers(options.expected_workers);
    info.set_queued_queries(static_cast<int>(queue.size()));
    info.set_running_queries(running_queries);
    for (const auto& [id, w] : workers) {
      auto* out = info.add_workers();
      out->set_node_id(id);
      out->set_address(w.address);
      out->set_threads(w.threads);
      out->set_memory_limit(w.memory_limit);
      out->set_seconds_since_heartbeat(seconds_since(w.last_seen));
      out->set_alive(w.alive);
      out->set_running_tasks(w.running_tasks);
    }
    return info;
  }

  proto::QueryList list_queries() const {
    proto::QueryList list;
    std::lock_guard lock(mutex);
    for (const auto& [id, q] : queries) fill_status(*q, list.add_queries());
    return list;
  }

  /// Under `mutex`: the query's final state; forgets the oldest finished queries.
  void finish(Query& q, proto::QueryStatus::State state, std::string error) {
    q.state = state;
    q.error = std::move(error);
    q.finished = Clock::now();
    finished_cv.notify_all();
    finished_order.push_back(q.id);
    while (finished_order.size() > kRetainedQueries) {
      queries.erase(finished_order.front());
      finished_order.pop_front();
    }
  }

  // ---- Running queries ----

  void dispatch_loop() {
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait(lock, [&] {
        const int needed = std::max(1, options.expected_workers);
        return stopping || (!queue.empty() && running_queries < std::max(1, options.max_concurrent_queries) &&
                            static_cast<int>(alive_workers().size()) >= needed);
      });
      if (stopping) return;
      auto q = queue.front();
      queue.pop_front();
      q->state = proto::QueryStatus::RUNNING;
      ++running_queries;
      runners.emplace_back([this, q] {
        run(q);
        std::lock_guard lock(mutex);
        --running_queries;
        wake.notify_all();
      });
    }
  }

  void run(const std::shared_ptr<Query>& q) {
    std::vector<WorkerEntry> placement;
    try {
      PlanPtr plan = optimize(q->plan);
      {
        std::lock_guard lock(mutex);
        placement = alive_workers();
      }
      FLOE_USER_CHECK(!placement.empty(), ConnectionFailed, "no worker is alive to run query {}", q->id);
      StageGraph graph =
          plan_stages(plan, {static_cast<int>(placement.size()), options.broadcast_threshold_rows, q->distributed});
      {
        std::lock_guard lock(mutex);
        q->stage_graph = graph.to_string();
        for (const Stage& s : graph.stages) {
          proto::StageProgress p;
          p.set_stage(s.id);
          p.set_description(format_plan(*s.fragment).substr(0, format_plan(*s.fragment).find('\n')));
          p.set_state("waiting");
          p.set_tasks_total(s.tasks);
          q->stages.push_back(p);
        }
      }
      // Where each stage's tasks ran: consumers fetch from there.
      std::vector<std::vector<std::string>> ran_at(graph.stages.size());
      run_stages(*q, graph, placement, ran_at);
      collect_result(*q, graph.stages.back(), ran_at.back(), graph.stages.back().fragment->schema);
      release(*q, placement);
      std::lock_guard lock(mutex);
      finish(*q, proto::QueryStatus::SUCCEEDED, "");
      log_event("info", "query succeeded", {{"query", q->id}, {"rows", std::to_string(q->result_rows)},
                                            {"seconds", fmt::format("{:.3f}", seconds_since(q->submitted))}});
    } catch (const std::exception& e) {
      release(*q, placement);
      std::lock_guard lock(mutex);
      const bool cancelled = q->cancel_requested || dynamic_cast<const Cancelled*>(&e) != nullptr;
      // The error keeps its kind ("[ComputeError] ..."), so the client raises the same class.
      const auto* error = dynamic_cast<const Error*>(&e);
      finish(*q, cancelled ? proto::QueryStatus::CANCELLED : proto::QueryStatus::FAILED,
             cancelled ? "cancelled by the client" : fmt::format("[{}] {}", error ? error->kind() : "ComputeError", e.what()));
      for (auto& s : q->stages) {
        if (s.state() != "done") s.set_state(cancelled ? "cancelled" : "failed");
      }
      log_event(cancelled ? "info" : "warn", cancelled ? "query cancelled" : "query failed",
                {{"query", q->id}, {"error", e.what()}});
    }
  }

  /// Runs the stages as their inputs become ready: independent stages (two scans feeding a
  /// join) run at the same time. The first error cancels the rest and is raised.
  void run_stages(Query& q, const StageGraph& graph, const std::vector<WorkerEntry>& placement,
                  std::vector<std::vector<std::string>>& ran_at) {
    enum { kWaiting, kRunning, kDone };
    std::vector<int> state(graph.stages.size(), kWaiting);
    std::mutex m;
    std::condition_variable changed;
    std::exception_ptr error;
    std::vector<std::thread> threads;
    std::unique_lock lock(m);
    while (true) {
      size_t done = 0;
      for (const Stage& stage : graph.stages) {
        auto& st = state[static_cast<size_t>(stage.id)];
        done += st == kDone;
        const bool ready = std::all_of(stage.inputs.begin(), stage.inputs.end(),
                                       [&](int input) { return state[static_cast<size_t>(input)] == kDone; });
        if (st != kWaiting || !ready || error) continue;
        st = kRunning;
        threads.emplace_back([&, id = stage.id] {
          const Stage& s = graph.stages[static_cast<size_t>(id)];
          std::exception_ptr failure;
          try {
            auto results = run_stage(q, graph, s, placement, ran_at);
            if (s.output.range) split_ranges(q, s, results, ran_at[static_cast<size_t>(id)], placement);
          } catch (...) {
            failure = std::current_exception();
          }
          std::lock_guard guard(m);
          if (failure && !error) {
            error = failure;
            std::lock_guard query_lock(mutex);
            for (auto& [context, address] : q.in_flight) context->TryCancel();
          }
          state[static_cast<size_t>(id)] = kDone;
          changed.notify_all();
        });
      }
      const bool running = std::find(state.begin(), state.end(), kRunning) != state.end();
      if (!running && (error || done == graph.stages.size())) break;
      changed.wait(lock);
    }
    lock.unlock();
    for (auto& t : threads) t.join();
    if (error) std::rethrow_exception(error);
  }

  /// Runs every task of `stage`; returns their results.
  std::vector<proto::TaskResult> run_stage(Query& q, const StageGraph& graph, const Stage& stage,
                                           const std::vector<WorkerEntry>& placement,
                                           std::vector<std::vector<std::string>>& ran_at) {
    {
      std::lock_guard lock(mutex);
      if (q.cancel_requested) throw Cancelled("query cancelled");
      q.stages[static_cast<size_t>(stage.id)].set_state("running");
    }
    const size_t n = placement.size();
    ran_at[static_cast<size_t>(stage.id)].resize(static_cast<size_t>(stage.tasks));
    std::vector<proto::TaskSpec> specs(static_cast<size_t>(stage.tasks));
    for (int t = 0; t < stage.tasks; ++t) {
      proto::TaskSpec& spec = specs[static_cast<size_t>(t)];
      set_version(spec.mutable_version());
      spec.set_query_id(q.id);
      spec.set_stage(stage.id);
      spec.set_task(t);
      spec.set_fragment(serialize_plan(task_fragment(stage, t)));
      for (int producer : stage.inputs) {
        const Stage& p = graph.stages[static_cast<size_t>(producer)];
        auto* input = spec.add_inputs();
        input->set_stage(producer);
        input->set_partition(p.output.partitioned() ? t : 0);
        for (int pt = 0; pt < p.tasks; ++pt) {
          auto* location = input->add_producers();
          location->set_address(ran_at[static_cast<size_t>(producer)][static_cast<size_t>(pt)]);
          location->set_task(pt);
        }
      }
      auto* output = spec.mutable_output();
      fill_partitioning(stage.output, output);
      ran_at[static_cast<size_t>(stage.id)][static_cast<size_t>(t)] = placement[static_cast<size_t>(t) % n].address;
    }

    std::vector<std::string> errors(specs.size());
    std::vector<proto::TaskResult> results(specs.size());
    std::vector<std::thread> threads;
    for (size_t t = 0; t < specs.size(); ++t) {
      threads.emplace_back([&, t] {
        const WorkerEntry& w = placement[t % n];
        grpc::ClientContext context;
        {
          std::lock_guard lock(mutex);
          if (q.cancel_requested) return;
          q.in_flight[&context] = w.address;
        }
        proto::TaskResult& result = results[t];
        grpc::Status status = w.stub->RunTask(&context, specs[t], &result);
        std::lock_guard lock(mutex);
        q.in_flight.erase(&context);
        auto lost = q.lost.find(&context);
        auto& progress = q.stages[static_cast<size_t>(stage.id)];
        if (lost != q.lost.end()) {
          errors[t] = lost->second;
          q.lost.erase(lost);
        } else if (!status.ok()) {
          if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
            // Connection refused or dropped: no new work goes there until it registers again.
            auto it = workers.find(w.node_id);
            if (it != workers.end() && it->second.address == w.address) it->second.alive = false;
            errors[t] = fmt::format("worker {} ({}) was lost while running stage {} task {}: {}", w.node_id, w.address,
                                    stage.id, t, status.error_message());
          } else {
            errors[t] = status.error_message();
          }
          // The other tasks of this stage are pointless now.
          for (auto& [other, address] : q.in_flight) other->TryCancel();
        } else {
          progress.set_tasks_done(progress.tasks_done() + 1);
          for (auto r : result.partition_rows()) progress.set_rows(progress.rows() + r);
          for (auto b : result.partition_bytes()) progress.set_bytes(progress.bytes() + b);
        }
      });
    }
    for (auto& t : threads) t.join();
    std::lock_guard lock(mutex);
    if (q.cancel_requested) throw Cancelled("query cancelled");
    for (size_t t = 0; t < errors.size(); ++t) {
      if (errors[t].empty()) continue;
      // A remote error keeps its kind ("[ComputeError] ..."); the first real cause wins over
      // the cancellations it caused.
      if (errors[t].find("Cancelled") != std::string::npos && errors[t].rfind("[", 0) != 0) continue;
      throw_tagged(errors[t], ConnectionFailed("").kind());
    }
    q.stages[static_cast<size_t>(stage.id)].set_state("done");
    return results;
  }

  static void fill_partitioning(const OutputPartitioning& o, proto::Partitioning* out) {
    out->set_kind(o.range ? proto::Partitioning::RANGE : o.hash ? proto::Partitioning::HASH : proto::Partitioning::SINGLE);
    for (const auto& k : o.keys) out->add_keys(k);
    out->set_partitions(o.partitions);
    out->set_descending(o.descending);
    out->set_nulls_last(o.nulls_last);
  }

  /// A range stage's second step: bounds from the tasks' samples, then each task's stored
  /// output cut at them, on the worker that holds it.
  void split_ranges(Query& q, const Stage& stage, const std::vector<proto::TaskResult>& results,
                    const std::vector<std::string>& addresses, const std::vector<WorkerEntry>& placement) {
    std::vector<DataFrame> samples;
    for (const auto& r : results) samples.push_back(decode_block(r.sample()));
    const OutputPartitioning& o = stage.output;
    ColumnPtr bounds = range_bounds(samples, o.keys[0], o.descending, o.partitions);
    Schema bounds_schema;
    bounds_schema.add(o.keys[0], bounds->type());
    proto::SplitRequest request;
    set_version(request.mutable_version());
    request.set_query_id(q.id);
    request.set_stage(stage.id);
    fill_partitioning(o, request.mutable_output());
    request.set_bounds(encode_block(DataFrame(bounds_schema, std::vector<ColumnPtr>{bounds})));
    std::vector<std::string> errors(results.size());
    std::vector<std::thread> threads;
    for (size_t t = 0; t < results.size(); ++t) {
      threads.emplace_back([&, t, request]() mutable {
        std::shared_ptr<proto::Worker::Stub> stub;
        for (const auto& w : placement) {
          if (w.address == addresses[t]) stub = w.stub;
        }
        request.set_task(static_cast<int>(t));
        grpc::ClientContext context;
        proto::TaskResult ignored;
        grpc::Status status = stub->SplitTask(&context, request, &ignored);
        if (!status.ok()) errors[t] = fmt::format("splitting stage {} task {} on {}: {}", stage.id, t, addresses[t], status.error_message());
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) {
      if (!e.empty()) throw ConnectionFailed(e);
    }
  }

  /// Fetches the result stage's output; keeps it in memory, or writes it as Parquet (sink path,
  /// or results_dir when larger than the threshold).
  void collect_result(Query& q, const Stage& last, const std::vector<std::string>& addresses, const Schema& schema) {
    std::vector<std::string> blocks;
    int64_t bytes = 0;
    for (int t = 0; t < last.tasks; ++t) {
      std::shared_ptr<proto::Worker::Stub> stub;
      {
        std::lock_guard lock(mutex);
        for (const auto& [id, w] : workers) {
          if (w.address == addresses[static_cast<size_t>(t)]) stub = w.stub;
        }
      }
      FLOE_USER_CHECK(stub != nullptr, ConnectionFailed, "the worker holding the result ({}) is gone", addresses[static_cast<size_t>(t)]);
      grpc::ClientContext context;
      proto::FetchPartitionRequest request;
      set_version(request.mutable_version());
      request.set_query_id(q.id);
      request.set_stage(last.id);
      request.set_task(t);
      request.set_partition(0);
      auto reader = stub->FetchPartition(&context, request);
      proto::DataBlock block;
      while (reader->Read(&block)) {
        bytes += static_cast<int64_t>(block.data().size());
        blocks.push_back(std::move(*block.mutable_data()));
      }
      grpc::Status status = reader->Finish();
      if (!status.ok()) throw_status(status, fmt::format("fetching the result from worker {}", addresses[static_cast<size_t>(t)]));
    }
    DataFrame frame;
    const bool store = !q.sink_path.empty() || bytes > options.result_threshold_bytes;
    if (store) {
      frame = decode_blocks(schema, blocks);
      std::string path = q.sink_path;
      if (path.empty()) {
        std::filesystem::create_directories(options.results_dir);
        path = fmt::format("{}/{}.parquet", options.results_dir, q.id);
      }
      io::write_parquet(frame, path);
      blocks.clear();
      std::lock_guard lock(mutex);
      q.result_location = path;
    }
    std::lock_guard lock(mutex);
    int64_t rows = 0;
    for (const auto& s : q.stages) {
      if (s.stage() == last.id) rows = s.rows();
    }
    q.result_rows = rows;
    q.result_blocks = std::move(blocks);
  }

  /// Asks every worker of the query to delete its shuffle files (best effort).
  void release(const Query& q, const std::vector<WorkerEntry>& placement) {
    for (const auto& w : placement) {
      grpc::ClientContext context;
      context.set_deadline(deadline_after(2));
      proto::QueryRef ref;
      set_version(ref.mutable_version());
      ref.set_query_id(q.id);
      proto::ReleaseQueryResponse ignored;
      w.stub->ReleaseQuery(&context, ref, &ignored);
    }
  }
};

Scheduler::Scheduler(SchedulerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Scheduler::~Scheduler() { shutdown(); }

void Scheduler::start() {
  impl_->server = serve(impl_.get(), impl_->options.host, impl_->options.port, &impl_->bound_port, "scheduler");
  log_event("info", "scheduler listening",
            {{"port", std::to_string(impl_->bound_port)}, {"cluster_id", impl_->options.cluster_id},
             {"expected_workers", std::to_string(impl_->options.expected_workers)}});
  impl_->dispatcher = std::thread([this] { impl_->dispatch_loop(); });
  impl_->monitor = std::thread([this] { impl_->monitor_loop(); });
}

void Scheduler::wait() {
  if (impl_->server) impl_->server->Wait();
}

void Scheduler::shutdown() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    for (auto& [id, q] : impl_->queries) {
      q->cancel_requested = true;
      for (auto& [context, address] : q->in_flight) context->TryCancel();
    }
  }
  impl_->wake.notify_all();
  impl_->finished_cv.notify_all();
  if (impl_->dispatcher.joinable()) impl_->dispatcher.join();
  if (impl_->monitor.joinable()) impl_->monitor.join();
  for (auto& t : impl_->runners) {
    if (t.joinable()) t.join();
  }
  if (impl_->server) impl_->server->Shutdown(deadline_after(0.5));
}

int Scheduler::port() const { return impl_->bound_port; }

proto::ClusterInfo Scheduler::cluster_info() const { return impl_->cluster_info(); }
proto::QueryList Scheduler::list_queries() const { return impl_->list_queries(); }

}  // namespace floe::cluster
