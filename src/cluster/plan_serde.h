// Logical plans and expressions to and from their protobuf messages (proto/floe/plan.proto).
#pragma once

#include <string>
#include <string_view>

#include "floe/plan.pb.h"
#include "plan/logical_plan.h"

namespace floe::cluster {

/// Writes `plan` into `out`, every field of every node. Scan sources travel as what rebuilds
/// them: an in-memory frame as a block (cluster/block_format.h), a CSV or Parquet scan as its
/// paths and options, an exchange as its stage and schema. A subtree shared by two parents is
/// written twice. Throws InvalidOperation for a scan source of another class.
void to_proto(const PlanNode& plan, proto::PlanNode* out);

/// Rebuilds a plan written by to_proto. CSV and Parquet sources are constructed again from
/// their paths and options (reading footers or inferring types anew); their schema must still
/// be the encoded one, else SchemaMismatch. Malformed messages (no kind, unknown enum values,
/// missing children or sources, wrong input counts) throw ComputeError naming the problem.
PlanPtr from_proto(const proto::PlanNode& msg);

/// Writes expression `e` into `out`. Throws InvalidOperation for an empty Expr.
void to_proto(const Expr& e, proto::Expr* out);

/// Rebuilds an expression written by to_proto; throws ComputeError for malformed messages.
Expr expr_from_proto(const proto::Expr& msg);

void to_proto(const DataType& type, proto::DataType* out);
DataType data_type_from_proto(const proto::DataType& msg);
void to_proto(const Scalar& value, proto::Scalar* out);
Scalar scalar_from_proto(const proto::Scalar& msg);
void to_proto(const Schema& schema, proto::Schema* out);
Schema schema_from_proto(const proto::Schema& msg);

/// The plan as the bytes of a proto::PlanNode.
std::string serialize_plan(const PlanPtr& plan);
/// Parses bytes made by serialize_plan; throws ComputeError when they are not a valid plan.
PlanPtr deserialize_plan(std::string_view bytes);

}  // namespace floe::cluster
