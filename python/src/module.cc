// The native extension module behind the `floe` Python package: frames, lazy frames and
// expressions of the C++ engine, with errors mapped to Polars' exception classes.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "compute/cast.h"
#include "compute/explode.h"
#include "core/cancellation.h"
#include "core/error.h"
#include "core/table_format.h"
#include "exec/csv_source.h"
#include "exec/parquet_pushdown.h"
#include "exec/parquet_source.h"
#include "exec/sink.h"
#include "expr/bound_expr.h"
#include "io/csv_reader.h"
#include "io/csv_writer.h"
#include "io/parquet/parquet_writer.h"
#include "plan/lazy_frame.h"
#include "arrow_interop.h"
#include "py_convert.h"

namespace py = pybind11;
using namespace floe;
using floe::python::column_from_sequence;
using floe::python::column_to_list;
using floe::python::to_scalar;

namespace {

DataType dtype_of(const std::string& name) { return parse_data_type(name); }

/// The name a dtype crosses into Python under: Polars' short name, except for nested types,
/// whose short name ("struct[2]") loses the fields: they go by their repr ("Struct({'a': Int64})").
std::string engine_name(const DataType& t) { return t.is_nested() ? t.to_polars_repr() : t.to_string(); }

Expr lit_of(const py::handle& value, const std::optional<std::string>& dtype) {
  bool dynamic = false;
  Scalar s = to_scalar(value, &dynamic);
  if (dtype) {
    DataType t = dtype_of(*dtype);
    ColumnPtr c = compute::cast(s.to_column(1), t);
    return lit(Scalar::from_column(*c, 0));
  }
  if (dynamic) return dynamic_lit(s);
  return lit(s);
}

TableFormatOptions format_options(const py::dict& cfg) {
  TableFormatOptions o = TableFormatOptions::from_env();
  if (cfg.contains("tbl_rows")) o.max_rows = cfg["tbl_rows"].cast<int>();
  if (cfg.contains("tbl_cols")) o.max_cols = cfg["tbl_cols"].cast<int>();
  if (cfg.contains("fmt_str_lengths")) o.max_str_len = cfg["fmt_str_lengths"].cast<int>();
  if (cfg.contains("fmt_table_cell_list_len")) o.max_list_len = cfg["fmt_table_cell_list_len"].cast<int>();
  return o;
}

io::CsvReadOptions csv_options(const py::dict& kw) {
  io::CsvReadOptions o;
  if (kw.contains("has_header")) o.has_header = kw["has_header"].cast<bool>();
  if (kw.contains("separator")) {
    auto s = kw["separator"].cast<std::string>();
    FLOE_USER_CHECK(s.size() == 1, InvalidArgument, "separator must be a single byte, got '{}'", s);
    o.separator = s[0];
  }
  if (kw.contains("quote_char")) {
    if (kw["quote_char"].is_none()) {
      o.quote_char.reset();
    } else {
      auto q = kw["quote_char"].cast<std::string>();
      FLOE_USER_CHECK(q.size() == 1, InvalidArgument, "quote_char must be a single byte, got '{}'", q);
      o.quote_char = q[0];
    }
  }
  if (kw.contains("null_values")) o.null_values = kw["null_values"].cast<std::vector<std::string>>();
  if (kw.contains("schema_overrides")) {
    for (auto [k, v] : kw["schema_overrides"].cast<py::dict>()) o.schema_overrides[k.cast<std::string>()] = dtype_of(v.cast<std::string>());
  }
  if (kw.contains("schema")) {
    Schema s;
    for (auto item : kw["schema"].cast<py::list>()) {
      auto pair = item.cast<std::pair<std::string, std::string>>();
      s.add(pair.first, dtype_of(pair.second));
    }
    o.schema = s;
  }
  if (kw.contains("infer_schema_length")) o.infer_schema_length = kw["infer_schema_length"].cast<int64_t>();
  if (kw.contains("columns")) o.columns = kw["columns"].cast<std::vector<std::string>>();
  if (kw.contains("n_rows")) o.n_rows = kw["n_rows"].cast<int64_t>();
  if (kw.contains("skip_rows")) o.skip_rows = kw["skip_rows"].cast<int64_t>();
  if (kw.contains("try_parse_dates")) o.try_parse_dates = kw["try_parse_dates"].cast<bool>();
  if (kw.contains("comment_prefix")) {
    auto c = kw["comment_prefix"].cast<std::string>();
    FLOE_USER_CHECK(c.size() == 1, InvalidArgument, "comment_prefix must be a single byte, got '{}'", c);
    o.comment_prefix = c[0];
  }
  if (kw.contains("truncate_ragged_lines")) o.truncate_ragged_lines = kw["truncate_ragged_lines"].cast<bool>();
  if (kw.contains("ignore_errors")) o.ignore_errors = kw["ignore_errors"].cast<bool>();
  return o;
}

/// A single-byte option of the CSV writer ("separator", "quote_char").
char single_byte(const py::dict& kw, const char* key) {
  auto v = kw[key].cast<std::string>();
  FLOE_USER_CHECK(v.size() == 1, InvalidArgument, "{} must be a single byte, got '{}'", key, v);
  return v[0];
}

io::CsvWriteOptions csv_write_options(const py::dict& kw) {
  io::CsvWriteOptions o;
  if (kw.contains("include_header")) o.include_header = kw["include_header"].cast<bool>();
  if (kw.contains("separator")) o.separator = single_byte(kw, "separator");
  if (kw.contains("quote_char")) o.quote_char = single_byte(kw, "quote_char");
  if (kw.contains("null_value")) o.null_value = kw["null_value"].cast<std::string>();
  if (kw.contains("line_terminator")) o.line_terminator = kw["line_terminator"].cast<std::string>();
  if (kw.contains("float_precision")) o.float_precision = kw["float_precision"].cast<int>();
  if (kw.contains("quote_style")) {
    static const std::map<std::string, io::QuoteStyle> styles = {{"necessary", io::QuoteStyle::kNecessary},
                                                                 {"always", io::QuoteStyle::kAlways},
                                                                 {"never", io::QuoteStyle::kNever},
                                                                 {"non_numeric", io::QuoteStyle::kNonNumeric}};
    auto style = kw["quote_style"].cast<std::string>();
    auto it = styles.find(style);
    FLOE_USER_CHECK(it != styles.end(), InvalidArgument,
                    "quote_style must be one of 'necessary', 'always', 'never', 'non_numeric'; got '{}'", style);
    o.quote_style = it->second;
  }
  return o;
}

/// A 1-d numpy array of a numeric or boolean dtype as a column, sharing its memory when it is
/// contiguous (the array is kept alive by the column).
ColumnPtr column_from_numpy(const py::array& arr) {
  FLOE_USER_CHECK(arr.ndim() == 1, InvalidArgument, "expected a 1-dimensional array, got {} dimensions", arr.ndim());
  char kind = arr.dtype().kind();
  size_t itemsize = static_cast<size_t>(arr.itemsize());
  DataType t;
  if (kind == 'b') t = TypeId::kBoolean;
  else if (kind == 'i') t = itemsize == 1 ? TypeId::kInt8 : itemsize == 2 ? TypeId::kInt16 : itemsize == 4 ? TypeId::kInt32 : TypeId::kInt64;
  else if (kind == 'u') t = itemsize == 1 ? TypeId::kUInt8 : itemsize == 2 ? TypeId::kUInt16 : itemsize == 4 ? TypeId::kUInt32 : TypeId::kUInt64;
  else if (kind == 'f' && itemsize == 4) t = TypeId::kFloat32;
  else if (kind == 'f' && itemsize == 8) t = TypeId::kFloat64;
  else throw InvalidArgument(fmt::format("numpy dtype '{}' is not supported here", py::str(arr.dtype()).cast<std::string>()));
  py::array contiguous = py::array::ensure(arr, py::array::c_style);
  auto owner = std::shared_ptr<void>(new py::object(contiguous), [](void* p) {
    py::gil_scoped_acquire gil;
    delete static_cast<py::object*>(p);
  });
  auto values = Buffer::wrap(contiguous.data(), itemsize * static_cast<size_t>(contiguous.size()), owner);
  return std::make_shared<Column>(t, static_cast<int64_t>(contiguous.size()), values);
}

/// Runs a query on a background thread with the GIL released, checking for Ctrl-C every 50 ms;
/// an interrupt cancels the query (workers stop at their next morsel) and raises
/// KeyboardInterrupt.
io::ParquetWriteOptions parquet_write_options(const py::dict& kw) {
  io::ParquetWriteOptions o;
  if (kw.contains("compression")) o.compression = kw["compression"].cast<std::string>();
  if (kw.contains("compression_level") && !kw["compression_level"].is_none()) o.compression_level = kw["compression_level"].cast<int>();
  if (kw.contains("statistics")) o.statistics = kw["statistics"].cast<bool>();
  if (kw.contains("row_group_size")) o.row_group_size = kw["row_group_size"].cast<int64_t>();
  if (kw.contains("data_page_size")) o.data_page_size = kw["data_page_size"].cast<int64_t>();
  return o;
}

DataFrame collect_interruptibly(const LazyFrame& lf) {
  auto token = std::make_shared<CancellationToken>();
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  DataFrame result;
  std::exception_ptr error;
  std::thread runner([&] {
    ScopedCancellation scope(token);
    try {
      result = lf.collect();
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex);
    done = true;
    done_cv.notify_all();
  });
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::unique_lock lock(mutex);
    while (!done) {
      if (done_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) break;
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
          interrupted = true;
          token->cancel();
        }
      }
      lock.lock();
      if (interrupted) {
        done_cv.wait(lock, [&] { return done; });
        break;
      }
    }
  }
  runner.join();
  if (interrupted) throw py::error_already_set();
  if (error) std::rethrow_exception(error);
  return result;
}

std::vector<std::pair<std::string, std::string>> schema_list(const Schema& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : s) out.emplace_back(f.name, engine_name(f.type));
  return out;
}

}  // namespace

namespace floe {
void bind_cluster(py::module_& m);
}

PYBIND11_MODULE(_floe, m) {
  m.doc() = "Floe's native engine";

  // Errors: raise the Python class named by the C++ error's kind() from floe.exceptions.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const floe::Error& e) {
      py::object mod = py::module_::import("floe.exceptions");
      std::string kind = e.kind();
      if (kind == "FileNotFoundError") {  // Python's own class, as Polars raises it
        PyErr_SetString(PyExc_FileNotFoundError, e.what());
        return;
      }
      if (kind == "RuntimeError") {  // the cluster could not be reached, as Polars Cloud raises it
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return;
      }
      py::object cls = py::hasattr(mod, kind.c_str()) ? mod.attr(kind.c_str()) : mod.attr("ComputeError");
      PyErr_SetString(cls.ptr(), e.what());
    }
  });

  py::class_<Expr>(m, "PyExpr")
      .def("alias", &Expr::alias)
      .def("cast", [](const Expr& e, const std::string& t, bool strict) { return e.cast(dtype_of(t), strict); })
      .def("is_null", &Expr::is_null)
      .def("is_not_null", &Expr::is_not_null)
      .def("fill_null", &Expr::fill_null)
      .def("fill_nan", &Expr::fill_nan)
      .def("is_in", [](const Expr& e, const py::iterable& values) {
        std::vector<Scalar> v;
        for (auto x : values) v.push_back(to_scalar(x));
        return e.is_in(v);
      })
      .def("is_between", &Expr::is_between)
      .def("exclude", &Expr::exclude)
      .def("filter", &Expr::filter)
      .def("sort", &Expr::sort)
      .def("agg", [](const Expr& e, const std::string& name, int ddof, double q, const std::string& interp) {
        static const std::map<std::string, compute::AggKind> kinds = {
            {"sum", compute::AggKind::kSum},         {"mean", compute::AggKind::kMean},
            {"min", compute::AggKind::kMin},         {"max", compute::AggKind::kMax},
            {"count", compute::AggKind::kCount},     {"null_count", compute::AggKind::kNullCount},
            {"n_unique", compute::AggKind::kNUnique}, {"first", compute::AggKind::kFirst},
            {"last", compute::AggKind::kLast},       {"std", compute::AggKind::kStd},
            {"var", compute::AggKind::kVar},         {"median", compute::AggKind::kMedian},
            {"quantile", compute::AggKind::kQuantile}, {"len", compute::AggKind::kLen}};
        auto it = kinds.find(name);
        FLOE_USER_CHECK(it != kinds.end(), InvalidArgument, "unknown aggregation '{}'", name);
        compute::AggOptions o;
        o.ddof = ddof;
        o.quantile = q;
        o.interpolation = interp;
        return e.agg(it->second, o);
      }, py::arg("name"), py::arg("ddof") = 1, py::arg("quantile") = 0.5, py::arg("interpolation") = "nearest")
      .def("function", [](const Expr& e, const std::string& name, const py::list& params, const std::vector<Expr>& extra) {
        std::vector<Scalar> p;
        for (auto x : params) p.push_back(to_scalar(x));
        return e.function(name, p, extra);
      }, py::arg("name"), py::arg("params") = py::list(), py::arg("extra") = std::vector<Expr>{})
      .def("window", [](const Expr& e, const std::string& name, const py::list& params) {
        std::vector<Scalar> p;
        for (auto x : params) p.push_back(to_scalar(x));
        return e.window(name, p);
      }, py::arg("name"), py::arg("params") = py::list())
      .def("over", &Expr::over, py::arg("partition_by"), py::arg("order_by"), py::arg("descending"),
           py::arg("nulls_last"))
      .def("neg", [](const Expr& e) { return -e; })
      .def("not_", [](const Expr& e) { return !e; })
      .def("output_name", [](const Expr& e) { return output_name(*e.node()); })
      .def("__repr__", &Expr::to_string);

  m.def("binary", [](const std::string& op, const Expr& a, const Expr& b) -> Expr {
    using compute::ArithOp;
    using compute::CompareOp;
    if (op == "+") return arith(ArithOp::kAdd, a, b);
    if (op == "-") return arith(ArithOp::kSub, a, b);
    if (op == "*") return arith(ArithOp::kMul, a, b);
    if (op == "/") return arith(ArithOp::kTrueDiv, a, b);
    if (op == "//") return arith(ArithOp::kFloorDiv, a, b);
    if (op == "%") return arith(ArithOp::kMod, a, b);
    if (op == "**") return arith(ArithOp::kPow, a, b);
    if (op == "==") return compare(CompareOp::kEq, a, b);
    if (op == "!=") return compare(CompareOp::kNe, a, b);
    if (op == "<") return compare(CompareOp::kLt, a, b);
    if (op == "<=") return compare(CompareOp::kLe, a, b);
    if (op == ">") return compare(CompareOp::kGt, a, b);
    if (op == ">=") return compare(CompareOp::kGe, a, b);
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    throw InvalidArgument(fmt::format("unknown operator '{}'", op));
  });
  m.def("col", &col);
  m.def("cols", &cols);
  m.def("dtype_cols", [](const std::vector<std::string>& dtypes) {
    std::vector<DataType> t;
    for (const auto& d : dtypes) t.push_back(dtype_of(d));
    return dtype_cols(t);
  });
  m.def("all", &all);
  m.def("len", &len);
  m.def("int_range", &int_range, py::arg("start"), py::arg("end"), py::arg("step") = 1);
  m.def("lit", &lit_of, py::arg("value"), py::arg("dtype") = std::nullopt);
  m.def("ternary", [](const Expr& c, const Expr& t, const Expr& o) { return when(c).then(t).otherwise(o); });

  py::class_<DataFrame>(m, "PyDataFrame")
      .def(py::init([](const std::vector<std::string>& names, const py::list& columns, const py::list& dtypes, bool strict) {
             Schema schema;
             std::vector<ColumnPtr> cols;
             for (size_t i = 0; i < names.size(); ++i) {
               std::optional<DataType> t;
               if (!dtypes[i].is_none()) t = dtype_of(dtypes[i].cast<std::string>());
               cols.push_back(column_from_sequence(columns[i], t, strict));
               schema.add(names[i], cols.back()->type());
             }
             return DataFrame(schema, std::move(cols));
           }),
           py::arg("names"), py::arg("columns"), py::arg("dtypes"), py::arg("strict") = true)
      .def_static("from_numpy", [](const std::vector<std::string>& names, const std::vector<py::array>& arrays) {
        Schema schema;
        std::vector<ColumnPtr> cols;
        for (size_t i = 0; i < names.size(); ++i) {
          cols.push_back(column_from_numpy(arrays[i]));
          schema.add(names[i], cols.back()->type());
        }
        return DataFrame(schema, std::move(cols));
      })
      .def_property_readonly("height", &DataFrame::num_rows)
      .def_property_readonly("width", &DataFrame::num_columns)
      .def("schema", [](const DataFrame& df) { return schema_list(df.schema()); })
      .def("column_to_list", [](const DataFrame& df, const std::string& name) { return column_to_list(*df.column(name)); })
      .def("column_index_to_list", [](const DataFrame& df, size_t i) { return column_to_list(*df.column(i)); })
      .def("explode", [](const DataFrame& df, const std::vector<std::string>& names, bool empty_as_null, bool keep_nulls) {
        std::vector<size_t> targets;
        for (const auto& n : names) targets.push_back(df.schema().index_of(n));
        std::vector<ColumnPtr> cols;
        for (size_t c = 0; c < df.num_columns(); ++c) cols.push_back(df.column(c));
        cols = compute::explode(cols, targets, {empty_as_null, keep_nulls});
        Schema schema;
        for (size_t c = 0; c < cols.size(); ++c) schema.add(df.schema()[c].name, cols[c]->type());
        return DataFrame(schema, std::move(cols));
      })
      .def("row", [](const DataFrame& df, int64_t i) {
        FLOE_USER_CHECK(i >= -df.num_rows() && i < df.num_rows(), InvalidArgument, "index {} is out of bounds for a frame of height {}", i, df.num_rows());
        if (i < 0) i += df.num_rows();
        DataFrame one = df.slice(i, 1).rechunk();
        py::list out;
        for (size_t c = 0; c < one.num_columns(); ++c) out.append(floe::python::value_to_py(*one.column(c), 0));
        return py::tuple(out);
      })
      .def("slice", &DataFrame::slice)
      .def("to_string", [](const DataFrame& df, const py::dict& cfg) { return format_table(df, format_options(cfg)); })
      .def("series_repr", [](const DataFrame& df, const py::dict& cfg) {
        return format_series(df.schema()[0].name, *df.column(0), format_options(cfg));
      })
      .def("lazy", [](const DataFrame& df) { return LazyFrame::from_frame(df); })
      .def("write_csv", [](const DataFrame& df, const std::string& path, const py::dict& kw) {
        io::CsvWriteOptions o = csv_write_options(kw);
        if (path.empty()) return py::object(py::str(io::write_csv_string(df, o)));
        py::gil_scoped_release release;
        io::write_csv(df, path, o);
        return py::object(py::none());
      })
      .def("write_parquet", [](const DataFrame& df, const std::string& path, const py::dict& kw) {
        io::ParquetWriteOptions o = parquet_write_options(kw);
        py::gil_scoped_release release;
        io::write_parquet(df, path, o);
      });

  py::class_<LazyFrame>(m, "PyLazyFrame")
      .def(py::init<>())
      .def("schema", [](const LazyFrame& lf) { return schema_list(lf.collect_schema()); })
      .def("select", [](const LazyFrame& lf, const std::vector<Expr>& e) { return lf.select(e); })
      .def("with_columns", [](const LazyFrame& lf, const std::vector<Expr>& e) { return lf.with_columns(e); })
      .def("filter", &LazyFrame::filter)
      .def("slice", &LazyFrame::slice)
      .def("tail", &LazyFrame::tail)
      .def("sort", [](const LazyFrame& lf, const std::vector<Expr>& by, const std::vector<bool>& desc,
                      const std::vector<bool>& nulls_last, bool maintain_order) {
        return lf.sort(by, SortOptions{desc, nulls_last, maintain_order});
      })
      .def("rename", &LazyFrame::rename)
      .def("drop", &LazyFrame::drop)
      .def("with_row_index", &LazyFrame::with_row_index)
      .def("group_by_agg", &LazyFrame::group_by_agg)
      .def("unique", &LazyFrame::unique)
      .def("join", &LazyFrame::join)
      .def("join_asof", [](const LazyFrame& lf, const LazyFrame& other, const Expr& left_on, const Expr& right_on,
                           const std::vector<Expr>& by_left, const std::vector<Expr>& by_right, const std::string& strategy,
                           std::optional<double> tolerance, bool allow_exact_matches, bool check_sortedness,
                           const std::string& suffix, bool coalesce) {
        AsofOptions o{strategy, tolerance, allow_exact_matches, check_sortedness};
        return lf.join_asof(other, left_on, right_on, by_left, by_right, o, suffix, coalesce);
      })
      .def("explain", &LazyFrame::explain)
      .def("collect", [](const LazyFrame& lf) { return collect_interruptibly(lf); })
      .def("sink_parquet", [](const LazyFrame& lf, const std::string& path, const py::dict& kw) {
        io::ParquetWriteOptions o = parquet_write_options(kw);
        py::gil_scoped_release release;
        sink_parquet(lf, path, o);
      })
      .def("sink_csv", [](const LazyFrame& lf, const std::string& path, const py::dict& kw) {
        io::CsvWriteOptions o = csv_write_options(kw);
        py::gil_scoped_release release;
        sink_csv(lf, path, o);
      });
  m.def("concat", [](const std::vector<LazyFrame>& frames, const std::string& how) { return concat(frames, how); });
  python::bind_arrow(m);

  m.def("read_csv", [](const std::string& path, const py::dict& kw) {
    auto o = csv_options(kw);
    py::gil_scoped_release release;
    return io::read_csv(path, o);
  });
  m.def("read_csv_buffer", [](const py::bytes& data, const py::dict& kw) {
    auto o = csv_options(kw);
    std::string_view sv(PyBytes_AsString(data.ptr()), static_cast<size_t>(PyBytes_Size(data.ptr())));
    return io::read_csv_buffer(sv, o);
  });
  m.def("scan_csv", [](const std::string& path, const py::dict& kw) { return scan_csv(path, csv_options(kw)); });
  m.def("scan_parquet", [](const std::vector<std::string>& sources, const py::dict& kw) {
    ParquetScanOptions o;
    if (kw.contains("hive_partitioning") && !kw["hive_partitioning"].is_none()) o.hive_partitioning = kw["hive_partitioning"].cast<bool>();
    if (kw.contains("include_file_paths") && !kw["include_file_paths"].is_none()) {
      o.include_file_paths = kw["include_file_paths"].cast<std::string>();
    }
    if (kw.contains("use_statistics")) o.use_statistics = kw["use_statistics"].cast<bool>();
    if (kw.contains("allow_missing_columns")) o.allow_missing_columns = kw["allow_missing_columns"].cast<bool>();
    if (kw.contains("ignore_extra_columns")) o.ignore_extra_columns = kw["ignore_extra_columns"].cast<bool>();
    py::gil_scoped_release release;
    return scan_parquet(sources, o);
  });
  // What Parquet scans skipped since the last reset (for tests of pruning).
  m.def("parquet_scan_counters", [] {
    const auto& c = parquet_scan_counters();
    py::dict d;
    d["row_groups_read"] = c.row_groups_read.load();
    d["row_groups_skipped_by_statistics"] = c.row_groups_skipped_by_statistics.load();
    d["row_groups_skipped_by_dictionary"] = c.row_groups_skipped_by_dictionary.load();
    d["row_groups_skipped_by_page_index"] = c.row_groups_skipped_by_page_index.load();
    d["pages_skipped_by_page_index"] = c.pages_skipped_by_page_index.load();
    return d;
  });
  m.def("reset_parquet_scan_counters", [] { parquet_scan_counters().reset(); });
  m.def("supertype", [](const std::string& a, const std::string& b) { return engine_name(supertype(dtype_of(a), dtype_of(b))); });
  m.def("normalize_dtype", [](const std::string& a) { return engine_name(dtype_of(a)); });
  m.def("dtype_repr", [](const std::string& a) { return dtype_of(a).to_polars_repr(); });
  // The members of a nested dtype, by engine name: List -> [("item", inner)], Struct -> its fields.
  m.def("dtype_fields", [](const std::string& a) {
    std::vector<std::pair<std::string, std::string>> out;
    DataType t = dtype_of(a);
    if (t.is_nested()) {
      for (const auto& f : *t.children) out.emplace_back(f.name, engine_name(f.type));
    }
    return out;
  });
  bind_cluster(m);
}
