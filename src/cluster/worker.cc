// The worker role (see worker.h).
#include "cluster/worker.h"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "cluster/block_format.h"
#include "cluster/distributed_planner.h"
#include "cluster/exchange_source.h"
#include "cluster/log.h"
#include "cluster/partitioner.h"
#include "cluster/plan_serde.h"
#include "cluster/rpc.h"
#include "cluster/shuffle_store.h"
#include "cluster/task_runner.h"
#include "core/cancellation.h"
#include "core/error.h"

namespace floe::cluster {

namespace {


}  // namespace

struct Worker::Impl final : public proto::Worker::Service {
  explicit Impl(WorkerOptions o) : options(std::move(o)), store(options.shuffle_dir) {}

  WorkerOptions options;
  ShuffleStore store;
  std::unique_ptr<grpc::Server> server;
  int bound_port = 0;
  std::string advertised;

  std::mutex mutex;
  std::condition_variable stop_cv;
  bool stopping = false;
  std::thread heartbeat_thread;
  std::map<std::string, std::shared_ptr<CancellationToken>> tokens;  // per query
  std::map<std::string, std::shared_ptr<grpc::Channel>> peers;
  std::atomic<int> running{0};

  std::shared_ptr<CancellationToken> token_for(const std::string& query) {
    std::lock_guard lock(mutex);
    auto& token = tokens[query];
    if (!token) token = std::make_shared<CancellationToken>();
    return token;
  }

  std::shared_ptr<grpc::Channel> peer(const std::string& address) {
    std::lock_guard lock(mutex);
    auto& channel = peers[address];
    if (!channel) channel = make_channel(address, options.insecure);
    return channel;
  }

  /// The blocks of one producer's partition: read here, or fetched from the worker holding it.
  void fetch(const std::string& query, int stage, const proto::ProducerLocation& producer, int partition,
             std::vector<std::string>& blocks) {
    if (producer.address() == advertised) {
      store.read_blocks(query, stage, producer.task(), partition, [&](std::string_view b) { blocks.emplace_back(b); });
      return;
    }
    auto stub = proto::Worker::NewStub(peer(producer.address()));
    grpc::ClientContext context;
    proto::FetchPartitionRequest request;
    set_version(request.mutable_version());
    request.set_query_id(query);
    request.set_stage(stage);
    request.set_task(producer.task());
    request.set_partition(partition);
    auto reader = stub->FetchPartition(&context, request);
    proto::DataBlock block;
    while (reader->Read(&block)) blocks.push_back(std::move(*block.mutable_data()));
    grpc::Status status = reader->Finish();
    if (!status.ok()) {
      throw_status(status, fmt::format("fetching stage {} task {} partition {} from worker {}", stage, producer.task(),
                                       partition, producer.address()));
    }
  }

  grpc::Status RunTask(grpc::ServerContext*, const proto::TaskSpec* spec, proto::TaskResult* result) override {
    if (auto s = check_version(spec->version()); !s.ok()) return s;
    return guarded([&] {
      check_query_id(spec->query_id());
      running.fetch_add(1);
      struct Done {
        std::atomic<int>& n;
        ~Done() { n.fetch_sub(1); }
      } done{running};
      const auto start = std::chrono::steady_clock::now();
      auto token = token_for(spec->query_id());
      ScopedCancellation scope(token);
      PlanPtr fragment = deserialize_plan(spec->fragment());
      std::map<int, Schema> schemas;
      for_each_scan(fragment, [&](const PlanNode& scan) {
        if (auto exchange = std::dynamic_pointer_cast<const ExchangeSource>(scan.source)) {
          schemas[exchange->stage()] = exchange->schema();
        }
      });
      std::map<int, DataFrame> inputs;
      for (const auto& input : spec->inputs()) {
        auto schema = schemas.find(input.stage());
        FLOE_USER_CHECK(schema != schemas.end(), InvalidArgument, "task input names stage {}, which its plan does not read",
                        input.stage());
        // Every producer at once; the rows stay in producer order.
        std::vector<std::future<std::vector<std::string>>> parts;
        for (const auto& producer : input.producers()) {
          check_cancelled(token.get());
          parts.push_back(std::async(std::launch::async, [&, producer] {
            std::vector<std::string> blocks;
            fetch(spec->query_id(), input.stage(), producer, input.partition(), blocks);
            return blocks;
          }));
        }
        std::vector<std::string> blocks;
        for (auto& part : parts) {
          for (auto& b : part.get()) blocks.push_back(std::move(b));
        }
        inputs[input.stage()] = decode_blocks(schema->second, blocks);
      }
      DataFrame out = run_fragment(fragment, inputs);
      check_cancelled(token.get());
      std::vector<DataFrame> partitions;
      if (spec->output().kind() == proto::Partitioning::RANGE) {
        // Stored whole until the scheduler has chosen the bounds (SplitTask).
        FLOE_USER_CHECK(spec->output().keys_size() == 1, InvalidArgument, "a range output needs one key column");
        result->set_sample(encode_block(range_sample(out, spec->output().keys(0))));
        partitions.push_back(std::move(out));
      } else if (spec->output().kind() == proto::Partitioning::HASH) {
        std::vector<std::string> keys(spec->output().keys().begin(), spec->output().keys().end());
        FLOE_USER_CHECK(spec->output().partitions() > 0 && spec->output().partitions() <= 65536, InvalidArgument,
                        "task asks for {} output partitions", spec->output().partitions());
        partitions = hash_partition(out, keys, spec->output().partitions());
      } else {
        partitions.push_back(std::move(out));
      }
      auto bytes = store.write(spec->query_id(), spec->stage(), spec->task(), partitions);
      for (size_t p = 0; p < partitions.size(); ++p) {
        result->add_partition_rows(partitions[p].num_rows());
        result->add_partition_bytes(bytes[p]);
      }
      log_event("info", "task finished",
                {{"query", spec->query_id()},
                 {"stage", std::to_string(spec->stage())},
                 {"task", std::to_string(spec->task())},
                 {"seconds", fmt::format("{:.3f}", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())}});
      return grpc::Status::OK;
    });
  }

  grpc::Status SplitTask(grpc::ServerContext*, const proto::SplitRequest* request, proto::TaskResult* result) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      const auto& output = request->output();
      FLOE_USER_CHECK(output.kind() == proto::Partitioning::RANGE && output.keys_size() == 1 && output.partitions() > 0 &&
                          output.partitions() <= 65536,
                      InvalidArgument, "SplitTask needs a range partitioning of one key into 1 to 65536 partitions");
      std::vector<std::string> blocks;
      store.read_blocks(request->query_id(), request->stage(), request->task(), 0,
                        [&](std::string_view b) { blocks.emplace_back(b); });
      FLOE_USER_CHECK(!blocks.empty(), IoError, "stage {} task {} stored no output", request->stage(), request->task());
      DataFrame whole = decode_blocks(decode_block_schema(blocks[0]), blocks);
      DataFrame bounds = decode_block(request->bounds());
      FLOE_USER_CHECK(bounds.num_columns() == 1 && bounds.num_rows() < output.partitions(), InvalidArgument,
                      "SplitTask got {} bounds for {} partitions", bounds.num_rows(), output.partitions());
      auto partitions =
          range_partition(whole, output.keys(0), bounds.column(0), output.descending(), output.nulls_last());
      while (static_cast<int>(partitions.size()) < output.partitions()) partitions.push_back(whole.slice(0, 0));
      auto bytes = store.write(request->query_id(), request->stage(), request->task(), partitions);
      for (size_t p = 0; p < partitions.size(); ++p) {
        result->add_partition_rows(partitions[p].num_rows());
        result->add_partition_bytes(bytes[p]);
      }
      return grpc::Status::OK;
    });
  }

  grpc::Status FetchPartition(grpc::ServerContext* context, const proto::FetchPartitionRequest* request,
                              grpc::ServerWriter<proto::DataBlock>* writer) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      proto::DataBlock block;
      store.read_blocks(request->query_id(), request->stage(), request->task(), request->partition(),
                        [&](std::string_view b) {
                          FLOE_USER_CHECK(!context->IsCancelled(), Cancelled, "the reader went away");
                          block.set_data(b.data(), b.size());
                          writer->Write(block);
                        });
      return grpc::Status::OK;
    });
  }

  grpc::Status CancelQuery(grpc::ServerContext*, const proto::QueryRef* request, proto::ReleaseQueryResponse*) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      check_query_id(request->query_id());
      token_for(request->query_id())->cancel();
      return grpc::Status::OK;
    });
  }

  grpc::Status ReleaseQuery(grpc::ServerContext*, const proto::QueryRef* request, proto::ReleaseQueryResponse*) override {
    if (auto s = check_version(request->version()); !s.ok()) return s;
    return guarded([&] {
      store.release(request->query_id());
      std::lock_guard lock(mutex);
      tokens.erase(request->query_id());
      return grpc::Status::OK;
    });
  }

  /// Registers with the scheduler, then heartbeats; registers again when the scheduler has
  /// forgotten this worker (it restarted) or could not be reached.
  void heartbeat_loop() {
    auto stub = proto::Scheduler::NewStub(make_channel(options.scheduler_address, options.insecure));
    bool registered = false;
    int failures = 0;
    std::unique_lock lock(mutex);
    while (!stopping) {
      lock.unlock();
      grpc::ClientContext context;
      context.set_deadline(deadline_after(std::max(1.0, options.heartbeat_ms / 1000.0 * 2)));
      grpc::Status status;
      if (!registered) {
        proto::RegisterWorkerRequest request;
        set_version(request.mutable_version());
        request.set_node_id(options.node_id);
        request.set_address(advertised);
        request.set_threads(options.threads);
        request.set_memory_limit(options.memory_limit);
        proto::RegisterWorkerResponse response;
        status = stub->RegisterWorker(&context, request, &response);
        if (status.ok()) {
          registered = true;
          log_event("info", "registered with the scheduler",
                    {{"scheduler", options.scheduler_address}, {"cluster_id", response.cluster_id()}, {"address", advertised}});
        }
      } else {
        proto::HeartbeatRequest request;
        set_version(request.mutable_version());
        request.set_node_id(options.node_id);
        request.set_running_tasks(running.load());
        proto::HeartbeatResponse response;
        status = stub->Heartbeat(&context, request, &response);
        if (status.ok() && !response.known()) registered = false;
      }
      if (!status.ok()) {
        registered = false;
        if (failures++ % 10 == 0) {
          log_event("warn", "scheduler not reachable",
                    {{"scheduler", options.scheduler_address}, {"error", status.error_message()}});
        }
        if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          log_event("error", "scheduler refused this worker", {{"error", status.error_message()}});
        }
      } else {
        failures = 0;
      }
      lock.lock();
      stop_cv.wait_for(lock, std::chrono::milliseconds(registered ? options.heartbeat_ms : 250), [&] { return stopping; });
    }
  }
};

Worker::Worker(WorkerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  if (impl_->options.node_id.empty()) impl_->options.node_id = fmt::format("worker-{}", ::getpid());
}

Worker::~Worker() { shutdown(); }

void Worker::start() {
  impl_->server = serve(impl_.get(), impl_->options.host, impl_->options.port, &impl_->bound_port, "worker");
  impl_->advertised = fmt::format("{}:{}", impl_->options.advertise_host, impl_->bound_port);
  log_event("info", "worker listening", {{"address", impl_->advertised}, {"node_id", impl_->options.node_id}});
  impl_->heartbeat_thread = std::thread([this] { impl_->heartbeat_loop(); });
}

void Worker::wait() {
  if (impl_->server) impl_->server->Wait();
}

void Worker::shutdown() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    for (auto& [query, token] : impl_->tokens) token->cancel();
  }
  impl_->stop_cv.notify_all();
  if (impl_->heartbeat_thread.joinable()) impl_->heartbeat_thread.join();
  if (impl_->server) impl_->server->Shutdown(deadline_after(0.5));
}

std::string Worker::address() const { return impl_->advertised; }

}  // namespace floe::cluster
