// A scheduler and two workers in this process, on loopback: queries, versions, malformed
// requests.
#include <filesystem>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster/client.h"
#include "cluster/log.h"
#include "cluster/rpc.h"
#include "cluster/scheduler.h"
#include "cluster/worker.h"
#include "core/error.h"
#include "core/test_columns.h"
#include "plan/lazy_frame.h"

namespace floe::cluster {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using floe::testing::fixed_column;

class ClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("floe_cluster_test_" + std::to_string(::getpid()));
    set_log_level("warn");
    SchedulerOptions so;
    so.host = "127.0.0.1";
    so.port = 0;
    so.expected_workers = 2;
    so.heartbeat_ms = 100;
    so.results_dir = (root_ / "results").string();
    so.result_threshold_bytes = 4096;
    scheduler_ = new Scheduler(so);
    scheduler_->start();
    for (int i = 0; i < 2; ++i) {
      WorkerOptions wo;
      wo.scheduler_address = "127.0.0.1:" + std::to_string(scheduler_->port());
      wo.host = "127.0.0.1";
      wo.node_id = "w" + std::to_string(i);
      wo.shuffle_dir = (root_ / wo.node_id).string();
      wo.heartbeat_ms = 100;
      workers_[i] = new Worker(wo);
      workers_[i]->start();
    }
    client_ = new ClusterClient("127.0.0.1", scheduler_->port(), true);
    for (int i = 0; i < 200 && client_->cluster_info().workers_size() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(client_->cluster_info().workers_size(), 2);
  }
  static void TearDownTestSuite() {
    delete client_;
    for (auto* w : workers_) delete w;
    delete scheduler_;
    fs::remove_all(root_);
  }

  static DataFrame frame() {
    std::vector<std::optional<int64_t>> k, v;
    for (int64_t i = 0; i < 5000; ++i) {
      k.push_back(i % 11 == 0 ? std::nullopt : std::optional<int64_t>(i % 37));
      v.push_back(i);
    }
    return DataFrame(Schema({{"k", TypeId::kInt64}, {"v", TypeId::kInt64}}),
                     std::vector<ColumnPtr>{fixed_column<int64_t>(TypeId::kInt64, k), fixed_column<int64_t>(TypeId::kInt64, v)});
  }

  static std::unique_ptr<proto::Scheduler::Stub> raw_stub() {
    return proto::Scheduler::NewStub(make_channel("127.0.0.1:" + std::to_string(scheduler_->port()), true));
  }

  static fs::path root_;
  static Scheduler* scheduler_;
  static Worker* workers_[2];
  static ClusterClient* client_;
};

fs::path ClusterTest::root_;
Scheduler* ClusterTest::scheduler_ = nullptr;
Worker* ClusterTest::workers_[2] = {nullptr, nullptr};
ClusterClient* ClusterTest::client_ = nullptr;

TEST_F(ClusterTest, DistributedQueryEqualsLocal) {
  auto query = LazyFrame::from_frame(frame()).group_by_agg({col("k")}, {col("v").sum().alias("s"), len().alias("n")}).sort({col("k")});
  for (bool distributed : {true, false}) {
    const std::string id = client_->submit(query.plan(), distributed);
    DataFrame got = client_->result(id);
    EXPECT_EQ(got.to_string(), query.collect().to_string());
    auto status = client_->status(id);
    EXPECT_EQ(status.state(), proto::QueryStatus::SUCCEEDED);
    EXPECT_EQ(status.result_rows(), 38);
    EXPECT_FALSE(status.stage_graph().empty());
  }
}

TEST_F(ClusterTest, LargeResultsAreStoredAsParquet) {
  // 5000 rows of two columns take more than the suite's 4 KiB threshold.
  auto query = LazyFrame::from_frame(frame()).with_columns({(col("v") * lit(int64_t{3})).alias("w")});
  const std::string id = client_->submit(query.plan(), true);
  auto status = client_->wait(id);
  EXPECT_EQ(status.state(), proto::QueryStatus::SUCCEEDED);
  EXPECT_THAT(status.result_location(), HasSubstr(id + ".parquet"));
  EXPECT_TRUE(fs::exists(status.result_location()));
  EXPECT_EQ(client_->result(id).to_string(), query.collect().to_string());
}

TEST_F(ClusterTest, QueryErrorsKeepTheirKind) {
  auto query = LazyFrame::from_frame(frame()).select({col("v").cast(TypeId::kInt8)});
  const std::string id = client_->submit(query.plan(), true);
  try {
    client_->result(id);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string local;
    try {
      query.collect();
    } catch (const Error& l) {
      local = l.kind();
    }
    EXPECT_FALSE(local.empty());
    EXPECT_EQ(std::string(e.kind()), local);
  }
}

TEST_F(ClusterTest, OtherProtocolVersionsAreRefused) {
  auto stub = raw_stub();
  grpc::ClientContext context;
  proto::ClusterInfoRequest request;
  request.mutable_version()->set_floe("9.9.9");
  request.mutable_version()->set_protocol(kProtocolVersion + 1);
  proto::ClusterInfo info;
  grpc::Status status = stub->GetClusterInfo(&context, request, &info);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("version mismatch"));
  EXPECT_THAT(status.error_message(), HasSubstr("9.9.9"));
}

TEST_F(ClusterTest, MalformedRequestsAreRefusedAndTheSchedulerKeepsServing) {
  auto stub = raw_stub();
  {  // a plan with no node kind set correctly: empty message
    grpc::ClientContext context;
    proto::SubmitQueryRequest request;
    set_version(request.mutable_version());
    proto::SubmitQueryResponse response;
    grpc::Status status = stub->SubmitQuery(&context, request, &response);
    EXPECT_FALSE(status.ok());
  }
  {  // a worker without an address
    grpc::ClientContext context;
    proto::RegisterWorkerRequest request;
    set_version(request.mutable_version());
    proto::RegisterWorkerResponse response;
    EXPECT_EQ(stub->RegisterWorker(&context, request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {  // status of a query that does not exist
    grpc::ClientContext context;
    proto::QueryRef request;
    set_version(request.mutable_version());
    request.set_query_id("../../etc/passwd");
    proto::QueryStatus response;
    grpc::Status status = stub->GetQueryStatus(&context, request, &response);
    EXPECT_THAT(status.error_message(), HasSubstr("no query with id"));
  }
  auto query = LazyFrame::from_frame(frame()).select({col("v").sum()});
  EXPECT_EQ(client_->result(client_->submit(query.plan(), true)).to_string(), query.collect().to_string());
}

TEST(ClusterClientTest, UnreachableSchedulerFailsWithinSeconds) {
  ClusterClient client("127.0.0.1", 1, true, 5);
  const auto start = std::chrono::steady_clock::now();
  try {
    client.cluster_info();
    FAIL() << "expected ConnectionFailed";
  } catch (const ConnectionFailed& e) {
    EXPECT_THAT(e.what(), HasSubstr("Error setting up gRPC connection"));
    EXPECT_THAT(e.what(), HasSubstr("Hint:"));
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 6.0);
}

}  // namespace
}  // namespace floe::cluster
