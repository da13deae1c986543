// Tests of the TPC-H generator: row counts, key relationships, value domains and determinism.
#include "tpch/table_generator.h"

#include <map>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "core/civil_time.h"
#include "core/decimal.h"
#include "core/error.h"
#include "io/csv_writer.h"
#include "tpch/text_pool.h"
#include "tpch/vocabulary.h"

namespace floe::tpch {
namespace {

const ScaleCounts kCounts = ScaleCounts::for_scale_factor(0.01);

DataFrame whole(Table table, const ScaleCounts& counts = kCounts) {
  return generate_table(table, counts, 0, table_units(table, counts));
}

std::vector<int64_t> ints(const DataFrame& df, const std::string& name) {
  const ColumnPtr c = df.column(name);
  return {c->values<int64_t>(), c->values<int64_t>() + c->length()};
}
std::vector<double> doubles(const DataFrame& df, const std::string& name) {
  const ColumnPtr c = df.column(name);
  return {c->values<double>(), c->values<double>() + c->length()};
}
std::vector<int32_t> dates(const DataFrame& df, const std::string& name) {
  const ColumnPtr c = df.column(name);
  return {c->values<int32_t>(), c->values<int32_t>() + c->length()};
}
std::vector<std::string> strings(const DataFrame& df, const std::string& name) {
  const ColumnPtr c = df.column(name);
  std::vector<std::string> out;
  for (int64_t i = 0; i < c->length(); ++i) out.emplace_back(c->string_at(i));
  return out;
}

int32_t day(int y, unsigned m, unsigned d) { return static_cast<int32_t>(civil::days_from_civil(y, m, d)); }

TEST(TpchGeneratorTest, RowCountsFollowTheScaleFactor) {
  EXPECT_EQ(whole(Table::kRegion).num_rows(), 5);
  EXPECT_EQ(whole(Table::kNation).num_rows(), 25);
  EXPECT_EQ(whole(Table::kSupplier).num_rows(), 100);
  EXPECT_EQ(whole(Table::kCustomer).num_rows(), 1500);
  EXPECT_EQ(whole(Table::kPart).num_rows(), 2000);
  EXPECT_EQ(whole(Table::kPartSupp).num_rows(), 8000);
  EXPECT_EQ(whole(Table::kOrders).num_rows(), 15000);
  const int64_t lines = whole(Table::kLineitem).num_rows();
  EXPECT_GT(lines, 15000 * 3.9);  // one to seven lines per order, four on average
  EXPECT_LT(lines, 15000 * 4.1);
  const ScaleCounts sf1 = ScaleCounts::for_scale_factor(1);
  EXPECT_EQ(sf1.suppliers, 10000);
  EXPECT_EQ(sf1.customers, 150000);
  EXPECT_EQ(sf1.parts, 200000);
  EXPECT_EQ(sf1.orders, 1500000);
  EXPECT_EQ(table_units(Table::kPartSupp, sf1), 200000);
  EXPECT_THROW(ScaleCounts::for_scale_factor(0), InvalidArgument);
  EXPECT_THROW(ScaleCounts::for_scale_factor(-1), InvalidArgument);
}

TEST(TpchGeneratorTest, SchemasUseDbgenNamesAndPdsHTypes) {
  for (Table t : all_tables()) {
    const DataFrame df = generate_table(t, kCounts, 0, std::min<int64_t>(3, table_units(t, kCounts)));
    EXPECT_EQ(df.schema(), table_schema(t)) << table_name(t);
    EXPECT_EQ(table_from_name(table_name(t)), t);
  }
  EXPECT_EQ(table_from_name("lineitems"), std::nullopt);
  const Schema s = table_schema(Table::kLineitem);
  EXPECT_EQ(s.field("l_orderkey").type, DataType(TypeId::kInt64));
  EXPECT_EQ(s.field("l_extendedprice").type, DataType(TypeId::kFloat64));
  EXPECT_EQ(s.field("l_shipdate").type, DataType(TypeId::kDate));
  EXPECT_EQ(s.field("l_comment").type, DataType(TypeId::kString));
}

TEST(TpchGeneratorTest, DecimalMoneyColumnsHoldTheFloatColumnsCents) {
  const std::set<std::string> money = {"l_quantity",    "l_extendedprice", "l_discount",     "l_tax",
                                       "o_totalprice",  "ps_supplycost",   "s_acctbal",      "c_acctbal",
                                       "p_retailprice"};
  size_t money_columns = 0;
  for (Table t : all_tables()) {
    const DataFrame floats = whole(t);
    const DataFrame decimals = generate_table(t, kCounts, 0, table_units(t, kCounts), Money::kDecimal);
    ASSERT_EQ(decimals.schema(), table_schema(t, Money::kDecimal)) << table_name(t);
    ASSERT_EQ(decimals.num_rows(), floats.num_rows()) << table_name(t);
    for (const Field& field : floats.schema().fields()) {
      const DataType& type = decimals.schema().field(field.name).type;
      if (!money.contains(field.name)) {
        EXPECT_EQ(type, field.type) << field.name;
        continue;
      }
      ++money_columns;
      ASSERT_EQ(field.type, DataType(TypeId::kFloat64)) << field.name;
      ASSERT_EQ(type, DataType::decimal(15, 2)) << field.name;
      const std::vector<double> f = doubles(floats, field.name);
      const ColumnPtr d = decimals.column(field.name);
      int64_t fractional = 0;
      for (int64_t i = 0; i < d->length(); ++i) {
        const decimal::int128 cents = d->values<decimal::int128>()[i];
        // The float is the nearest double to the same number of cents, not a rounded product.
        ASSERT_EQ(f[static_cast<size_t>(i)], static_cast<double>(cents) / 100.0) << field.name << " row " << i;
        ASSERT_EQ(cents, static_cast<decimal::int128>(std::llround(f[static_cast<size_t>(i)] * 100))) << field.name;
        fractional += cents % 100 != 0;
      }
      if (field.name != "l_quantity") EXPECT_GT(fractional, 0) << field.name;  // quantities are whole
    }
    // Every value prints the same once floats are written with two digits, as decimals are.
    io::CsvWriteOptions two_digits;
    two_digits.float_precision = 2;
    EXPECT_EQ(io::write_csv_string(decimals, {}), io::write_csv_string(floats, two_digits)) << table_name(t);
  }
  EXPECT_EQ(money_columns, money.size());
}

TEST(TpchGeneratorTest, DataDoNotDependOnHowTheWorkIsSplit) {
  io::CsvWriteOptions options;
  for (Table t : all_tables()) {
    const int64_t units = table_units(t, kCounts);
    const std::string expected = io::write_csv_string(whole(t), options);
    // The same units generated in odd pieces, one chunk each, on this thread only.
    std::vector<Chunk> chunks;
    for (int64_t begin = 0; begin < units; begin += 997) {
      chunks.push_back(generate_chunk(t, kCounts, begin, std::min(units, begin + 997)));
    }
    EXPECT_EQ(io::write_csv_string(DataFrame(table_schema(t), std::move(chunks)), options), expected)
        << table_name(t);
  }
}

TEST(TpchGeneratorTest, OrderKeysAreSparseAndCustomersSkipMultiplesOfThree) {
  EXPECT_EQ(order_key(0), 1);
  EXPECT_EQ(order_key(7), 8);
  EXPECT_EQ(order_key(8), 33);
  const DataFrame orders = whole(Table::kOrders);
  const auto keys = ints(orders, "o_orderkey");
  const auto customers = ints(orders, "o_custkey");
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(keys[i], order_key(static_cast<int64_t>(i)));
    ASSERT_GE(customers[i], 1);
    ASSERT_LE(customers[i], kCounts.customers);
    ASSERT_NE(customers[i] % 3, 0);
  }
  // Two thirds of the customers that may order do.
  const std::set<int64_t> distinct(customers.begin(), customers.end());
  EXPECT_GT(distinct.size(), 900u);
}

TEST(TpchGeneratorTest, PartSuppliersFollowTheFormula) {
  EXPECT_EQ(part_supplier(1, 0, 100), 2);
  EXPECT_EQ(part_supplier(1, 1, 100), 27);
  const DataFrame partsupp = whole(Table::kPartSupp);
  const auto parts = ints(partsupp, "ps_partkey");
  const auto suppliers = ints(partsupp, "ps_suppkey");
  for (size_t i = 0; i < parts.size(); i += 4) {
    std::set<int64_t> four;
    for (size_t j = 0; j < 4; ++j) {
      ASSERT_EQ(parts[i + j], static_cast<int64_t>(i / 4) + 1);
      ASSERT_GE(suppliers[i + j], 1);
      ASSERT_LE(suppliers[i + j], kCounts.suppliers);
      four.insert(suppliers[i + j]);
    }
    ASSERT_EQ(four.size(), 4u) << "part " << parts[i];
  }
}

TEST(TpchGeneratorTest, LineitemsReferToOrdersAndPartSupplies) {
  const DataFrame partsupp = whole(Table::kPartSupp);
  std::set<std::pair<int64_t, int64_t>> supplies;
  const auto ps_part = ints(partsupp, "ps_partkey"), ps_supp = ints(partsupp, "ps_suppkey");
  for (size_t i = 0; i < ps_part.size(); ++i) supplies.insert({ps_part[i], ps_supp[i]});

  const DataFrame orders = whole(Table::kOrders);
  const DataFrame lineitem = whole(Table::kLineitem);
  const auto o_key = ints(orders, "o_orderkey");
  const auto o_date = dates(orders, "o_orderdate");
  const auto o_total = doubles(orders, "o_totalprice");
  const auto o_status = strings(orders, "o_orderstatus");
  std::map<int64_t, size_t> order_index;
  for (size_t i = 0; i < o_key.size(); ++i) order_index[o_key[i]] = i;

  const auto l_key = ints(lineitem, "l_orderkey"), l_part = ints(lineitem, "l_partkey");
  const auto l_supp = ints(lineitem, "l_suppkey"), l_number = ints(lineitem, "l_linenumber");
  const auto quantity = doubles(lineitem, "l_quantity"), price = doubles(lineitem, "l_extendedprice");
  const auto discount = doubles(lineitem, "l_discount"), tax = doubles(lineitem, "l_tax");
  const auto ship = dates(lineitem, "l_shipdate"), commit = dates(lineitem, "l_commitdate");
  const auto receipt = dates(lineitem, "l_receiptdate");
  const auto flag = strings(lineitem, "l_returnflag"), status = strings(lineitem, "l_linestatus");

  const int32_t current = day(1995, 6, 17);
  std::vector<double> total(o_key.size(), 0);
  std::vector<std::string> statuses(o_key.size());
  for (size_t i = 0; i < l_key.size(); ++i) {
    ASSERT_TRUE(order_index.count(l_key[i])) << l_key[i];
    const size_t o = order_index[l_key[i]];
    ASSERT_TRUE(supplies.count({l_part[i], l_supp[i]})) << l_part[i] << "," << l_supp[i];
    ASSERT_EQ(l_number[i], i > 0 && l_key[i - 1] == l_key[i] ? l_number[i - 1] + 1 : 1);
    ASSERT_LE(l_number[i], 7);
    ASSERT_GE(quantity[i], 1);
    ASSERT_LE(quantity[i], 50);
    ASSERT_NEAR(price[i], quantity[i] * static_cast<double>(retail_price_cents(l_part[i])) / 100, 1e-6);
    ASSERT_GE(discount[i], 0);
    ASSERT_LE(discount[i], 0.1 + 1e-9);
    ASSERT_GE(tax[i], 0);
    ASSERT_LE(tax[i], 0.08 + 1e-9);
    ASSERT_GE(ship[i] - o_date[o], 1);
    ASSERT_LE(ship[i] - o_date[o], 121);
    ASSERT_GE(commit[i] - o_date[o], 30);
    ASSERT_LE(commit[i] - o_date[o], 90);
    ASSERT_GE(receipt[i] - ship[i], 1);
    ASSERT_LE(receipt[i] - ship[i], 30);
    ASSERT_EQ(status[i], ship[i] > current ? "O" : "F");
    if (receipt[i] <= current) {
      ASSERT_TRUE(flag[i] == "R" || flag[i] == "A") << flag[i];
    } else {
      ASSERT_EQ(flag[i], "N");
    }
    total[o] += price[i] * (1 + tax[i]) * (1 - discount[i]);
    statuses[o] += status[i];
  }
  for (size_t o = 0; o < o_key.size(); ++o) {
    ASSERT_NEAR(o_total[o], total[o], 0.01 * 7) << o_key[o];
    ASSERT_GE(o_date[o], day(1992, 1, 1));
    ASSERT_LE(o_date[o], day(1998, 12, 31) - 151);
    const bool all_open = statuses[o].find('F') == std::string::npos;
    const bool all_done = statuses[o].find('O') == std::string::npos;
    ASSERT_EQ(o_status[o], all_open ? "O" : all_done ? "F" : "P") << statuses[o];
  }
}

bool in(std::span<const std::string_view> words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

TEST(TpchGeneratorTest, PartValuesComeFromTheSpecificationsLists) {
  const DataFrame part = whole(Table::kPart);
  const auto key = ints(part, "p_partkey"), size = ints(part, "p_size");
  const auto price = doubles(part, "p_retailprice");
  const auto name = strings(part, "p_name"), mfgr = strings(part, "p_mfgr"), brand = strings(part, "p_brand");
  const auto type = strings(part, "p_type"), container = strings(part, "p_container");
  const std::regex words("([a-z]+) ([a-z]+) ([a-z]+) ([a-z]+) ([a-z]+)");
  int green = 0, promo = 0;
  for (size_t i = 0; i < key.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(name[i], m, words)) << name[i];
    std::set<std::string> distinct;
    for (size_t w = 1; w <= 5; ++w) {
      ASSERT_TRUE(in(part_colors(), m[w].str())) << name[i];
      distinct.insert(m[w].str());
    }
    ASSERT_EQ(distinct.size(), 5u) << name[i];
    green += name[i].find("green") != std::string::npos;
    ASSERT_EQ(mfgr[i].substr(0, 13), "Manufacturer#");
    ASSERT_EQ(brand[i].substr(0, 6) + brand[i][6], "Brand#" + mfgr[i].substr(13));
    ASSERT_GE(brand[i][7], '1');
    ASSERT_LE(brand[i][7], '5');
    const auto space1 = type[i].find(' '), space2 = type[i].rfind(' ');
    ASSERT_TRUE(in(type_syllable1(), type[i].substr(0, space1))) << type[i];
    ASSERT_TRUE(in(type_syllable2(), type[i].substr(space1 + 1, space2 - space1 - 1))) << type[i];
    ASSERT_TRUE(in(type_syllable3(), type[i].substr(space2 + 1))) << type[i];
    promo += type[i].starts_with("PROMO");
    const auto space = container[i].find(' ');
    ASSERT_TRUE(in(container_syllable1(), container[i].substr(0, space))) << container[i];
    ASSERT_TRUE(in(container_syllable2(), container[i].substr(space + 1))) << container[i];
    ASSERT_GE(size[i], 1);
    ASSERT_LE(size[i], 50);
    ASSERT_DOUBLE_EQ(price[i], static_cast<double>(90000 + (key[i] / 10) % 20001 + 100 * (key[i] % 1000)) / 100);
  }
  // Five of 92 colors: about 5.4% of the names hold "green"; a sixth of the types are PROMO.
  EXPECT_NEAR(green / 2000.0, 5.0 / 92, 0.015);
  EXPECT_NEAR(promo / 2000.0, 1.0 / 6, 0.03);
}

TEST(TpchGeneratorTest, CustomersAndSuppliersHavePhonesByNation) {
  for (Table t : {Table::kCustomer, Table::kSupplier}) {
    const std::string p = t == Table::kCustomer ? "c_" : "s_";
    const DataFrame df = whole(t);
    const auto nation = ints(df, p + "nationkey");
    const auto phone = strings(df, p + "phone"), name = strings(df, p + "name");
    const auto balance = doubles(df, p + "acctbal");
    const std::regex format(R"((\d\d)-[1-9]\d\d-[1-9]\d\d-[1-9]\d\d\d)");
    for (size_t i = 0; i < phone.size(); ++i) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(phone[i], m, format)) << phone[i];
      ASSERT_EQ(std::stoi(m[1].str()), nation[i] + 10);
      ASSERT_GE(balance[i], -999.99);
      ASSERT_LE(balance[i], 9999.99);
      ASSERT_EQ(name[i], fmt::format("{}{:09}", t == Table::kCustomer ? "Customer#" : "Supplier#", i + 1));
    }
  }
  const auto segments = strings(whole(Table::kCustomer), "c_mktsegment");
  for (const auto& s : segments) ASSERT_TRUE(in(market_segments(), s)) << s;
}

TEST(TpchGeneratorTest, NationsAndRegionsAreTheSpecifications) {
  const DataFrame nation = whole(Table::kNation);
  EXPECT_EQ(strings(nation, "n_name")[0], "ALGERIA");
  EXPECT_EQ(strings(nation, "n_name")[24], "UNITED STATES");
  EXPECT_EQ(ints(nation, "n_regionkey")[24], 1);
  EXPECT_EQ(strings(whole(Table::kRegion), "r_name")[4], "MIDDLE EAST");
}

TEST(TpchGeneratorTest, CommentsMatchTheQueriesPatternsAsOftenAsRealData) {
  const auto comments = strings(whole(Table::kOrders), "o_comment");
  const std::regex special_requests("special.*requests");
  int matches = 0;
  for (const auto& c : comments) {
    ASSERT_GE(c.size(), 19u);
    ASSERT_LE(c.size(), 78u);
    matches += std::regex_search(c, special_requests);
  }
  // Real data: about 1% of orders (Q13 keeps 98.9% of them).
  EXPECT_GT(matches, 15000 * 0.003);
  EXPECT_LT(matches, 15000 * 0.03);

  const auto supplier_comments = strings(generate_table(Table::kSupplier, ScaleCounts::for_scale_factor(1), 0, 10000),
                                         "s_comment");
  int complaints = 0, recommends = 0;
  const std::regex complaint("Customer.*Complaints"), recommend("Customer.*Recommends");
  for (const auto& c : supplier_comments) {
    complaints += std::regex_search(c, complaint);
    recommends += std::regex_search(c, recommend);
    ASSERT_GE(c.size(), 25u);
    ASSERT_LE(c.size(), 100u);
  }
  // SF * 5 of each at SF 1, by the specification.
  EXPECT_GE(complaints, 1);
  EXPECT_LE(complaints, 15);
  EXPECT_GE(recommends, 1);
  EXPECT_LE(recommends, 15);
}

TEST(TpchGeneratorTest, TextPoolIsDeterministicSentences) {
  const TextPool a(4096, 7), b(4096, 7), c(4096, 8);
  EXPECT_EQ(a.text(), b.text());
  EXPECT_NE(a.text(), c.text());
  EXPECT_EQ(a.text().size(), 4096u);
  EXPECT_NE(a.text().find(". "), std::string_view::npos);
  for (char ch : a.text()) ASSERT_TRUE(std::islower(static_cast<unsigned char>(ch)) || std::string_view(" ,.;:?!-T'").find(ch) != std::string_view::npos) << ch;
}

TEST(TpchGeneratorTest, EmptyRangesGiveEmptyFrames) {
  const DataFrame df = generate_table(Table::kLineitem, kCounts, 10, 10);
  EXPECT_EQ(df.num_rows(), 0);
  EXPECT_EQ(df.schema(), table_schema(Table::kLineitem));
}

}  // namespace
}  // namespace floe::tpch
