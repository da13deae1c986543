// Polars-style table printing.
#include "core/table_format.h"

#include "core/data_frame.h"

namespace floe {

TableFormatOptions TableFormatOptions::from_env() { return {}; }
std::string format_table(const DataFrame& df, const TableFormatOptions& options) { return ""; }
std::string format_series(const std::string& name, const Column& column, const TableFormatOptions& options) { return ""; }
std::string format_value(const Column& column, int64_t i, const TableFormatOptions& options) { return ""; }

}  // namespace floe
