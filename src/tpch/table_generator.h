// Generating the eight TPC-H tables, in row blocks that any thread can produce independently.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/chunk.h"
#include "core/data_frame.h"
#include "core/schema.h"

namespace floe::tpch {

enum class Table : uint8_t { kRegion, kNation, kSupplier, kCustomer, kPart, kPartSupp, kOrders, kLineitem };

/// The type of the money columns the specification declares DECIMAL(15,2) (l_quantity,
/// l_extendedprice, l_discount, l_tax, o_totalprice, ps_supplycost, s_acctbal, c_acctbal,
/// p_retailprice): Float64 as the PDS-H data, or Decimal(15,2). Both hold the same values:
/// the generator draws whole cents and converts them to either type at the end.
enum class Money : uint8_t { kFloat64, kDecimal };

/// All eight tables, in the order they are generated.
std::span<const Table> all_tables();
/// "lineitem", "partsupp", ... (the file names PDS-H uses).
std::string_view table_name(Table table);
/// The table of that name, if any.
std::optional<Table> table_from_name(std::string_view name);
/// Column names as dbgen names them (l_orderkey, ...), keys Int64, money Float64 or
/// Decimal(15,2), dates Date.
Schema table_schema(Table table, Money money = Money::kFloat64);

/// Row counts of the base tables at a scale factor (clause 4.2.5: SF * 10,000 suppliers,
/// SF * 150,000 customers, SF * 200,000 parts, SF * 1,500,000 orders; at least one of each).
struct ScaleCounts {
  int64_t suppliers;
  int64_t customers;
  int64_t parts;
  int64_t orders;
  int64_t clerks;
  static ScaleCounts for_scale_factor(double scale_factor);
};

/// The units a table is generated in: rows, except for partsupp (one unit per part, four rows
/// each) and lineitem (one unit per order, one to seven rows each). Splitting a table into
/// files or blocks splits its units.
int64_t table_units(Table table, const ScaleCounts& counts);

/// The order key of the `index`-th order (0-based): keys are sparse, the first 8 of every 32
/// (clause 4.2.3: "O_ORDERKEY ... sparse").
constexpr int64_t order_key(int64_t index) { return (index / 8) * 32 + index % 8 + 1; }

/// The supplier of a part's `i`-th supply (i in 0..3), clause 4.2.3's formula.
constexpr int64_t part_supplier(int64_t part_key, int64_t i, int64_t suppliers) {
  return (part_key + i * (suppliers / 4 + (part_key - 1) / suppliers)) % suppliers + 1;
}

/// p_retailprice in cents: (90000 + ((partkey / 10) mod 20001) + 100 * (partkey mod 1000)).
constexpr int64_t retail_price_cents(int64_t part_key) {
  return 90000 + (part_key / 10) % 20001 + 100 * (part_key % 1000);
}

/// Units [begin, end) of `table` as one chunk, on the calling thread.
Chunk generate_chunk(Table table, const ScaleCounts& counts, int64_t begin, int64_t end,
                     Money money = Money::kFloat64);

/// Units [begin, end) of `table`, generated in parallel blocks of `kBlockUnits` on the global
/// thread pool. The result is the same whatever the number of threads.
DataFrame generate_table(Table table, const ScaleCounts& counts, int64_t begin, int64_t end,
                         Money money = Money::kFloat64);

inline constexpr int64_t kBlockUnits = 16384;

}  // namespace floe::tpch
