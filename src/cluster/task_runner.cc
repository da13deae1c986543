// Running one task of a stage on the local engine (see task_runner.h).
#include "cluster/task_runner.h"

#include "cluster/distributed_planner.h"
#include "cluster/exchange_source.h"
#include "core/error.h"
#include "exec/executor.h"

namespace floe::cluster {

namespace {

PlanPtr bind_inputs(const PlanPtr& plan, const std::map<int, DataFrame>& inputs) {
  return map_scans(plan, [&](const PlanPtr& scan) -> PlanPtr {
    auto exchange = std::dynamic_pointer_cast<const ExchangeSource>(scan->source);
    if (!exchange) return scan;
    auto it = inputs.find(exchange->stage());
    FLOE_CHECK(it != inputs.end(), "the task has no input for stage {}", exchange->stage());
    FLOE_CHECK(it->second.schema() == exchange->schema(), "stage {} delivered another schema than planned",
               exchange->stage());
    auto copy = std::make_shared<PlanNode>(*scan);
    copy->source = std::make_shared<DataFrameSource>(it->second);
    return copy;
  });
}

}  // namespace

DataFrame run_fragment(const PlanPtr& fragment, const std::map<int, DataFrame>& inputs) {
  return execute(bind_inputs(fragment, inputs));
}

DataFrame concat_frames(const Schema& schema, const std::vector<DataFrame>& parts) {
  std::vector<Chunk> chunks;
  for (const auto& part : parts) {
    FLOE_CHECK(part.schema() == schema, "cannot stack frames of different schemas");
    for (const auto& chunk : part.chunks()) {
      if (chunk.num_rows() > 0) chunks.push_back(chunk);
    }
  }
  return DataFrame(schema, std::move(chunks));
}

}  // namespace floe::cluster
