// The TPC-H tables' columns, value by value, following clause 4.2.3 of the specification.
#include "tpch/table_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>

#include <fmt/format.h>

#include "core/civil_time.h"
#include "core/column_builder.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "tpch/row_random.h"
#include "tpch/text_pool.h"
#include "tpch/vocabulary.h"

namespace floe::tpch {

namespace {

constexpr std::array kTables = {Table::kRegion, Table::kNation, Table::kSupplier, Table::kCustomer,
                                Table::kPart,   Table::kPartSupp, Table::kOrders, Table::kLineitem};

const auto kStartDate = static_cast<int32_t>(civil::days_from_civil(1992, 1, 1));
const auto kEndDate = static_cast<int32_t>(civil::days_from_civil(1998, 12, 31));
// Lines shipped after this date are still open (l_linestatus 'O'); received on or before it,
// they may be returned (clause 4.2.3's CURRENTDATE).
const auto kCurrentDate = static_cast<int32_t>(civil::days_from_civil(1995, 6, 17));

/// Builds a String column whose values are slices of the text pool: views into the shared pool
/// buffer, so comments cost 16 bytes each and no copy.
class PoolStringBuilder {
 public:
  explicit PoolStringBuilder(int64_t rows) : views_(TypeId::kString, rows) {}
  void set(int64_t i, TextPool::Slice s) {
    const TextPool& pool = TextPool::instance();
    const std::string_view text = pool.text().substr(s.offset, s.length);
    views_.data()[i] = s.length <= StringView::kInlineSize ? StringView::make_inline(text)
                                                          : StringView::make_ref(text, 0, s.offset);
  }
  ColumnPtr finish(int64_t rows) {
    ColumnPtr column = views_.finish();
    return std::make_shared<Column>(DataType(TypeId::kString), rows, column->values_buffer(), nullptr,
                                    std::vector<BufferPtr>{TextPool::instance().buffer()});
  }

 private:
  FixedBuilder<StringView> views_;
};

template <typename T>
struct Fixed {
  Fixed(DataType type, int64_t rows) : builder(std::move(type), rows) {}
  T& operator[](int64_t i) { return builder.data()[i]; }
  ColumnPtr finish() { return builder.finish(); }
  FixedBuilder<T> builder;
};

struct Int64s : Fixed<int64_t> {
  explicit Int64s(int64_t rows) : Fixed(TypeId::kInt64, rows) {}
};
/// A money column, filled with whole cents and finished as Float64 (cents / 100) or as
/// Decimal(15,2) (the cents are its unscaled values), so both types hold the same amounts.
class Cents {
 public:
  explicit Cents(int64_t rows) : cents_(static_cast<size_t>(rows)) {}
  int64_t& operator[](int64_t i) { return cents_[static_cast<size_t>(i)]; }
  ColumnPtr finish(Money money) const {
    const auto n = static_cast<int64_t>(cents_.size());
    if (money == Money::kDecimal) {
      FixedBuilder<decimal::int128> out(DataType::decimal(15, 2), n);
      decimal::int128* values = out.data();
      for (int64_t i = 0; i < n; ++i) values[i] = cents_[static_cast<size_t>(i)];
      return out.finish();
    }
    FixedBuilder<double> out(TypeId::kFloat64, n);
    double* values = out.data();
    for (int64_t i = 0; i < n; ++i) values[i] = static_cast<double>(cents_[static_cast<size_t>(i)]) / 100.0;
    return out.finish();
  }

 private:
  std::vector<int64_t> cents_;
};
struct Dates : Fixed<int32_t> {
  explicit Dates(int64_t rows) : Fixed(TypeId::kDate, rows) {}
};

/// Random alphanumeric text of length uniform in [min, max] (clause 4.2.2.7's "v-string").
void append_v_string(RowRandom& random, int min_length, int max_length, StringBuilder& out) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, ";
  static_assert(sizeof(kAlphabet) == 65);
  char buffer[64];
  const auto length = static_cast<int>(random.uniform(min_length, max_length));
  uint64_t bits = 0;
  for (int i = 0; i < length; ++i) {
    if (i % 10 == 0) bits = random.next();
    buffer[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
  out.append(std::string_view(buffer, static_cast<size_t>(length)));
}

/// "CC-LLL-MMM-NNNN" with CC = nation key + 10 (clause 4.2.2.9).
void append_phone(RowRandom& random, int64_t nation_key, StringBuilder& out) {
  char buffer[32];
  const auto a = random.uniform(100, 999), b = random.uniform(100, 999), c = random.uniform(1000, 9999);
  auto end = fmt::format_to(buffer, "{:02}-{}-{}-{}", nation_key + 10, a, b, c);
  out.append(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

/// "Supplier#000000042": a prefix and a key padded to nine digits.
void append_keyed_name(std::string_view prefix, int64_t key, StringBuilder& out) {
  char buffer[48];
  auto end = fmt::format_to(buffer, "{}{:09}", prefix, key);
  out.append(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

Chunk make_chunk(std::vector<ColumnPtr> columns) {
  const int64_t rows = columns.empty() ? 0 : columns[0]->length();
  return Chunk(std::move(columns), rows);
}

Chunk region_chunk(int64_t begin, int64_t end) {
  const int64_t n = end - begin;
  Int64s key(n);
  StringBuilder name(TypeId::kString, n);
  PoolStringBuilder comment(n);
  for (int64_t i = 0; i < n; ++i) {
    RowRandom random(Stream::kRegion, static_cast<uint64_t>(begin + i));
    key[i] = begin + i;
    name.append(regions()[static_cast<size_t>(begin + i)]);
    comment.set(i, TextPool::instance().slice(random, 31, 115));
  }
  return make_chunk({key.finish(), name.finish(), comment.finish(n)});
}

Chunk nation_chunk(int64_t begin, int64_t end) {
  const int64_t n = end - begin;
  Int64s key(n), region(n);
  StringBuilder name(TypeId::kString, n);
  PoolStringBuilder comment(n);
  for (int64_t i = 0; i < n; ++i) {
    RowRandom random(Stream::kNation, static_cast<uint64_t>(begin + i));
    const NationEntry& nation = nations()[static_cast<size_t>(begin + i)];
    key[i] = begin + i;
    name.append(nation.name);
    region[i] = nation.region_key;
    comment.set(i, TextPool::instance().slice(random, 31, 114));
  }
  return make_chunk({key.finish(), name.finish(), region.finish(), comment.finish(n)});
}

/// s_comment: a pool slice, in which about 5 per 10,000 suppliers carry "Customer ...
/// Complaints" and as many "Customer ... Recommends" (clause 4.2.3, for Q16).
void append_supplier_comment(int64_t row, RowRandom& random, StringBuilder& out) {
  const TextPool& pool = TextPool::instance();
  const TextPool::Slice slice = pool.slice(random, 25, 100);
  std::string_view text = pool.text().substr(slice.offset, slice.length);
  RowRandom review(Stream::kSupplierReview, static_cast<uint64_t>(row));
  const int64_t kind = review.uniform(1, 2000);
  if (kind > 2) {
    out.append(text);
    return;
  }
  constexpr std::string_view kCustomer = "Customer ";
  const std::string_view verdict = kind == 1 ? "Complaints" : "Recommends";
  const auto length = static_cast<int64_t>(text.size());
  const int64_t free = length - static_cast<int64_t>(kCustomer.size() + verdict.size());
  const int64_t first = review.uniform(0, free);
  const int64_t gap = review.uniform(0, free - first);
  std::string comment;
  comment.reserve(text.size());
  comment.append(text.substr(0, static_cast<size_t>(first)));
  comment.append(kCustomer);
  comment.append(text.substr(static_cast<size_t>(first) + kCustomer.size(), static_cast<size_t>(gap)));
  comment.append(verdict);
  comment.append(text.substr(comment.size()));
  out.append(comment);
}

Chunk supplier_chunk(int64_t begin, int64_t end, Money money) {
  const int64_t n = end - begin;
  Int64s key(n), nation(n);
  Cents balance(n);
  StringBuilder name(TypeId::kString, n, static_cast<size_t>(n) * 18);
  StringBuilder address(TypeId::kString, n, static_cast<size_t>(n) * 25);
  StringBuilder phone(TypeId::kString, n, static_cast<size_t>(n) * 15);
  StringBuilder comment(TypeId::kString, n, static_cast<size_t>(n) * 63);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t row = begin + i;
    RowRandom random(Stream::kSupplier, static_cast<uint64_t>(row));
    key[i] = row + 1;
    append_keyed_name("Supplier#", row + 1, name);
    append_v_string(random, 10, 40, address);
    nation[i] = random.uniform(0, 24);
    append_phone(random, nation[i], phone);
    balance[i] = random.uniform(-99999, 999999);
    append_supplier_comment(row, random, comment);
  }
  return make_chunk({key.finish(), name.finish(), address.finish(), nation.finish(), phone.finish(),
                     balance.finish(money), comment.finish()});
}

Chunk customer_chunk(int64_t begin, int64_t end, Money money) {
  const int64_t n = end - begin;
  Int64s key(n), nation(n);
  Cents balance(n);
  StringBuilder name(TypeId::kString, n, static_cast<size_t>(n) * 18);
  StringBuilder address(TypeId::kString, n, static_cast<size_t>(n) * 25);
  StringBuilder phone(TypeId::kString, n, static_cast<size_t>(n) * 15);
  StringBuilder segment(TypeId::kString, n);
  PoolStringBuilder comment(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t row = begin + i;
    RowRandom random(Stream::kCustomer, static_cast<uint64_t>(row));
    key[i] = row + 1;
    append_keyed_name("Customer#", row + 1, name);
    append_v_string(random, 10, 40, address);
    nation[i] = random.uniform(0, 24);
    append_phone(random, nation[i], phone);
    balance[i] = random.uniform(-99999, 999999);
    segment.append(market_segments()[static_cast<size_t>(random.uniform(0, 4))]);
    comment.set(i, TextPool::instance().slice(random, 29, 116));
  }
  return make_chunk({key.finish(), name.finish(), address.finish(), nation.finish(), phone.finish(),
                     balance.finish(money), segment.finish(), comment.finish(n)});
}

Chunk part_chunk(int64_t begin, int64_t end, Money money) {
  const int64_t n = end - begin;
  Int64s key(n), size(n);
  Cents price(n);
  StringBuilder name(TypeId::kString, n, static_cast<size_t>(n) * 33);
  StringBuilder manufacturer(TypeId::kString, n, static_cast<size_t>(n) * 14);
  StringBuilder brand(TypeId::kString, n);
  StringBuilder type(TypeId::kString, n, static_cast<size_t>(n) * 21);
  StringBuilder container(TypeId::kString, n);
  PoolStringBuilder comment(n);
  const auto colors = part_colors();
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t row = begin + i;
    RowRandom random(Stream::kPart, static_cast<uint64_t>(row));
    key[i] = row + 1;
    // p_name: five distinct colors (a partial Fisher-Yates draw over the 92 words).
    std::array<uint8_t, 92> order;
    for (size_t c = 0; c < order.size(); ++c) order[c] = static_cast<uint8_t>(c);
    text.clear();
    for (int w = 0; w < 5; ++w) {
      const auto pick = static_cast<size_t>(random.uniform(w, 91));
      std::swap(order[static_cast<size_t>(w)], order[pick]);
      if (w > 0) text.push_back(' ');
      text.append(colors[order[static_cast<size_t>(w)]]);
    }
    name.append(text);
    const int64_t m = random.uniform(1, 5);
    const int64_t b = random.uniform(1, 5);
    text = fmt::format("Manufacturer#{}", m);
    manufacturer.append(text);
    text = fmt::format("Brand#{}{}", m, b);
    brand.append(text);
    text.assign(type_syllable1()[static_cast<size_t>(random.uniform(0, 5))]);
    text.append(" ").append(type_syllable2()[static_cast<size_t>(random.uniform(0, 4))]);
    text.append(" ").append(type_syllable3()[static_cast<size_t>(random.uniform(0, 4))]);
    type.append(text);
    size[i] = random.uniform(1, 50);
    text.assign(container_syllable1()[static_cast<size_t>(random.uniform(0, 4))]);
    text.append(" ").append(container_syllable2()[static_cast<size_t>(random.uniform(0, 7))]);
    container.append(text);
    price[i] = retail_price_cents(row + 1);
    comment.set(i, TextPool::instance().slice(random, 5, 22));
  }
  return make_chunk({key.finish(), name.finish(), manufacturer.finish(), brand.finish(), type.finish(),
                     size.finish(), container.finish(), price.finish(money), comment.finish(n)});
}

Chunk partsupp_chunk(const ScaleCounts& counts, int64_t begin, int64_t end, Money money) {
  const int64_t n = (end - begin) * 4;
  Int64s part(n), supplier(n), available(n);
  Cents cost(n);
  PoolStringBuilder comment(n);
  for (int64_t p = begin; p < end; ++p) {
    for (int64_t s = 0; s < 4; ++s) {
      const int64_t i = (p - begin) * 4 + s;
      RowRandom random(Stream::kPartSupp, static_cast<uint64_t>(p * 4 + s));
      part[i] = p + 1;
      supplier[i] = part_supplier(p + 1, s, counts.suppliers);
      available[i] = random.uniform(1, 9999);
      cost[i] = random.uniform(100, 100000);
      comment.set(i, TextPool::instance().slice(random, 49, 198));
    }
  }
  return make_chunk({part.finish(), supplier.finish(), available.finish(), cost.finish(money),
                     comment.finish(n)});
}

// ---- orders and lineitem: an order's lines decide its status and total price ----

int32_t order_date(int64_t order) {
  RowRandom random(Stream::kOrderDate, static_cast<uint64_t>(order));
  return static_cast<int32_t>(random.uniform(kStartDate, kEndDate - 151));
}

int64_t line_count(int64_t order) {
  RowRandom random(Stream::kLineCount, static_cast<uint64_t>(order));
  return random.uniform(1, 7);
}

/// The values of one line item that orders also need (clause 4.2.3, LINEITEM).
struct Line {
  explicit Line(RowRandom r) : random(r) {}
  int64_t part_key = 0, supplier_key = 0, quantity = 0, price_cents = 0, discount = 0, tax = 0;
  int32_t ship_date = 0, commit_date = 0, receipt_date = 0;
  char return_flag = 'N', line_status = 'O';
  RowRandom random;  // positioned after the shared draws, for the columns only lineitem has
};

Line make_line(const ScaleCounts& counts, int64_t order, int64_t line, int32_t date) {
  Line l(RowRandom(Stream::kLineitem, static_cast<uint64_t>(order * 8 + line)));
  l.part_key = l.random.uniform(1, counts.parts);
  l.supplier_key = part_supplier(l.part_key, l.random.uniform(0, 3), counts.suppliers);
  l.quantity = l.random.uniform(1, 50);
  l.price_cents = l.quantity * retail_price_cents(l.part_key);
  l.discount = l.random.uniform(0, 10);
  l.tax = l.random.uniform(0, 8);
  l.ship_date = date + static_cast<int32_t>(l.random.uniform(1, 121));
  l.commit_date = date + static_cast<int32_t>(l.random.uniform(30, 90));
  l.receipt_date = l.ship_date + static_cast<int32_t>(l.random.uniform(1, 30));
  l.return_flag = l.receipt_date <= kCurrentDate ? (l.random.uniform(0, 1) == 0 ? 'R' : 'A') : 'N';
  l.line_status = l.ship_date > kCurrentDate ? 'O' : 'F';
  return l;
}

Chunk orders_chunk(const ScaleCounts& counts, int64_t begin, int64_t end, Money money) {
  const int64_t n = end - begin;
  Int64s key(n), customer(n), ship_priority(n);
  Cents total(n);
  Dates date(n);
  StringBuilder status(TypeId::kString, n);
  StringBuilder priority(TypeId::kString, n, static_cast<size_t>(n) * 8);
  StringBuilder clerk(TypeId::kString, n, static_cast<size_t>(n) * 15);
  PoolStringBuilder comment(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t order = begin + i;
    RowRandom random(Stream::kOrder, static_cast<uint64_t>(order));
    key[i] = order_key(order);
    // A third of the customers never order (keys divisible by 3), for Q13 and Q22.
    int64_t c;
    do {
      c = random.uniform(1, counts.customers);
    } while (c % 3 == 0 && counts.customers > 2);
    customer[i] = c;
    date[i] = order_date(order);
    const int64_t lines = line_count(order);
    int64_t total_cents = 0, open = 0;
    for (int64_t l = 0; l < lines; ++l) {
      const Line line = make_line(counts, order, l, date[i]);
      // Round each line's charge to cents, as money columns are decimals in the specification.
      total_cents += (line.price_cents * (100 + line.tax) * (100 - line.discount) + 5000) / 10000;
      open += line.line_status == 'O';
    }
    total[i] = total_cents;
    status.append(open == lines ? "O" : open == 0 ? "F" : "P");
    priority.append(order_priorities()[static_cast<size_t>(random.uniform(0, 4))]);
    append_keyed_name("Clerk#", random.uniform(1, counts.clerks), clerk);
    ship_priority[i] = 0;
    comment.set(i, TextPool::instance().slice(random, 19, 78));
  }
  return make_chunk({key.finish(), customer.finish(), status.finish(), total.finish(money), date.finish(),
                     priority.finish(), clerk.finish(), ship_priority.finish(), comment.finish(n)});
}

Chunk lineitem_chunk(const ScaleCounts& counts, int64_t begin, int64_t end, Money money) {
  int64_t n = 0;
  for (int64_t order = begin; order < end; ++order) n += line_count(order);
  Int64s key(n), part(n), supplier(n), number(n);
  Cents quantity(n), price(n), discount(n), tax(n);
  Dates ship(n), commit(n), receipt(n);
  StringBuilder flag(TypeId::kString, n), status(TypeId::kString, n);
  StringBuilder instruct(TypeId::kString, n, static_cast<size_t>(n) * 12);
  StringBuilder mode(TypeId::kString, n);
  PoolStringBuilder comment(n);
  static constexpr std::string_view kFlags = "ARNOF";
  int64_t i = 0;
  for (int64_t order = begin; order < end; ++order) {
    const int32_t date = order_date(order);
    const int64_t lines = line_count(order);
    for (int64_t l = 0; l < lines; ++l, ++i) {
      Line line = make_line(counts, order, l, date);
      key[i] = order_key(order);
      part[i] = line.part_key;
      supplier[i] = line.supplier_key;
      number[i] = l + 1;
      quantity[i] = line.quantity * 100;
      price[i] = line.price_cents;
      discount[i] = line.discount;
      tax[i] = line.tax;
      flag.append(kFlags.substr(kFlags.find(line.return_flag), 1));
      status.append(kFlags.substr(kFlags.find(line.line_status), 1));
      ship[i] = line.ship_date;
      commit[i] = line.commit_date;
      receipt[i] = line.receipt_date;
      instruct.append(ship_instructions()[static_cast<size_t>(line.random.uniform(0, 3))]);
      mode.append(ship_modes()[static_cast<size_t>(line.random.uniform(0, 6))]);
      comment.set(i, TextPool::instance().slice(line.random, 10, 43));
    }
  }
  return make_chunk({key.finish(), part.finish(), supplier.finish(), number.finish(), quantity.finish(money),
                     price.finish(money), discount.finish(money), tax.finish(money), flag.finish(), status.finish(),
                     ship.finish(), commit.finish(), receipt.finish(), instruct.finish(), mode.finish(),
                     comment.finish(n)});
}

}  // namespace

std::span<const Table> all_tables() { return kTables; }

std::string_view table_name(Table table) {
  switch (table) {
    case Table::kRegion: return "region";
    case Table::kNation: return "nation";
    case Table::kSupplier: return "supplier";
    case Table::kCustomer: return "customer";
    case Table::kPart: return "part";
    case Table::kPartSupp: return "partsupp";
    case Table::kOrders: return "orders";
    case Table::kLineitem: return "lineitem";
  }
  return "?";
}

std::optional<Table> table_from_name(std::string_view name) {
  for (Table t : kTables) {
    if (table_name(t) == name) return t;
  }
  return std::nullopt;
}

Schema table_schema(Table table, Money money) {
  const DataType i64 = TypeId::kInt64, str = TypeId::kString, date = TypeId::kDate;
  const DataType money_type = money == Money::kDecimal ? DataType::decimal(15, 2) : DataType(TypeId::kFloat64);
  switch (table) {
    case Table::kRegion: return Schema({{"r_regionkey", i64}, {"r_name", str}, {"r_comment", str}});
    case Table::kNation:
      return Schema({{"n_nationkey", i64}, {"n_name", str}, {"n_regionkey", i64}, {"n_comment", str}});
    case Table::kSupplier:
      return Schema({{"s_suppkey", i64}, {"s_name", str}, {"s_address", str}, {"s_nationkey", i64},
                     {"s_phone", str}, {"s_acctbal", money_type}, {"s_comment", str}});
    case Table::kCustomer:
      return Schema({{"c_custkey", i64}, {"c_name", str}, {"c_address", str}, {"c_nationkey", i64},
                     {"c_phone", str}, {"c_acctbal", money_type}, {"c_mktsegment", str}, {"c_comment", str}});
    case Table::kPart:
      return Schema({{"p_partkey", i64}, {"p_name", str}, {"p_mfgr", str}, {"p_brand", str}, {"p_type", str},
                     {"p_size", i64}, {"p_container", str}, {"p_retailprice", money_type}, {"p_comment", str}});
    case Table::kPartSupp:
      return Schema({{"ps_partkey", i64}, {"ps_suppkey", i64}, {"ps_availqty", i64},
                     {"ps_supplycost", money_type}, {"ps_comment", str}});
    case Table::kOrders:
      return Schema({{"o_orderkey", i64}, {"o_custkey", i64}, {"o_orderstatus", str},
                     {"o_totalprice", money_type}, {"o_orderdate", date}, {"o_orderpriority", str}, {"o_clerk", str},
                     {"o_shippriority", i64}, {"o_comment", str}});
    case Table::kLineitem:
      return Schema({{"l_orderkey", i64}, {"l_partkey", i64}, {"l_suppkey", i64}, {"l_linenumber", i64},
                     {"l_quantity", money_type}, {"l_extendedprice", money_type}, {"l_discount", money_type},
                     {"l_tax", money_type},
                     {"l_returnflag", str}, {"l_linestatus", str}, {"l_shipdate", date},
                     {"l_commitdate", date}, {"l_receiptdate", date}, {"l_shipinstruct", str},
                     {"l_shipmode", str}, {"l_comment", str}});
  }
  return Schema();
}

ScaleCounts ScaleCounts::for_scale_factor(double scale_factor) {
  FLOE_USER_CHECK(scale_factor > 0 && scale_factor <= 100000, InvalidArgument,
                  "scale factor must be in (0, 100000], got {}", scale_factor);
  auto scaled = [&](double base) { return std::max<int64_t>(1, static_cast<int64_t>(std::floor(base * scale_factor))); };
  return ScaleCounts{.suppliers = scaled(10000),
                     .customers = scaled(150000),
                     .parts = scaled(200000),
                     .orders = scaled(1500000),
                     .clerks = scaled(1000)};
}

int64_t table_units(Table table, const ScaleCounts& counts) {
  switch (table) {
    case Table::kRegion: return static_cast<int64_t>(regions().size());
    case Table::kNation: return static_cast<int64_t>(nations().size());
    case Table::kSupplier: return counts.suppliers;
    case Table::kCustomer: return counts.customers;
    case Table::kPart:
    case Table::kPartSupp: return counts.parts;
    case Table::kOrders:
    case Table::kLineitem: return counts.orders;
  }
  return 0;
}

Chunk generate_chunk(Table table, const ScaleCounts& counts, int64_t begin, int64_t end, Money money) {
  FLOE_CHECK(0 <= begin && begin <= end && end <= table_units(table, counts), "bad unit range [{}, {})", begin, end);
  switch (table) {
    case Table::kRegion: return region_chunk(begin, end);
    case Table::kNation: return nation_chunk(begin, end);
    case Table::kSupplier: return supplier_chunk(begin, end, money);
    case Table::kCustomer: return customer_chunk(begin, end, money);
    case Table::kPart: return part_chunk(begin, end, money);
    case Table::kPartSupp: return partsupp_chunk(counts, begin, end, money);
    case Table::kOrders: return orders_chunk(counts, begin, end, money);
    case Table::kLineitem: return lineitem_chunk(counts, begin, end, money);
  }
  return Chunk();
}

DataFrame generate_table(Table table, const ScaleCounts& counts, int64_t begin, int64_t end, Money money) {
  TextPool::instance();  // build the pool once, before the workers race for it
  const int64_t blocks = (end - begin + kBlockUnits - 1) / kBlockUnits;
  std::vector<Chunk> chunks(static_cast<size_t>(blocks));
  ThreadPool::global().parallel_for(blocks, 1, [&](int64_t first, int64_t last) {
    for (int64_t b = first; b < last; ++b) {
      const int64_t lo = begin + b * kBlockUnits;
      chunks[static_cast<size_t>(b)] = generate_chunk(table, counts, lo, std::min(end, lo + kBlockUnits), money);
    }
  });
  return DataFrame(table_schema(table, money), std::move(chunks));
}

}  // namespace floe::tpch
