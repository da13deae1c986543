// ParquetSource: row groups as morsels, with statistics pruning and late materialization.
#include "exec/parquet_source.h"

#include <atomic>
#include <charconv>
#include <set>

#include "compute/selection.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "exec/parquet_pushdown.h"
#include "exec/scan_pruning.h"
#include "expr/evaluate.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// The type of a hive partition column: Int64 when every value is an integer, Float64 when
/// every value is a number, String otherwise.
DataType infer_partition_type(const std::vector<std::optional<std::string>>& values) {
  bool ints = true, floats = true;
  for (const auto& v : values) {
    if (!v) continue;
    const char* b = v->data();
    const char* e = b + v->size();
    int64_t i;
    auto [pi, ei] = std::from_chars(b, e, i);
    ints &= ei == std::errc() && pi == e && !v->empty();
    double d;
    auto [pd, ed] = std::from_chars(b, e, d);
    floats &= ed == std::errc() && pd == e && !v->empty();
  }
  if (ints) return TypeId::kInt64;
  if (floats) return TypeId::kFloat64;
  return TypeId::kString;
}

Scalar partition_value(const std::optional<std::string>& v, const DataType& type) {
  if (!v) return Scalar::null(type);
  if (type.id == TypeId::kInt64) {
    int64_t i = 0;
    std::from_chars(v->data(), v->data() + v->size(), i);
    return Scalar::int64(i);
  }
  if (type.id == TypeId::kFloat64) {
    double d = 0;
    std::from_chars(v->data(), v->data() + v->size(), d);
    return Scalar::float64(d);
  }
  return Scalar::string(*v);
}

/// One morsel: a row group of a file, possibly cut to its first `limit` rows.
struct ScanTask {
  int file;
  int row_group;
  int64_t rows;
};

class ParquetMorsels final : public MorselSource {
 public:
  ParquetMorsels(const ParquetSource& source, const std::vector<ParquetSource::File>& files, const ScanRequest& request)
      : files_(files) {
    const Schema& schema = source.schema();
    std::vector<std::string> names;
    if (request.columns) {
      names = *request.columns;
    } else {
      for (const auto& f : schema) names.push_back(f.name);
    }
    for (const auto& n : names) {
      output_.push_back(static_cast<int>(schema.index_of(n)));
      output_schema_.add(n, schema.field(n).type);
    }
    if (request.predicate) {
      std::vector<std::string> cols;
      collect_columns(*request.predicate->node(), cols);
      std::set<std::string> wanted(cols.begin(), cols.end());
      for (size_t i = 0; i < schema.size(); ++i) {
        if (wanted.count(schema[i].name)) {
          predicate_columns_.push_back(static_cast<int>(i));
          predicate_schema_.add(schema[i].name, schema[i].type);
        }
      }
      predicate_ = bind(*request.predicate, predicate_schema_);
      if (source.use_statistics()) pushdown_.emplace(predicate_, predicate_columns_);
      plan_stages(*request.predicate);
    }
    plan_tasks(request, source.use_statistics(), source.options().row_groups);
  }

  bool next(Chunk& out) override {
    size_t i = cursor_.fetch_add(1);
    if (i >= tasks_.size()) return false;
    out = read(tasks_[i]);
    out.set_sequence(static_cast<int64_t>(i));
    return true;
  }

 private:
  void plan_tasks(const ScanRequest& request, bool use_statistics, const std::optional<std::vector<int64_t>>& only) {
    int64_t budget = request.n_rows.value_or(INT64_MAX);
    std::set<int64_t> wanted;
    if (only) wanted.insert(only->begin(), only->end());
    int64_t ordinal = -1;
    for (size_t f = 0; f < files_.size() && budget > 0; ++f) {
      const auto& file = files_[f];
      for (int rg = 0; rg < file.reader->num_row_groups() && budget > 0; ++rg) {
        ++ordinal;
        if (only && !wanted.count(ordinal)) continue;
        int64_t rows = std::min(file.reader->row_group_rows(rg), budget);
        budget -= rows;
        if (rows == 0) continue;
        if (predicate_ && use_statistics && !may_match_row_group(file, rg, rows)) {
          ++parquet_scan_counters().row_groups_skipped_by_statistics;
          continue;
        }
        tasks_.push_back({static_cast<int>(f), rg, rows});
      }
    }
  }

  bool may_match_row_group(const ParquetSource::File& file, int rg, int64_t rows) const {
    std::vector<ColumnRange> ranges(predicate_columns_.size());
    std::vector<bool> known(predicate_columns_.size(), false);
    for (size_t i = 0; i < predicate_columns_.size(); ++i) {
      int c = predicate_columns_[i];
      int fc = file.file_column[static_cast<size_t>(c)];
      if (fc >= 0) {
        auto stats = file.reader->statistics(rg, fc);
        ranges[i] = ColumnRange{stats.min, stats.max, stats.null_count};
      } else {
        const Scalar& v = file.constants[static_cast<size_t>(c)];
        ranges[i] = v.is_null() ? ColumnRange{std::nullopt, std::nullopt, rows} : ColumnRange{v, v, 0};
      }
      known[i] = true;
    }
    auto range = [&](int index) -> const ColumnRange* {
      return known[static_cast<size_t>(index)] ? &ranges[static_cast<size_t>(index)] : nullptr;
    };
    return may_match(*predicate_, range, rows);
  }

  /// Dataset column `c` of a task, all its rows or only `rows`.
  ColumnPtr column(const ScanTask& t, int c, const SelectionVector* rows) const {
    const auto& file = files_[static_cast<size_t>(t.file)];
    int fc = file.file_column[static_cast<size_t>(c)];
    int64_t n = rows ? static_cast<int64_t>(rows->size()) : t.rows;
    if (fc < 0) return file.constants[static_cast<size_t>(c)].to_column(n);
    ColumnPtr col = file.reader->read_column(t.row_group, fc, rows);
    if (!rows && col->length() > t.rows) col = col->slice(0, t.rows);
    return col;
  }

  Chunk read(const ScanTask& t) const {
    if (!predicate_) {
      std::vector<ColumnPtr> cols;
      for (int c : output_) cols.push_back(column(t, c, nullptr));
      return Chunk(std::move(cols), t.rows);
    }
    // Dictionaries and the page index may rule out the row group, or all but some pages.
    std::optional<SelectionVector> candidates;
    if (pushdown_) {
      const auto& file = files_[static_cast<size_t>(t.file)];
      if (!pushdown_->dictionaries_may_match(file, t.row_group, t.rows)) {
        ++parquet_scan_counters().row_groups_skipped_by_dictionary;
        return empty_chunk();
      }
      candidates = pushdown_->candidate_rows(file, t.row_group, t.rows);
      if (candidates && candidates->empty()) {
        ++parquet_scan_counters().row_groups_skipped_by_page_index;
        return empty_chunk();
      }
    }
    ++parquet_scan_counters().row_groups_read;
    if (stages_.size() > 1) return read_in_stages(t, std::move(candidates));
    // Late materialization: the predicate's columns first (only the candidate rows), the rest
    // only for passing rows.
    const SelectionVector* candidate_rows = candidates ? &*candidates : nullptr;
    const int64_t rows = candidates ? static_cast<int64_t>(candidates->size()) : t.rows;
    std::vector<ColumnPtr> pred_cols;
    for (int c : predicate_columns_) pred_cols.push_back(column(t, c, candidate_rows));
    Chunk pred_chunk(pred_cols, rows);
    EvalContext ctx(pred_chunk);
    ColumnPtr mask = compute::broadcast(evaluate(*predicate_, ctx), rows);
    auto selection = std::make_shared<SelectionVector>(compute::mask_to_selection(*mask));
    const int64_t kept = static_cast<int64_t>(selection->size());
    std::vector<ColumnPtr> cols;
    if (kept == 0) return empty_chunk();
    if (!candidates && (kept == t.rows || kept * 4 > t.rows * 3)) {
      // Most rows pass: decode everything and keep a selection vector.
      for (int c : output_) {
        ColumnPtr d = predicate_column(c, pred_cols);
        cols.push_back(d ? d : column(t, c, nullptr));
      }
      Chunk out(std::move(cols), t.rows);
      if (kept != t.rows) out.set_selection(selection);
      return out;
    }
    // Rows of the row group that pass: the selection indexes the candidates when there are some.
    SelectionVector passing;
    if (candidates) {
      passing.resize(selection->size());
      for (size_t i = 0; i < passing.size(); ++i) passing[i] = (*candidates)[(*selection)[i]];
    }
    for (int c : output_) {
      ColumnPtr d = predicate_column(c, pred_cols);
      cols.push_back(d ? compute::gather(d, *selection) : column(t, c, candidates ? &passing : selection.get()));
    }
    return Chunk(std::move(cols), kept);
  }

  /// Dataset column `c` from `decoded` (one entry per predicate column, possibly null), or null
  /// when `c` is not a predicate column.
  ColumnPtr predicate_column(int c, const std::vector<ColumnPtr>& decoded) const {
    for (size_t i = 0; i < predicate_columns_.size(); ++i) {
      if (predicate_columns_[i] == c) return decoded[i];
    }
    return nullptr;
  }

  /// A conjunct of the predicate, bound to its own columns.
  struct Stage {
    BoundExprPtr expr;
    std::vector<size_t> columns;  // indexes into predicate_columns_
    mutable std::atomic<int64_t> evaluated{0}, kept{0};
  };

  /// One stage per conjunct when the predicate has several.
  void plan_stages(const Expr& predicate) {
    auto parts = conjuncts(predicate);
    if (parts.size() < 2) return;
    for (const auto& part : parts) {
      std::vector<std::string> cols;
      collect_columns(*part.node(), cols);
      std::set<std::string> wanted(cols.begin(), cols.end());
      auto stage = std::make_unique<Stage>();
      Schema schema;
      for (size_t i = 0; i < predicate_schema_.size(); ++i) {
        if (!wanted.count(predicate_schema_[i].name)) continue;
        stage->columns.push_back(i);
        schema.add(predicate_schema_[i].name, predicate_schema_[i].type);
      }
      stage->expr = bind(part, schema);
      stages_.push_back(std::move(stage));
    }
  }

  /// Late materialization conjunct by conjunct: each conjunct's columns are decoded only for
  /// the rows the earlier ones kept, and the conjuncts that kept the fewest rows so far go first.
  Chunk read_in_stages(const ScanTask& t, std::optional<SelectionVector> rows) const {
    const bool all_rows = !rows;
    int64_t n = rows ? static_cast<int64_t>(rows->size()) : t.rows;
    std::vector<size_t> order(stages_.size());
    std::vector<double> pass(stages_.size());
    for (size_t k = 0; k < stages_.size(); ++k) {
      order[k] = k;
      const int64_t e = stages_[k]->evaluated.load(std::memory_order_relaxed);
      pass[k] = e == 0 ? 1.0 : static_cast<double>(stages_[k]->kept.load(std::memory_order_relaxed)) / static_cast<double>(e);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pass[a] < pass[b]; });
    // Predicate columns aligned with `rows` (all rows while it is unset); those decoded for all
    // rows are also kept whole, in case most rows pass.
    std::vector<ColumnPtr> cols(predicate_columns_.size()), whole(predicate_columns_.size());
    for (size_t k : order) {
      const Stage& stage = *stages_[k];
      std::vector<ColumnPtr> inputs;
      for (size_t i : stage.columns) {
        if (!cols[i]) {
          cols[i] = column(t, predicate_columns_[i], rows ? &*rows : nullptr);
          if (!rows) whole[i] = cols[i];
        }
        inputs.push_back(cols[i]);
      }
      Chunk chunk(std::move(inputs), n);
      EvalContext ctx(chunk);
      SelectionVector sel = compute::mask_to_selection(*compute::broadcast(evaluate(*stage.expr, ctx), n));
      stage.evaluated.fetch_add(n, std::memory_order_relaxed);
      stage.kept.fetch_add(static_cast<int64_t>(sel.size()), std::memory_order_relaxed);
      if (sel.empty()) return empty_chunk();
      if (static_cast<int64_t>(sel.size()) == n) continue;
      SelectionVector next(sel.size());
      for (size_t j = 0; j < sel.size(); ++j) next[j] = rows ? (*rows)[sel[j]] : sel[j];
      rows = std::move(next);
      n = static_cast<int64_t>(sel.size());
      for (auto& c : cols) {
        if (c) c = compute::gather(c, sel);
      }
    }
    std::vector<ColumnPtr> out;
    if (all_rows && rows && n * 4 > t.rows * 3) {
      // Most rows pass: decode everything and keep a selection vector.
      for (int c : output_) {
        ColumnPtr d = predicate_column(c, whole);
        out.push_back(d ? d : column(t, c, nullptr));
      }
      Chunk chunk(std::move(out), t.rows);
      chunk.set_selection(std::make_shared<SelectionVector>(std::move(*rows)));
      return chunk;
    }
    for (int c : output_) {
      ColumnPtr d = predicate_column(c, cols);
      out.push_back(d ? d : column(t, c, rows ? &*rows : nullptr));
    }
    return Chunk(std::move(out), n);
  }

  Chunk empty_chunk() const {
    std::vector<ColumnPtr> cols;
    for (const auto& f : output_schema_) cols.push_back(Column::nulls(f.type, 0));
    return Chunk(std::move(cols), 0);
  }

  const std::vector<ParquetSource::File>& files_;
  std::vector<int> output_;
  Schema output_schema_;
  std::vector<int> predicate_columns_;
  Schema predicate_schema_;
  BoundExprPtr predicate_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::optional<ParquetPushdown> pushdown_;
  std::vector<ScanTask> tasks_;
  std::atomic<size_t> cursor_{0};
};

}  // namespace

ParquetSource::ParquetSource(const std::vector<std::string>& sources, ParquetScanOptions options)
    : sources_(sources), options_(std::move(options)) {
  bool hive = options_.hive_partitioning.value_or(io::any_directory(sources_));
  std::vector<io::DatasetFile> found = io::expand_sources(sources_, hive);
  // Open every footer (in parallel: each is a small ranged read and a thrift parse).
  std::vector<std::shared_ptr<const io::ParquetFile>> readers(found.size());
  ThreadPool::global().parallel_for(static_cast<int64_t>(found.size()), 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) readers[static_cast<size_t>(i)] = io::ParquetFile::open(found[static_cast<size_t>(i)].path);
  });

  const Schema& first = readers[0]->schema();
  schema_ = first;
  const size_t file_columns = first.size();
  // Hive partition keys, in the order of the first file's folders, typed from all values.
  std::vector<std::string> keys;
  for (const auto& f : found) {
    for (const auto& kv : f.partitions) {
      if (std::find(keys.begin(), keys.end(), kv.first) == keys.end() && !first.find(kv.first)) keys.push_back(kv.first);
    }
  }
  std::vector<DataType> key_types;
  for (const auto& k : keys) {
    std::vector<std::optional<std::string>> values;
    for (const auto& f : found) {
      for (const auto& kv : f.partitions) {
        if (kv.first == k) values.push_back(kv.second);
      }
    }
    key_types.push_back(infer_partition_type(values));
    schema_.add(k, key_types.back());
  }
  if (options_.include_file_paths) {
    FLOE_USER_CHECK(!schema_.find(*options_.include_file_paths), DuplicateError,
                    "column '{}' of include_file_paths already exists in the dataset", *options_.include_file_paths);
    schema_.add(*options_.include_file_paths, TypeId::kString);
  }

  for (size_t i = 0; i < found.size(); ++i) {
    File file;
    file.reader = readers[i];
    const Schema& fs = file.reader->schema();
    for (size_t c = 0; c < file_columns; ++c) {
      const auto& field = first[c];
      auto idx = fs.find(field.name);
      if (!idx) {
        FLOE_USER_CHECK(options_.allow_missing_columns, ColumnNotFound,
                        "did not find column '{}' in file '{}' (it is in '{}'); pass allow_missing_columns=True to read it as nulls",
                        field.name, found[i].path, found[0].path);
        file.file_column.push_back(-1);
        file.constants.push_back(Scalar::null(field.type));
        continue;
      }
      FLOE_USER_CHECK(fs[*idx].type == field.type, SchemaMismatch,
                      "data type mismatch for column '{}' in file '{}': found {}, but the first file '{}' has {}", field.name,
                      found[i].path, fs[*idx].type.to_string(), found[0].path, field.type.to_string());
      file.file_column.push_back(static_cast<int>(*idx));
      file.constants.emplace_back();
    }
    for (const auto& f : fs) {
      FLOE_USER_CHECK(options_.ignore_extra_columns || first.find(f.name).has_value(), SchemaMismatch,
                      "extra column '{}' in file '{}' that the first file '{}' does not have; pass extra_columns='ignore' to skip it", f.name, found[i].path,
                      found[0].path);
    }
    for (size_t k = 0; k < keys.size(); ++k) {
      std::optional<std::string> v;
      for (const auto& kv : found[i].partitions) {
        if (kv.first == keys[k]) v = kv.second;
      }
      file.file_column.push_back(-1);
      file.constants.push_back(partition_value(v, key_types[k]));
    }
    if (options_.include_file_paths) {
      file.file_column.push_back(-1);
      file.constants.push_back(Scalar::string(found[i].path));
    }
    total_rows_ += file.reader->num_rows();
    files_.push_back(std::move(file));
  }
  if (options_.row_groups) {
    const auto rows = row_group_rows();
    total_rows_ = 0;
    for (int64_t rg : *options_.row_groups) {
      FLOE_USER_CHECK(rg >= 0 && rg < static_cast<int64_t>(rows.size()), InvalidOperation,
                      "row group {} is out of range: the dataset has {} row groups", rg, rows.size());
      total_rows_ += rows[static_cast<size_t>(rg)];
    }
  }
}

std::optional<std::pair<double, double>> ParquetSource::column_range(const std::string& column) const {
  auto index = schema_.find(column);
  if (!index) return std::nullopt;
  const DataType& type = schema_[*index].type;
  if (!(type.is_numeric() || type.is_temporal())) return std::nullopt;
  std::lock_guard lock(ranges_->mutex);
  auto cached = ranges_->ranges.find(column);
  if (cached != ranges_->ranges.end()) return cached->second;
  std::optional<std::pair<double, double>> range;
  auto widen = [&](const Scalar& lo, const Scalar& hi) {
    const double a = lo.as_double(), b = hi.as_double();
    range = range ? std::pair{std::min(range->first, a), std::max(range->second, b)} : std::pair{a, b};
  };
  bool known = true;
  for (const auto& file : files_) {
    const int fc = file.file_column[*index];
    if (fc < 0) {
      const Scalar& v = file.constants[*index];
      if (!v.is_null()) widen(v, v);
      continue;
    }
    for (int rg = 0; rg < file.reader->num_row_groups() && known; ++rg) {
      auto stats = file.reader->statistics(rg, fc);
      if (!stats.min || !stats.max) {
        // An all-null row group has no bounds and adds no values.
        known = stats.null_count && *stats.null_count == file.reader->row_group_rows(rg);
        continue;
      }
      widen(*stats.min, *stats.max);
    }
  }
  if (!known) range.reset();
  ranges_->ranges[column] = range;
  return range;
}

std::string ParquetSource::describe() const {
  std::string out = "Parquet SCAN [" + sources_[0];
  if (sources_.size() > 1) out += fmt::format(", ... {} other sources", sources_.size() - 1);
  return out + "]";
}

std::shared_ptr<const ParquetSource> ParquetSource::with_row_groups(std::vector<int64_t> row_groups) const {
  auto copy = std::make_shared<ParquetSource>(*this);
  copy->ranges_ = std::make_shared<RangeCache>();
  const auto rows = row_group_rows();
  copy->total_rows_ = 0;
  for (int64_t rg : row_groups) {
    FLOE_USER_CHECK(rg >= 0 && rg < static_cast<int64_t>(rows.size()), InvalidOperation,
                    "row group {} is out of range: the dataset has {} row groups", rg, rows.size());
    copy->total_rows_ += rows[static_cast<size_t>(rg)];
  }
  copy->options_.row_groups = std::move(row_groups);
  return copy;
}

std::vector<int64_t> ParquetSource::row_group_rows() const {
  std::vector<int64_t> rows;
  for (const auto& file : files_) {
    for (int rg = 0; rg < file.reader->num_row_groups(); ++rg) rows.push_back(file.reader->row_group_rows(rg));
  }
  return rows;
}

std::unique_ptr<MorselSource> ParquetSource::open(const ScanRequest& request) const {
  return std::make_unique<ParquetMorsels>(*this, files_, request);
}

LazyFrame scan_parquet(const std::vector<std::string>& sources, const ParquetScanOptions& options) {
  return LazyFrame::scan(std::make_shared<ParquetSource>(sources, options));
}

}  // namespace floe
