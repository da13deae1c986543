// Rederiving node schemas after a pass rewrote the inputs.
#include "expr/bound_expr.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {

Schema derive_schema(const PlanNode& n) {
  switch (n.kind) {
    case PlanKind::kScan: {
      if (!n.request.columns) return n.source->schema();
      Schema s;
      for (const auto& c : *n.request.columns) s.add(c, n.source->schema().field(c).type);
      return s;
    }
    case PlanKind::kSelect:
    case PlanKind::kAggregate: {
      Schema s;
      const Schema& in = n.input()->schema;
      for (const auto& k : n.keys) {
        auto b = bind(k, in);
        s.add(b->name, b->type);
      }
      for (const auto& e : n.exprs) {
        auto b = bind(e, in);
        s.add(b->name, b->type);
      }
      return s;
    }
    case PlanKind::kWithColumns: {
      Schema s = n.input()->schema;
      for (const auto& e : n.exprs) {
        auto b = bind(e, n.input()->schema);
        s.set(b->name, b->type);
      }
      return s;
    }
    case PlanKind::kRowIndex: {
      Schema s;
      s.add(n.name, TypeId::kUInt32);
      for (const auto& f : n.input()->schema) s.add(f.name, f.type);
      return s;
    }
    case PlanKind::kJoin: return join_schema(n);
    case PlanKind::kFilter:
    case PlanKind::kSlice:
    case PlanKind::kSort:
    case PlanKind::kConcat:
    case PlanKind::kCache: return n.inputs[0]->schema;
  }
  return n.schema;
}

PlanPtr with_inputs(const PlanNode& node, std::vector<PlanPtr> inputs) {
  auto n = std::make_shared<PlanNode>(node);
  n->inputs = std::move(inputs);
  n->schema = derive_schema(*n);
  return n;
}

}  // namespace floe
