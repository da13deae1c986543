// Hash join build (CSR lists of build rows per key) and the streaming probe operator.
#include "exec/hash_join.h"

#include <algorithm>
#include <cctype>

#include "compute/cast.h"
#include "compute/selection.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "exec/group_table.h"
#include "exec/key_packing.h"
#include "plan/lazy_frame.h"

namespace floe {

namespace {

constexpr uint32_t kNoRow = UINT32_MAX;

std::vector<BoundExprPtr> bind_all(const std::vector<Expr>& exprs, const Schema& schema) {
  std::vector<BoundExprPtr> out;
  for (const auto& e : exprs) out.push_back(bind(e, schema));
  return out;
}

/// Key types both sides are cast to before hashing: equal keys must encode equally.
std::vector<DataType> common_key_types(const PlanNode& join) {
  auto left = bind_all(join.keys, join.inputs[0]->schema);
  auto right = bind_all(join.exprs, join.inputs[1]->schema);
  std::vector<DataType> out;
  for (size_t i = 0; i < left.size(); ++i) out.push_back(supertype(left[i]->type, right[i]->type));
  return out;
}

std::vector<ColumnPtr> eval_keys(const std::vector<BoundExprPtr>& keys, const std::vector<DataType>& types, EvalContext& ctx) {
  std::vector<ColumnPtr> out;
  for (size_t i = 0; i < keys.size(); ++i) out.push_back(compute::cast(evaluate_full(*keys[i], ctx), types[i], false));
  return out;
}

/// Marks rows with a null in any key as matching nothing (unless nulls are equal).
void drop_null_keys(const std::vector<ColumnPtr>& keys, int64_t rows, uint32_t* gids) {
  for (const auto& k : keys) {
    if (!k->has_nulls()) continue;
    for (int64_t i = 0; i < rows; ++i) {
      if (k->is_null(i)) gids[i] = GroupTable::kNoGroup;
    }
  }
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Number of distinct keys among the rows of `keys` that take part in validation, and how many
/// rows those are.
std::pair<int64_t, int64_t> distinct_keys(const std::vector<ColumnPtr>& keys, int64_t rows, bool count_nulls) {
  std::vector<DataType> types;
  for (const auto& k : keys) types.push_back(k->type());
  KeyLayout layout(types);
  GroupTable table(&layout);
  EncodedKeys encoded;
  layout.encode(keys, rows, encoded);
  table.reserve(static_cast<size_t>(rows));
  std::vector<uint32_t> gids(static_cast<size_t>(rows));
  table.find_or_insert(encoded, 0, gids.data());
  if (count_nulls) return {table.size(), rows};
  // Null keys never match, so they cannot break uniqueness: count the groups of the others.
  std::vector<uint32_t> live(gids);
  drop_null_keys(keys, rows, live.data());
  std::vector<uint8_t> seen(table.size(), 0);
  int64_t groups = 0, counted = 0;
  for (uint32_t g : live) {
    if (g == GroupTable::kNoGroup) continue;
    ++counted;
    groups += !seen[g];
    seen[g] = 1;
  }
  return {groups, counted};
}

bool validation_counts_nulls(const PlanNode& join) { return join.nulls_equal || join.how == "full"; }

}  // namespace

/// The build side's keys as a hash table of dense key ids, with the build rows of each key
/// stored contiguously in build order (CSR: rows[offsets[g] .. offsets[g + 1])).
/// Large build sides are split by the top bits of the key hash into tables built in parallel;
/// key ids are numbered table by table.
/// Dense integer keys span at most this many times the build rows (and at most this many
/// values): an array indexed by the key is then no larger than a hash table of them.
constexpr uint64_t kDenseSpanPerRow = 4;
constexpr uint64_t kMaxDenseSpan = uint64_t{1} << 26;

struct HashJoinProbe::Table {
  explicit Table(std::vector<DataType> types) : layout(std::move(types)) {}
  KeyLayout layout;
  std::optional<KeyPacking> packing;  // several integer keys hashed as one
  int part_bits = 0;
  std::vector<std::unique_ptr<GroupTable>> parts;
  std::vector<uint32_t> base;  // first key id of each part
  std::vector<uint32_t> offsets, rows;
  // Every key has exactly one build row (unique keys, none dropped for nulls): a match is
  // rows[key id], with no list to look up.
  bool identity = false;

  // One integer key over a dense range (TPC-H's part, supplier, customer and order keys): the
  // key minus the smallest one indexes the key ids, with no hashing or probing.
  std::vector<uint32_t> dense;
  int64_t dense_min = 0;

  uint32_t part_of(uint64_t hash) const { return part_bits == 0 ? 0 : static_cast<uint32_t>(hash >> (64 - part_bits)); }
  uint32_t size() const { return base.back(); }

  /// Key ids of all build rows through a dense array, if the single key column `keys` is an
  /// integer column over a dense range; false otherwise. Null keys get kNoGroup.
  bool build_dense(const Column& keys, int64_t rows, uint32_t* gids) {
    if (!fits_int64(keys.type())) return false;
    bool built = false;
    visit_int_values(keys, [&](const auto* v) { built = build_dense(keys, v, rows, gids); });
    return built;
  }

  template <typename T>
  bool build_dense(const Column& keys, const T* v, int64_t rows, uint32_t* gids) {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t i = 0; i < rows; ++i) {
      if (keys.has_nulls() && !keys.is_valid(i)) continue;
      lo = std::min<int64_t>(lo, static_cast<int64_t>(v[i]));
      hi = std::max<int64_t>(hi, static_cast<int64_t>(v[i]));
    }
    if (lo > hi) return false;
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    if (span >= kMaxDenseSpan || span > kDenseSpanPerRow * static_cast<uint64_t>(rows)) return false;
    dense.assign(span + 1, GroupTable::kNoGroup);
    dense_min = lo;
    uint32_t next = 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (keys.has_nulls() && !keys.is_valid(i)) {
        gids[i] = GroupTable::kNoGroup;
        continue;
      }
      uint32_t& g = dense[static_cast<uint64_t>(static_cast<int64_t>(v[i])) - static_cast<uint64_t>(lo)];
      if (g == GroupTable::kNoGroup) g = next++;
      gids[i] = g;
    }
    base.assign({0, next});
    return true;
  }

  /// Key id of every row of `keys` in the dense array (nulls get an arbitrary id: the caller
  /// drops them).
  void find_dense(const Column& keys, int64_t n, uint32_t* gids) const {
    const uint32_t* ids = dense.data();
    const uint64_t size = dense.size();
    const uint64_t lo = static_cast<uint64_t>(dense_min);
    visit_int_values(keys, [&](const auto* v) {
      for (int64_t i = 0; i < n; ++i) {
        const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(v[i])) - lo;  // wraps below lo
        gids[i] = d < size ? ids[d] : GroupTable::kNoGroup;
      }
    });
  }

  /// Key ids of all build rows (inserting every key).
  void build(const EncodedKeys& keys, uint32_t* gids) {
    const size_t n = static_cast<size_t>(keys.rows);
    // A part per 16 K rows or so, at most 64.
    part_bits = 0;
    while (part_bits < 6 && (n >> (part_bits + 14)) > 1) ++part_bits;
    const size_t count = size_t{1} << part_bits;
    for (size_t p = 0; p < count; ++p) parts.push_back(std::make_unique<GroupTable>(&layout));
    base.assign(count + 1, 0);
    if (count == 1) {
      parts[0]->reserve(n);
      parts[0]->find_or_insert(keys, 0, gids);
      base[1] = parts[0]->size();
      return;
    }
    // Rows by part (a counting sort), each part's rows inserted into its table in parallel.
    // `position[i]`: where row i goes in part order.
    std::vector<uint32_t> starts(count + 1, 0), position(n), local(n);
    for (size_t i = 0; i < n; ++i) ++starts[part_of(keys.hashes[i]) + 1];
    for (size_t p = 0; p < count; ++p) starts[p + 1] += starts[p];
    std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
    for (size_t i = 0; i < n; ++i) position[i] = next[part_of(keys.hashes[i])]++;
    // The keys moved into part order first: inserting them in place through a row order would
    // wait on a cache miss for every row's key and hash.
    const EncodedKeys sorted = keys.scattered(position.data());
    ThreadPool::global().parallel_for(static_cast<int64_t>(count), 1, [&](int64_t b, int64_t e) {
      std::vector<uint32_t> positions;
      for (int64_t p = b; p < e; ++p) {
        const uint32_t from = starts[static_cast<size_t>(p)], to = starts[static_cast<size_t>(p) + 1];
        positions.resize(to - from);
        for (uint32_t k = from; k < to; ++k) positions[k - from] = k;
        GroupTable& table = *parts[static_cast<size_t>(p)];
        table.reserve(to - from);
        table.find_or_insert_rows(sorted, 0, positions.data(), to - from, local.data() + from);
      }
    });
    for (size_t p = 0; p < count; ++p) base[p + 1] = base[p] + parts[p]->size();
    for (size_t i = 0; i < n; ++i) gids[i] = base[part_of(keys.hashes[i])] + local[position[i]];
  }

  /// Key id of every row of `keys` (GroupTable::kNoGroup: not in the table).
  void find(const EncodedKeys& keys, bool nulls_match, uint32_t* gids) const {
    if (parts.size() == 1) {
      parts[0]->find(keys, nulls_match, gids);
      return;
    }
    constexpr size_t kAhead = 16;
    const size_t n = static_cast<size_t>(keys.rows);
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) parts[part_of(keys.hashes[i + kAhead])]->prefetch(keys.hashes[i + kAhead]);
      const uint32_t p = part_of(keys.hashes[i]);
      const uint32_t g = parts[p]->lookup(keys, i, nulls_match);
      gids[i] = g == GroupTable::kNoGroup ? g : base[p] + g;
    }
  }
};

HashJoinProbe::HashJoinProbe(const PlanNode& join, const Schema& probe_schema, DataFrame build)
    : how_(join.how), nulls_equal_(join.nulls_equal), build_(build.rechunk()) {
  const bool build_left = join_builds_left(join);
  const int build_side = build_left ? 0 : 1;
  probe_keys_ = bind_all(build_left ? join.exprs : join.keys, probe_schema);
  auto build_key_exprs = bind_all(build_left ? join.keys : join.exprs, build_.schema());
  key_types_ = common_key_types(join);
  table_ = std::make_unique<Table>(key_types_);

  for (const auto& c : join_columns(join)) {
    schema_.add(c.field.name, c.field.type);
    if (c.coalesced_key >= 0) {
      outputs_.push_back({Output::From::kKey, static_cast<size_t>(c.coalesced_key)});
    } else {
      outputs_.push_back({c.side == build_side ? Output::From::kBuild : Output::From::kProbe, c.index});
    }
  }
  if (how_ == "cross") return;
  if (join.validate != "m:m") {
    FLOE_USER_CHECK(how_ == "inner" || how_ == "left" || how_ == "full", ComputeError,
                    "{} validation on a {} join is not supported", join.validate, upper(how_));
  }

  // Build: key ids of the build rows, then the rows of each key contiguously (CSR).
  const int64_t rows = build_.num_rows();
  FLOE_USER_CHECK(rows < static_cast<int64_t>(kNoRow), ComputeError,
                  "the build side of a join has {} rows; at most {} are supported", rows, kNoRow - 1);
  std::vector<uint32_t> gids(static_cast<size_t>(rows));
  if (rows > 0) {
    const Chunk& chunk = build_.chunks()[0];
    EvalContext ctx(chunk);
    build_keys_ = eval_keys(build_key_exprs, key_types_, ctx);
    if (!nulls_equal_) {  // a packed null is "no match", which only holds when nulls never match
      table_->packing = KeyPacking::plan(build_keys_, rows);
      if (table_->packing) table_->layout = KeyLayout({DataType(TypeId::kInt64)});
    }
    const std::vector<ColumnPtr> keys = table_keys(build_keys_, rows);
    if (nulls_equal_ || keys.size() != 1 || !table_->build_dense(*keys[0], rows, gids.data())) {
      EncodedKeys encoded;
      table_->layout.encode(keys, rows, encoded);
      table_->build(encoded, gids.data());
    }
    if (!nulls_equal_) drop_null_keys(build_keys_, rows, gids.data());
  } else {
    for (size_t i = 0; i < key_types_.size(); ++i) build_keys_.push_back(Column::nulls(key_types_[i], 0));
    table_->parts.push_back(std::make_unique<GroupTable>(&table_->layout));
    table_->base.assign(2, 0);
  }
  const uint32_t groups = table_->size();
  auto& offsets = table_->offsets;
  offsets.assign(groups + 1, 0);
  for (uint32_t g : gids) {
    if (g != GroupTable::kNoGroup) ++offsets[g + 1];
  }
  for (uint32_t g = 0; g < groups; ++g) offsets[g + 1] += offsets[g];
  table_->rows.resize(offsets[groups]);
  std::vector<uint32_t> cursor(offsets.begin(), offsets.end() - 1);
  for (int64_t i = 0; i < rows; ++i) {
    uint32_t g = gids[static_cast<size_t>(i)];
    if (g != GroupTable::kNoGroup) table_->rows[cursor[g]++] = static_cast<uint32_t>(i);
  }
  table_->identity = static_cast<int64_t>(groups) == rows && static_cast<int64_t>(table_->rows.size()) == rows;

  // The build side is the right input here ("1:m" checks the probe side, see
  // check_unique_join_keys). Without null matching, null-key rows sit in no list.
  if (join.validate == "m:1" || join.validate == "1:1") {
    auto [distinct, counted] = distinct_keys(build_keys_, rows, validation_counts_nulls(join));
    FLOE_USER_CHECK(distinct == counted, ComputeError, "join keys did not fulfill {} validation", join.validate);
  }
  if (emits_unmatched_build_rows()) {
    matched_ = std::make_unique<std::atomic<uint8_t>[]>(static_cast<size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) matched_[static_cast<size_t>(i)].store(0, std::memory_order_relaxed);
  }
}

HashJoinProbe::~HashJoinProbe() = default;

std::vector<ColumnPtr> HashJoinProbe::table_keys(const std::vector<ColumnPtr>& keys, int64_t n) const {
  if (!table_->packing) return keys;
  return {table_->packing->pack(keys, n)};
}

std::vector<uint32_t> HashJoinProbe::find_keys(const std::vector<ColumnPtr>& keys, int64_t n) const {
  std::vector<uint32_t> gids(static_cast<size_t>(n));
  if (!table_->dense.empty()) {
    // Only built without nulls_equal: null keys, and packed keys outside the build side's
    // ranges (null in the packed column), match nothing.
    const std::vector<ColumnPtr> packed = table_keys(keys, n);
    table_->find_dense(*packed[0], n, gids.data());
    drop_null_keys(packed, n, gids.data());
    return gids;
  }
  EncodedKeys encoded;
  table_->layout.encode(table_keys(keys, n), n, encoded);
  table_->find(encoded, nulls_equal_, gids.data());
  if (!nulls_equal_) drop_null_keys(keys, n, gids.data());
  return gids;
}

void HashJoinProbe::match(const std::vector<uint32_t>& gids, bool keep_unmatched, std::vector<uint32_t>& probe_idx,
                          std::vector<uint32_t>& build_idx) const {
  const int64_t n = static_cast<int64_t>(gids.size());
  if (table_->identity) {
    // At most one match per probe row: the key's only build row.
    const uint32_t* key_rows = table_->rows.data();
    size_t m = 0;
    if (keep_unmatched) {
      m = static_cast<size_t>(n);
    } else {
      for (uint32_t g : gids) m += g != GroupTable::kNoGroup;
    }
    // Branch-free: every row is written, and the cursor advances past the kept ones (one
    // spare slot takes the writes after the last kept row).
    probe_idx.resize(m + 1);
    build_idx.resize(m + 1);
    size_t o = 0;
    for (int64_t i = 0; i < n; ++i) {
      uint32_t g = gids[static_cast<size_t>(i)];
      probe_idx[o] = static_cast<uint32_t>(i);
      build_idx[o] = g == GroupTable::kNoGroup ? kNoRow : key_rows[g];
      o += keep_unmatched || g != GroupTable::kNoGroup;
    }
    probe_idx.resize(m);
    build_idx.resize(m);
    return;
  }
  // Count first so the index vectors are sized once.
  const uint32_t* offsets = table_->offsets.data();
  const uint32_t* rows = table_->rows.data();
  size_t m = 0;
  for (uint32_t g : gids) m += g == GroupTable::kNoGroup ? keep_unmatched : offsets[g + 1] - offsets[g];
  probe_idx.resize(m);
  build_idx.resize(m);
  size_t o = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint32_t g = gids[static_cast<size_t>(i)];
    if (g == GroupTable::kNoGroup) {
      if (keep_unmatched) {
        probe_idx[o] = static_cast<uint32_t>(i);
        build_idx[o++] = kNoRow;
      }
      continue;
    }
    for (uint32_t k = offsets[g]; k < offsets[g + 1]; ++k) {
      probe_idx[o] = static_cast<uint32_t>(i);
      build_idx[o++] = rows[k];
    }
  }
}

Chunk HashJoinProbe::process(const Chunk& in) const {
  EvalContext ctx(in);
  const int64_t n = ctx.rows();
  if (how_ == "cross") return cross(ctx, in.sequence());
  auto keys = eval_keys(probe_keys_, key_types_, ctx);
  auto gids = find_keys(keys, n);
  if (how_ == "semi" || how_ == "anti") {
    bool want = how_ == "semi";
    SelectionVector sel;
    for (int64_t i = 0; i < n; ++i) {
      if ((gids[static_cast<size_t>(i)] != GroupTable::kNoGroup) == want) {
        sel.push_back(in.selection() ? (*in.selection())[static_cast<size_t>(i)] : static_cast<uint32_t>(i));
      }
    }
    Chunk out = in;
    out.set_selection(std::make_shared<SelectionVector>(std::move(sel)));
    return out;
  }
  // Pairs of (probe row, build row or kNoRow).
  std::vector<uint32_t> probe_idx, build_idx;
  match(gids, how_ != "inner", probe_idx, build_idx);
  if (matched_) {
    for (uint32_t b : build_idx) {
      if (b != kNoRow) matched_[b].store(1, std::memory_order_relaxed);
    }
  }
  return assemble(ctx, keys, probe_idx.data(), build_idx.data(), static_cast<int64_t>(probe_idx.size()), in.sequence());
}

Chunk HashJoinProbe::assemble(EvalContext& ctx, const std::vector<ColumnPtr>& probe_keys, const uint32_t* probe_idx,
                              const uint32_t* build_idx, int64_t m, int64_t sequence) const {
  // Unmatched probe rows (outer joins) take null build columns.
  std::vector<int64_t> nullable;
  if (how_ != "inner" && how_ != "cross" && std::find(build_idx, build_idx + m, kNoRow) != build_idx + m) {
    nullable.resize(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i) nullable[static_cast<size_t>(i)] = build_idx[i] == kNoRow ? int64_t{-1} : static_cast<int64_t>(build_idx[i]);
  }
  std::vector<ColumnPtr> cols;
  for (const auto& out : outputs_) {
    switch (out.from) {
      case Output::From::kProbe: cols.push_back(compute::gather(ctx.column(static_cast<int>(out.index)), probe_idx, m)); break;
      case Output::From::kKey: cols.push_back(compute::gather(probe_keys[out.index], probe_idx, m)); break;
      case Output::From::kBuild: {
        ColumnPtr source = build_.num_rows() > 0 ? build_.chunks()[0].column(out.index)
                                                 : Column::nulls(build_.schema()[out.index].type, 0);
        cols.push_back(nullable.empty() ? compute::gather(source, build_idx, m)
                                        : compute::gather_nullable(source, nullable.data(), m));
        break;
      }
    }
  }
  Chunk result(std::move(cols), m);
  result.set_sequence(sequence);
  return result;
}

Chunk HashJoinProbe::cross(EvalContext& ctx, int64_t sequence) const {
  const int64_t n = ctx.rows(), r = build_.num_rows();
  FLOE_USER_CHECK(r == 0 || n <= INT64_MAX / r, ComputeError, "cross join of {} x {} rows is too large", n, r);
  std::vector<uint32_t> probe_idx(static_cast<size_t>(n * r)), build_idx(static_cast<size_t>(n * r));
  size_t o = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < r; ++j) {
      probe_idx[o] = static_cast<uint32_t>(i);
      build_idx[o++] = static_cast<uint32_t>(j);
    }
  }
  return assemble(ctx, {}, probe_idx.data(), build_idx.data(), n * r, sequence);
}

Chunk HashJoinProbe::unmatched_build_rows(int64_t sequence) const {
  std::vector<uint32_t> idx;
  const int64_t rows = build_.num_rows();
  for (int64_t i = 0; i < rows; ++i) {
    if (!matched_[static_cast<size_t>(i)].load(std::memory_order_relaxed)) idx.push_back(static_cast<uint32_t>(i));
  }
  return build_rows_alone(idx, sequence);
}

Chunk HashJoinProbe::build_rows_alone(const std::vector<uint32_t>& idx, int64_t sequence) const {
  const int64_t m = static_cast<int64_t>(idx.size());
  std::vector<ColumnPtr> cols;
  for (size_t c = 0; c < outputs_.size(); ++c) {
    const Output& out = outputs_[c];
    switch (out.from) {
      case Output::From::kProbe: cols.push_back(Column::nulls(schema_[c].type, m)); break;
      case Output::From::kKey: cols.push_back(compute::gather(build_keys_[out.index], idx.data(), m)); break;
      case Output::From::kBuild:
        cols.push_back(m == 0 ? Column::nulls(schema_[c].type, 0)
                              : compute::gather(build_.chunks()[0].column(out.index), idx.data(), m));
        break;
    }
  }
  Chunk result(std::move(cols), m);
  result.set_sequence(sequence);
  return result;
}

bool validates_probe_keys(const PlanNode& join) {
  return (join.validate == "1:m" || join.validate == "1:1") &&
         (join.how == "inner" || join.how == "left" || join.how == "full");
}

void check_unique_join_keys(const PlanNode& join, const DataFrame& input) {
  DataFrame whole = input.rechunk();
  const int64_t rows = whole.num_rows();
  if (rows == 0) return;
  Chunk chunk = whole.chunks()[0];
  EvalContext ctx(chunk);
  auto keys = eval_keys(bind_all(join.keys, whole.schema()), common_key_types(join), ctx);
  auto [distinct, counted] = distinct_keys(keys, rows, validation_counts_nulls(join));
  FLOE_USER_CHECK(distinct == counted, ComputeError, "join keys did not fulfill {} validation", join.validate);
}


namespace {

/// Matches of the streamed right input against a table built on the left input, in the order
/// of a join that builds on the right: left rows in order, each followed by its matches in
/// right order. With `keep_unmatched` (left joins), a left row without a match appears once,
/// with null right columns.
DataFrame join_building_left(const PlanNode& join, DataFrame left, Pipeline& right, bool keep_unmatched) {
  PlanNode inner = join;
  inner.how = "inner";
  inner.build_left = true;
  HashJoinProbe probe(inner, right.schema, std::move(left));
  const int64_t build_rows = probe.build_rows();
  if (build_rows == 0) return DataFrame(probe.schema(), std::vector<Chunk>{});
  // Stream the right input: each morsel keeps only its matches, with the left row of each.
  struct Piece {
    Chunk chunk;
    std::vector<uint32_t> left_rows;
  };
  const int workers = ThreadPool::default_threads();
  std::vector<std::vector<Piece>> found(static_cast<size_t>(workers));
  right.run(workers, [&](int w, Chunk& chunk) {
    Piece piece;
    piece.chunk = probe.process_inner(chunk, piece.left_rows);
    if (piece.chunk.num_rows() > 0) found[static_cast<size_t>(w)].push_back(std::move(piece));
  });
  std::vector<Piece> pieces;
  for (auto& f : found) {
    for (auto& p : f) pieces.push_back(std::move(p));
  }
  // Morsels in right order, then a stable counting sort by left row: each left row's matches
  // stay in right order, the order the right-building join produces.
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.chunk.sequence() < b.chunk.sequence(); });
  std::vector<uint32_t> start(static_cast<size_t>(build_rows) + 1, 0);
  int64_t m = 0;
  for (const auto& p : pieces) {
    for (uint32_t l : p.left_rows) ++start[l + 1];
    m += p.chunk.num_rows();
  }
  // Left rows without a match follow the matched rows in the combined frame, one row each.
  std::vector<uint32_t> alone;
  if (keep_unmatched) {
    for (int64_t l = 0; l < build_rows; ++l) {
      if (start[static_cast<size_t>(l) + 1] == 0) {
        alone.push_back(static_cast<uint32_t>(l));
        start[static_cast<size_t>(l) + 1] = 1;
      }
    }
  }
  for (int64_t l = 0; l < build_rows; ++l) start[static_cast<size_t>(l) + 1] += start[static_cast<size_t>(l)];
  const int64_t total = m + static_cast<int64_t>(alone.size());
  FLOE_USER_CHECK(total < static_cast<int64_t>(UINT32_MAX), ComputeError, "a join of {} rows is too large", total);
  std::vector<uint32_t> order(static_cast<size_t>(total));
  uint32_t row = 0;
  std::vector<Chunk> chunks;
  for (auto& p : pieces) {
    for (uint32_t l : p.left_rows) order[start[l]++] = row++;
    chunks.push_back(std::move(p.chunk));
  }
  if (!alone.empty()) {
    for (uint32_t l : alone) order[start[l]++] = row++;
    chunks.push_back(probe.build_rows_alone(alone, 0));
  }
  if (chunks.empty()) return DataFrame(probe.schema(), std::vector<Chunk>{});
  DataFrame combined = DataFrame(probe.schema(), std::move(chunks)).rechunk();
  std::vector<ColumnPtr> cols(combined.num_columns());
  ThreadPool::global().parallel_for(static_cast<int64_t>(cols.size()), 1, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) cols[static_cast<size_t>(c)] = compute::gather(combined.column(static_cast<size_t>(c)), order.data(), total);
  });
  return DataFrame(probe.schema(), std::move(cols));
}

}  // namespace

DataFrame inner_join_building_left(const PlanNode& join, DataFrame left, Pipeline& right) {
  return join_building_left(join, std::move(left), right, false);
}

DataFrame left_join_building_left(const PlanNode& join, DataFrame left, Pipeline& right) {
  return join_building_left(join, std::move(left), right, true);
}

bool can_build_left_join_on_left(const PlanNode& join) {
  if (join.how != "left" || join.validate != "m:m") return false;
  // The matches found by an inner join on the same keys, plus the left rows alone: the same
  // columns only when the join has the inner join's.
  PlanNode inner = join;
  inner.how = "inner";
  return join_schema(inner) == join.schema;
}

Chunk HashJoinProbe::process_inner(const Chunk& in, std::vector<uint32_t>& build_rows) const {
  EvalContext ctx(in);
  auto keys = eval_keys(probe_keys_, key_types_, ctx);
  auto gids = find_keys(keys, ctx.rows());
  std::vector<uint32_t> probe_idx;
  match(gids, false, probe_idx, build_rows);
  return assemble(ctx, keys, probe_idx.data(), build_rows.data(), static_cast<int64_t>(probe_idx.size()), in.sequence());
}

}  // namespace floe
