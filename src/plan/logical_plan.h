// The logical plan: an immutable tree of relational operators that LazyFrame builds.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compute/sort.h"
#include "core/data_frame.h"
#include "expr/expr.h"

namespace floe {

/// What a scan may be asked to do beyond reading everything: the optimizer pushes projections,
/// filters and row limits into it.
struct ScanRequest {
  std::optional<std::vector<std::string>> columns;  // only these, in this order
  std::optional<Expr> predicate;                      // rows that fail may be skipped
  std::optional<int64_t> n_rows;                      // at most this many rows (before predicate)
};

/// A source of rows: an in-memory frame, a CSV file, later Parquet and shuffle reads. Sources
/// live below the plan layer's knowledge of formats; the exec layer implements them.
class ScanSource {
 public:
  virtual ~ScanSource() = default;
  virtual const Schema& schema() const = 0;
  /// One line for explain(): "DF [\"a\", \"b\"]", "Csv SCAN data.csv".
  virtual std::string describe() const = 0;
  /// Whether the source applies `request.predicate` itself (otherwise a filter stays above it).
  virtual bool handles_predicate() const { return false; }
  /// Estimated row count, if cheap to know.
  virtual std::optional<int64_t> estimated_rows() const { return std::nullopt; }
  /// The smallest and largest value of a numeric or temporal column as doubles (dates in days,
  /// datetimes in their unit), if known without reading the data (Parquet statistics).
  virtual std::optional<std::pair<double, double>> column_range(const std::string& column) const {
    return std::nullopt;
  }
};
using ScanSourcePtr = std::shared_ptr<const ScanSource>;

/// An in-memory DataFrame as a scan source.
class DataFrameSource final : public ScanSource {
 public:
  explicit DataFrameSource(DataFrame df) : df_(std::move(df)) {}
  const Schema& schema() const override { return df_.schema(); }
  std::string describe() const override;
  std::optional<int64_t> estimated_rows() const override { return df_.num_rows(); }
  const DataFrame& frame() const { return df_; }

 private:
  DataFrame df_;
};

/// Options of an asof join (`how == "asof"`): which right row a left row takes.
struct AsofOptions {
  std::string strategy = "backward";  // backward, forward or nearest
  std::optional<double> tolerance;    // at most this far apart (in the key's physical units)
  bool allow_exact_matches = true;
  bool check_sortedness = true;
};

enum class PlanKind {
  kScan,
  kSelect,       // exprs: one output column each
  kWithColumns,  // exprs: added or replaced columns
  kFilter,       // predicate
  kAggregate,    // keys (empty: one row) and aggregate exprs
  kSlice,        // offset (negative: from the end) and length
  kSort,         // keys, per-key options, optional limit (top-k)
  kConcat,       // inputs stacked vertically
  kRowIndex,     // name, offset
  kJoin,         // inputs: left, right; keys (left), exprs (right keys), join options
  kCache,        // input computed once per query and shared by every kCache node of its cache_id
};

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

struct PlanNode {
  PlanKind kind;
  Schema schema;  // output schema, resolved when the node was built
  std::vector<PlanPtr> inputs;

  // kScan
  ScanSourcePtr source;
  ScanRequest request;
  // kSelect, kWithColumns, kAggregate (aggregates), kSort (keys)
  std::vector<Expr> exprs;
  std::vector<Expr> keys;  // kAggregate group keys
  bool maintain_order = false;
  // kFilter
  Expr predicate;
  // kSlice, kRowIndex
  int64_t offset = 0;
  std::optional<int64_t> length;
  std::string name;
  // kSort
  std::vector<compute::SortKeyOptions> sort_options;
  std::optional<int64_t> limit;
  // kJoin: `keys` are the left keys, `exprs` the right keys (for "asof": the asof key first,
  // then the `by` keys)
  std::string how;          // inner, left, right, full, semi, anti, cross, asof
  std::string suffix = "_right";
  bool nulls_equal = false;
  bool coalesce = true;            // resolved: equal key columns merged into one output column
  std::string validate = "m:m";    // "m:m", "1:m", "m:1" or "1:1"
  AsofOptions asof;                // how == "asof"
  bool build_left = false;         // inner: hash the left input, stream the right (join_strategy)
  // kCache: the subplan's identity within one plan (common_subplans.cc)
  int cache_id = -1;

  /// The input, for single-input nodes.
  const PlanPtr& input() const { return inputs[0]; }
};

/// Indented text of a plan, one node per line, as explain() prints it.
std::string format_plan(const PlanNode& plan);

}  // namespace floe
