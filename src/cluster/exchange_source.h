// The leaf of a stage's plan fragment that reads the output of an earlier stage.
#pragma once

#include <string>

#include <fmt/format.h>

#include "plan/logical_plan.h"

namespace floe::cluster {

/// Rows of stage `stage`'s output: for a hash exchange the task's own partition, for a gather or
/// broadcast all of it. The distributed planner puts it where it cut the plan; the worker
/// replaces it by the data it fetched from the producing workers before running the fragment.
class ExchangeSource final : public ScanSource {
 public:
  ExchangeSource(int stage, Schema schema) : stage_(stage), schema_(std::move(schema)) {}
  const Schema& schema() const override { return schema_; }
  std::string describe() const override { return fmt::format("EXCHANGE stage {}", stage_); }
  int stage() const { return stage_; }

 private:
  int stage_;
  Schema schema_;
};

}  // namespace floe::cluster
