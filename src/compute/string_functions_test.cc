// Tests of the ".str" scalar functions; expected values come from Polars 2.1 (snippets in comments).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "compute/function_registry.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

using OptString = std::optional<std::string>;
using Strings = std::vector<OptString>;
constexpr auto N = std::nullopt;

ColumnPtr make_strings(const Strings& values) { return testing::string_column(values); }

/// Resolves and runs `name` on `in`, checking that the output has the resolved type and the
/// input's length.
ColumnPtr run(const std::string& name, const ColumnPtr& in, std::vector<Scalar> params = {}) {
  const ScalarFunction& fn = FunctionRegistry::global().get(name);
  FunctionOptions options{std::move(params)};
  DataType t = in->type();
  DataType out_type = fn.resolve(std::span<const DataType>(&t, 1), options);
  ColumnPtr args[] = {in};
  ColumnPtr out = fn.execute(args, options);
  EXPECT_EQ(out->type(), out_type) << name;
  EXPECT_EQ(out->length(), in->length()) << name;
  return out;
}

Strings to_strings(const ColumnPtr& c) {
  EXPECT_EQ(c->type().id, TypeId::kString);
  Strings out;
  for (int64_t i = 0; i < c->length(); ++i) {
    if (c->is_null(i)) {
      out.push_back(N);
    } else {
      out.push_back(std::string(c->string_at(i)));
    }
  }
  return out;
}

template <typename T>
std::vector<std::optional<T>> to_values(const ColumnPtr& c) {
  std::vector<std::optional<T>> out;
  for (int64_t i = 0; i < c->length(); ++i) {
    if (c->is_null(i)) {
      out.push_back(std::nullopt);
    } else {
      out.push_back(c->values<T>()[i]);
    }
  }
  return out;
}

using Bools = std::vector<std::optional<uint8_t>>;
using U32s = std::vector<std::optional<uint32_t>>;

Scalar str(const std::string& s) { return Scalar::string(s); }
Scalar boolean(bool b) { return Scalar::boolean(b); }
Scalar int64(int64_t v) { return Scalar::int64(v); }
Scalar null_string() { return Scalar::null(TypeId::kString); }

// s = pl.Series("a", ["abc", None, "żółć", "日本語", "ß", "🎉x", "", "Hello World long string"])
const Strings kMixed = {"abc", N, "żółć", "日本語", "ß", "🎉x", "", "Hello World long string"};

// --- types ----------------------------------------------------------------------------------

TEST(StringFunctions, OutputTypesMatchPolars) {
  // [s.str.len_bytes().dtype, s.str.len_chars().dtype, s.str.contains("a").dtype] ->
  // [UInt32, UInt32, Boolean]
  auto in = make_strings({"a"});
  EXPECT_EQ(run("str.len_bytes", in)->type(), DataType(TypeId::kUInt32));
  EXPECT_EQ(run("str.len_chars", in)->type(), DataType(TypeId::kUInt32));
  EXPECT_EQ(run("str.contains", in, {str("a")})->type(), DataType(TypeId::kBoolean));
  EXPECT_EQ(run("str.starts_with", in, {str("a")})->type(), DataType(TypeId::kBoolean));
  EXPECT_EQ(run("str.ends_with", in, {str("a")})->type(), DataType(TypeId::kBoolean));
  for (const char* name : {"str.to_uppercase", "str.to_lowercase", "str.strip_chars", "str.strip_chars_start",
                           "str.strip_chars_end"}) {
    EXPECT_EQ(run(name, in)->type(), DataType(TypeId::kString)) << name;
  }
}

TEST(StringFunctions, WrongInputTypeIsSchemaError) {
  DataType i64 = TypeId::kInt64;
  for (const std::string name : {"str.contains", "str.starts_with", "str.ends_with", "str.len_bytes", "str.len_chars",
                                 "str.to_uppercase", "str.to_lowercase", "str.slice", "str.replace", "str.replace_all",
                                 "str.strip_chars", "str.strip_chars_start", "str.strip_chars_end", "str.head",
                                 "str.tail"}) {
    const ScalarFunction& fn = FunctionRegistry::global().get(name);
    try {
      fn.resolve(std::span<const DataType>(&i64, 1), FunctionOptions{{str("a"), str("b")}});
      ADD_FAILURE() << name << " accepted i64";
    } catch (const SchemaMismatch& e) {  // Polars raises SchemaError here
      EXPECT_EQ(std::string(e.what()), name + " expects a String column, got i64");
    }
    // execute checks too, so a plan that skipped resolve still gets a clear error.
    auto ints = Scalar::int64(1).to_column(2);
    ColumnPtr args[] = {ints};
    EXPECT_THROW(fn.execute(args, FunctionOptions{{str("a"), str("b")}}), SchemaMismatch) << name;
  }
}

TEST(StringFunctions, EmptyInputGivesEmptyOutput) {
  auto empty = make_strings({});
  const std::vector<std::pair<std::string, std::vector<Scalar>>> calls = {
      {"str.contains", {str("a.")}},    {"str.contains", {str("a"), boolean(true)}},
      {"str.starts_with", {str("a")}},  {"str.ends_with", {str("a")}},
      {"str.len_bytes", {}},            {"str.len_chars", {}},
      {"str.to_uppercase", {}},         {"str.to_lowercase", {}},
      {"str.slice", {int64(1), int64(2)}}, {"str.replace", {str("a+"), str("b")}},
      {"str.replace_all", {str("a"), str("b"), boolean(true)}}, {"str.strip_chars", {}},
      {"str.head", {int64(2)}},         {"str.tail", {int64(2)}}};
  for (const auto& [name, params] : calls) EXPECT_EQ(run(name, empty, params)->length(), 0) << name;
}

// --- contains / starts_with / ends_with ---------------------------------------------------------

TEST(StringFunctions, Contains) {
  auto in = make_strings(kMixed);
  // s.str.contains("ó") -> [False, None, True, False, False, False, False, False]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("ó")})), (Bools{0, N, 1, 0, 0, 0, 0, 0}));
  // s.str.contains("^[a-z]+$") -> [True, None, False, False, False, False, False, False]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("^[a-z]+$")})), (Bools{1, N, 0, 0, 0, 0, 0, 0}));
  // s.str.contains("本.") -> [False, None, False, True, False, False, False, False]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("本.")})), (Bools{0, N, 0, 1, 0, 0, 0, 0}));
  // s.str.contains("(?i)WORLD") -> last True only
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("(?i)WORLD")})), (Bools{0, N, 0, 0, 0, 0, 0, 1}));
  // s.str.contains("") -> all True (nulls stay null)
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("")})), (Bools{1, N, 1, 1, 1, 1, 1, 1}));
}

TEST(StringFunctions, ContainsLiteralTreatsRegexCharactersAsText) {
  // pl.Series(["a.b", "ab", "a(b"]).str.contains("(", literal=True) -> [False, False, True]
  auto in = make_strings({"a.b", "ab", "a(b"});
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("("), boolean(true)})), (Bools{0, 0, 1}));
  // .str.contains(".", literal=True) -> [True, False, False]; as a regex "." matches all
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("."), boolean(true)})), (Bools{1, 0, 0}));
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str(".")})), (Bools{1, 1, 1}));
  // A long haystack out of line.
  auto long_in = make_strings({"a long string with a needle (in it)", "a long string without one"});
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", long_in, {str("(in it)"), boolean(true)})), (Bools{1, 0}));
}

TEST(StringFunctions, ContainsUsesRustRegexClasses) {
  // pl.Series(["٣", "x"]).str.contains(r"\d") -> [True, False]: Rust's \d is Unicode
  auto in = make_strings({"٣", "x", "a b", "a\u00a0b", "żółw"});
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str(R"(\d)")})), (Bools{1, 0, 0, 0, 0}));
  // pl.Series(["a\u00a0b"]).str.contains(r"a\sb") -> [True]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str(R"(a\sb)")})), (Bools{0, 0, 1, 1, 0}));
  // pl.Series(["żółw"]).str.contains(r"^\w+$") -> [True]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str(R"(^\w+$)")})), (Bools{1, 1, 0, 0, 1}));
  // pl.Series(["abc"]).str.contains(r"(?<n>b)") -> [True]: Rust's named-group syntax
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", make_strings({"abc"}), {str("(?<n>b)")})), (Bools{1}));
}

TEST(StringFunctions, ContainsBadRegex) {
  auto in = make_strings({"abc", N});
  try {
    run("str.contains", in, {str("(")});
    ADD_FAILURE() << "no error";
  } catch (const ComputeError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("str.contains"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'('"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing )"), std::string::npos) << msg;  // RE2's own words
  }
  // s.str.contains("(", strict=False) -> [None, None]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("("), boolean(false), boolean(false)})), (Bools{N, N}));
  // A null pattern gives nulls: s.str.contains(pl.lit(None, pl.String)) -> [None, None]
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {null_string()})), (Bools{N, N}));
}

TEST(StringFunctions, StartsAndEndsWith) {
  auto in = make_strings(kMixed);
  // s.str.starts_with("ab") -> [True, None, False, False, False, False, False, False]
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("ab")})), (Bools{1, N, 0, 0, 0, 0, 0, 0}));
  // s.str.ends_with("ć") -> [False, None, True, False, False, False, False, False]
  EXPECT_EQ(to_values<uint8_t>(run("str.ends_with", in, {str("ć")})), (Bools{0, N, 1, 0, 0, 0, 0, 0}));
  // Prefixes longer than the 4 inline bytes, and matching only in the first 4 bytes.
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("Hello World")})), (Bools{0, N, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("HellX")})), (Bools{0, N, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("日本")})), (Bools{0, N, 0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("🎉")})), (Bools{0, N, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(to_values<uint8_t>(run("str.ends_with", in, {str("long string")})), (Bools{0, N, 0, 0, 0, 0, 0, 1}));
  // s.str.starts_with("") -> all True
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {str("")})), (Bools{1, N, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(to_values<uint8_t>(run("str.ends_with", in, {str("")})), (Bools{1, N, 1, 1, 1, 1, 1, 1}));
  // s.str.starts_with(pl.lit(None, pl.String)) -> all None
  EXPECT_EQ(to_values<uint8_t>(run("str.starts_with", in, {null_string()})), (Bools(8, N)));
}

// --- lengths ------------------------------------------------------------------------------------

TEST(StringFunctions, Lengths) {
  auto in = make_strings(kMixed);
  // s.str.len_bytes() -> [3, None, 8, 9, 2, 5, 0, 23]
  EXPECT_EQ(to_values<uint32_t>(run("str.len_bytes", in)), (U32s{3, N, 8, 9, 2, 5, 0, 23}));
  // s.str.len_chars() -> [3, None, 4, 3, 1, 2, 0, 23]
  EXPECT_EQ(to_values<uint32_t>(run("str.len_chars", in)), (U32s{3, N, 4, 3, 1, 2, 0, 23}));
}

TEST(StringFunctions, InvalidUtf8DoesNotCrash) {
  // Readers reject invalid UTF-8, but kernels must stay in bounds if it slips through.
  auto in = make_strings({"\xff\xfe", "ab\xc3", "\xe6\x97", "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80"});
  EXPECT_EQ(to_values<uint32_t>(run("str.len_chars", in)), (U32s{2, 3, 1, 0}));
  for (int64_t offset : {-20, -3, -1, 0, 1, 2, 5}) {
    auto out = to_strings(run("str.slice", in, {int64(offset), int64(2)}));
    for (const auto& s : out) EXPECT_LE(s->size(), 14u);
  }
  to_strings(run("str.head", in, {int64(-1)}));
  to_strings(run("str.tail", in, {int64(1)}));
  to_strings(run("str.strip_chars", in, {str("\xc3")}));
  to_strings(run("str.strip_chars_end", in));
  to_strings(run("str.to_uppercase", in));
}

// --- case -----------------------------------------------------------------------------------------

TEST(StringFunctions, CaseMapping) {
  auto in = make_strings(kMixed);
  // s.str.to_uppercase() -> ['ABC', None, 'ŻÓŁĆ', '日本語', 'SS', '🎉X', '', 'HELLO WORLD LONG STRING']
  EXPECT_EQ(to_strings(run("str.to_uppercase", in)),
            (Strings{"ABC", N, "ŻÓŁĆ", "日本語", "SS", "🎉X", "", "HELLO WORLD LONG STRING"}));
  // s.str.to_lowercase() -> ['abc', None, 'żółć', '日本語', 'ß', '🎉x', '', 'hello world long string']
  EXPECT_EQ(to_strings(run("str.to_lowercase", in)),
            (Strings{"abc", N, "żółć", "日本語", "ß", "🎉x", "", "hello world long string"}));
}

TEST(StringFunctions, CaseMappingSpecialCases) {
  // pl.Series(["ΣΑΣ ΟΔΟΣ", "İx", "ŉ ǰ ﬀ", "ΌΣΟΣ", "ŻÓŁĆ ŻÓŁĆ ŻÓŁĆ"]).str.to_lowercase()
  //   -> ['σας οδος', 'i̇x', 'ŉ ǰ ﬀ', 'όσος', 'żółć żółć żółć']   (final sigma, dotted I)
  auto in = make_strings({"ΣΑΣ ΟΔΟΣ", "İx", "ŉ ǰ ﬀ", "ΌΣΟΣ", "ŻÓŁĆ ŻÓŁĆ ŻÓŁĆ"});
  EXPECT_EQ(to_strings(run("str.to_lowercase", in)),
            (Strings{"σας οδος", "i\u0307x", "ŉ ǰ ﬀ", "όσος", "żółć żółć żółć"}));
  // .str.to_uppercase() -> ['ΣΑΣ ΟΔΟΣ', 'İX', 'ʼN J̌ FF', 'ΌΣΟΣ', 'ŻÓŁĆ ŻÓŁĆ ŻÓŁĆ']
  EXPECT_EQ(to_strings(run("str.to_uppercase", in)),
            (Strings{"ΣΑΣ ΟΔΟΣ", "İX", "ʼN J\u030C FF", "ΌΣΟΣ", "ŻÓŁĆ ŻÓŁĆ ŻÓŁĆ"}));
  // pl.Series(["straße", "ΐ"]).str.to_uppercase() -> ['STRASSE', 'Ϊ́']  (ΐ grows to 3 code points)
  EXPECT_EQ(to_strings(run("str.to_uppercase", make_strings({"straße", "\u0390"}))),
            (Strings{"STRASSE", "\u0399\u0308\u0301"}));
}

// --- slice / head / tail ------------------------------------------------------------------------

TEST(StringFunctions, Slice) {
  auto in = make_strings(kMixed);
  // s.str.slice(1, 2) -> ['bc', None, 'ół', '本語', '', 'x', '', 'el']
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(1), int64(2)})), (Strings{"bc", N, "ół", "本語", "", "x", "", "el"}));
  // s.str.slice(-2) -> ['bc', None, 'łć', '本語', 'ß', '🎉x', '', 'ng']
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(-2)})), (Strings{"bc", N, "łć", "本語", "ß", "🎉x", "", "ng"}));
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(-2), Scalar::null(TypeId::kInt64)})),
            (Strings{"bc", N, "łć", "本語", "ß", "🎉x", "", "ng"}));
  // s.str.slice(-100, 3) and s.str.slice(100) -> all ''
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(-100), int64(3)})), (Strings{"", N, "", "", "", "", "", ""}));
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(100)})), (Strings{"", N, "", "", "", "", "", ""}));
  // pl.Series(["abc", "żółć", "Hello World long string"]).str.slice(-4, 2) -> ['a', 'żó', 'ri']
  auto three = make_strings({"abc", "żółć", "Hello World long string"});
  EXPECT_EQ(to_strings(run("str.slice", three, {int64(-4), int64(2)})), (Strings{"a", "żó", "ri"}));
  // .str.slice(-4, 0) -> ['', '', '']; .str.slice(1) -> ['bc', 'ółć', 'ello World long string']
  EXPECT_EQ(to_strings(run("str.slice", three, {int64(-4), int64(0)})), (Strings{"", "", ""}));
  EXPECT_EQ(to_strings(run("str.slice", three, {int64(1)})), (Strings{"bc", "ółć", "ello World long string"}));
  // A null offset gives nulls (pl.lit(None, pl.Int64) as offset -> all None).
  EXPECT_EQ(to_strings(run("str.slice", three, {Scalar::null(TypeId::kInt64), int64(2)})), (Strings{N, N, N}));
  // Polars rejects a negative length (conversion to u64 fails).
  EXPECT_THROW(run("str.slice", three, {int64(1), int64(-1)}), InvalidArgument);
  // Extreme values clip exactly: .str.slice(-(2**63), 2**63 - 1) -> ['ab', 'żół', 'Hello World long strin']
  EXPECT_EQ(to_strings(run("str.slice", three, {int64(INT64_MIN), int64(INT64_MAX)})),
            (Strings{"ab", "żół", "Hello World long strin"}));
  EXPECT_EQ(to_strings(run("str.slice", three, {int64(INT64_MAX), int64(INT64_MAX)})), (Strings{"", "", ""}));
}

TEST(StringFunctions, SliceSharesTheInputBuffers) {
  auto in = make_strings({"a string well past twelve bytes, żółć at the end", "short"});
  auto out = run("str.slice", in, {int64(2), int64(30)});
  EXPECT_EQ(to_strings(out), (Strings{"string well past twelve bytes,", "ort"}));
  ASSERT_EQ(out->data_buffers().size(), in->data_buffers().size());
  EXPECT_EQ(out->data_buffers()[0], in->data_buffers()[0]);  // zero copy
  const StringView& v = out->values<StringView>()[0];
  EXPECT_FALSE(v.is_inline());
  EXPECT_EQ(v.ref.offset, in->values<StringView>()[0].ref.offset + 2);
  EXPECT_EQ(std::string(v.ref.prefix, 4), "stri");
  // Characters, not bytes: the slice of the non-ASCII tail.
  // t.str.slice(-10, 4) -> ['at t', '']; t.str.slice(-15, 4) -> ['żółć', '']
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(-10), int64(4)})), (Strings{"at t", ""}));
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(-15), int64(4)})), (Strings{"żółć", ""}));
}

TEST(StringFunctions, HeadAndTail) {
  auto in = make_strings(kMixed);
  // s.str.head(2) -> ['ab', None, 'żó', '日本', 'ß', '🎉x', '', 'He']
  EXPECT_EQ(to_strings(run("str.head", in, {int64(2)})), (Strings{"ab", N, "żó", "日本", "ß", "🎉x", "", "He"}));
  // s.str.tail(2) -> ['bc', None, 'łć', '本語', 'ß', '🎉x', '', 'ng']
  EXPECT_EQ(to_strings(run("str.tail", in, {int64(2)})), (Strings{"bc", N, "łć", "本語", "ß", "🎉x", "", "ng"}));
  // s.str.head(-2) -> ['a', None, 'żó', '日', '', '', '', 'Hello World long stri']
  EXPECT_EQ(to_strings(run("str.head", in, {int64(-2)})),
            (Strings{"a", N, "żó", "日", "", "", "", "Hello World long stri"}));
  // s.str.tail(-2) -> ['c', None, 'łć', '語', '', '', '', 'llo World long string']
  EXPECT_EQ(to_strings(run("str.tail", in, {int64(-2)})),
            (Strings{"c", N, "łć", "語", "", "", "", "llo World long string"}));
  // s.str.head(pl.lit(None, pl.Int64)) -> all None
  EXPECT_EQ(to_strings(run("str.head", in, {Scalar::null(TypeId::kInt64)})), (Strings(8, N)));
  EXPECT_EQ(to_strings(run("str.head", in, {int64(0)})), (Strings{"", N, "", "", "", "", "", ""}));
  EXPECT_EQ(to_strings(run("str.tail", in, {int64(INT64_MIN)})), (Strings{"", N, "", "", "", "", "", ""}));
  EXPECT_THROW(run("str.head", in, {}), InvalidArgument);
}

// --- replace --------------------------------------------------------------------------------------

TEST(StringFunctions, ReplaceFirstAndAll) {
  auto in = make_strings(kMixed);
  // s.str.replace("o", "0") -> [..., 'Hell0 World long string']
  EXPECT_EQ(to_strings(run("str.replace", in, {str("o"), str("0")})),
            (Strings{"abc", N, "żółć", "日本語", "ß", "🎉x", "", "Hell0 World long string"}));
  // s.str.replace_all("o", "0") -> [..., 'Hell0 W0rld l0ng string']
  EXPECT_EQ(to_strings(run("str.replace_all", in, {str("o"), str("0")})),
            (Strings{"abc", N, "żółć", "日本語", "ß", "🎉x", "", "Hell0 W0rld l0ng string"}));
  // s.str.replace_all("[ół]", "_") -> 'ż__ć'
  EXPECT_EQ(to_strings(run("str.replace_all", in, {str("[ół]"), str("_")}))[2], "ż__ć");
  // s.str.replace("本", "x") -> '日x語'
  EXPECT_EQ(to_strings(run("str.replace", in, {str("本"), str("x")}))[3], "日x語");
}

TEST(StringFunctions, ReplaceTemplates) {
  auto hello = make_strings({"Hello World long string"});
  auto one = [&](const std::string& pattern, const std::string& value) {
    return *to_strings(run("str.replace", hello, {str(pattern), str(value)}))[0];
  };
  // pl.Series(["Hello World long string"]).str.replace(pattern, value):
  EXPECT_EQ(one("(l+)", "<$1>"), "He<ll>o World long string");
  EXPECT_EQ(one("(?<n>l+)", "<${n}>"), "He<ll>o World long string");
  EXPECT_EQ(one("(?P<n>l+)", "<$n>"), "He<ll>o World long string");
  EXPECT_EQ(one("l+", "<$0>"), "He<ll>o World long string");
  EXPECT_EQ(one("l+", "$$"), "He$o World long string");
  EXPECT_EQ(one("(l)", "$1x"), "Helo World long string");  // "$1x" names group "1x": empty
  EXPECT_EQ(one("(l)", R"(\1)"), R"(He\1lo World long string)");
  auto abc = make_strings({"abc"});
  auto small = [&](const std::string& pattern, const std::string& value) {
    return *to_strings(run("str.replace", abc, {str(pattern), str(value)}))[0];
  };
  // pl.Series(["abc"]).str.replace(pattern, value):
  EXPECT_EQ(small("b", "x$"), "ax$c");
  EXPECT_EQ(small("(b)", "${1}x"), "abxc");
  EXPECT_EQ(small("(b)", "${1x"), "a${1xc");
  EXPECT_EQ(small("(b)", "$ 1"), "a$ 1c");
  EXPECT_EQ(small("(b)", "[$2]"), "a[]c");
  EXPECT_EQ(small("(?P<name_1>b)", "[$name_1]"), "a[b]c");
}

TEST(StringFunctions, ReplaceLiteralAndCounts) {
  auto hello = make_strings({"Hello World long string"});
  auto rep = [&](std::vector<Scalar> params) { return *to_strings(run("str.replace", hello, std::move(params)))[0]; };
  // .str.replace("l", "$1", literal=True) -> 'He$1lo World long string'
  EXPECT_EQ(rep({str("l"), str("$1"), boolean(true)}), "He$1lo World long string");
  // .str.replace("l", "L", n=2) -> 'HeLLo World long string'; n=0: unchanged; n=-1: all
  EXPECT_EQ(rep({str("l"), str("L"), boolean(false), int64(2)}), "HeLLo World long string");
  EXPECT_EQ(rep({str("l"), str("L"), boolean(true), int64(2)}), "HeLLo World long string");
  EXPECT_EQ(rep({str("l"), str("L"), boolean(false), int64(0)}), "Hello World long string");
  EXPECT_EQ(rep({str("l"), str("L"), boolean(false), int64(-1)}), "HeLLo WorLd Long string");
  // Polars has no regex replace with n > 1 ("not yet supported"); Floe replaces the first n.
  EXPECT_EQ(rep({str("(l)"), str("<$1>"), boolean(false), int64(3)}), "He<l><l>o Wor<l>d long string");
  // pl.Series(["a.b.c.d"]).str.replace(".", "$0", n=2, literal=True) -> 'a$0b$0c.d'
  auto dots = make_strings({"a.b.c.d"});
  EXPECT_EQ(*to_strings(run("str.replace", dots, {str("."), str("$0"), boolean(true), int64(2)}))[0], "a$0b$0c.d");
  // .str.replace_all(".", "-", literal=True) -> 'a-b-c-d'
  EXPECT_EQ(*to_strings(run("str.replace_all", dots, {str("."), str("-"), boolean(true)}))[0], "a-b-c-d");
  // pl.Series(["aaa"]).str.replace("a", "b", n=2) -> 'bba'
  EXPECT_EQ(*to_strings(run("str.replace", make_strings({"aaa"}), {str("a"), str("b"), boolean(false), int64(2)}))[0],
            "bba");
}

TEST(StringFunctions, ReplaceEmptyMatches) {
  auto in = make_strings({"abc", "żółć", "Hello World long string"});
  // .str.replace("", "-") -> ['-abc', '-żółć', '-Hello World long string']
  EXPECT_EQ(to_strings(run("str.replace", in, {str(""), str("-")})),
            (Strings{"-abc", "-żółć", "-Hello World long string"}));
  EXPECT_EQ(to_strings(run("str.replace", in, {str(""), str("-"), boolean(true)})),
            (Strings{"-abc", "-żółć", "-Hello World long string"}));
  // .str.replace_all("", "-") (regex or literal) -> ['-a-b-c-', '-ż-ó-ł-ć-', '-H-e-l-l-o- -W-o-...-g-']
  const Strings all = {"-a-b-c-", "-ż-ó-ł-ć-", "-H-e-l-l-o- -W-o-r-l-d- -l-o-n-g- -s-t-r-i-n-g-"};
  EXPECT_EQ(to_strings(run("str.replace_all", in, {str(""), str("-")})), all);
  EXPECT_EQ(to_strings(run("str.replace_all", in, {str(""), str("-"), boolean(true)})), all);
  // .str.replace_all("l*", "-") -> [..., '-H-e-o- -W-o-r-d- -o-n-g- -s-t-r-i-n-g-']
  EXPECT_EQ(*to_strings(run("str.replace_all", in, {str("l*"), str("-")}))[2],
            "-H-e-o- -W-o-r-d- -o-n-g- -s-t-r-i-n-g-");
  // pl.Series(["日本"]).str.replace_all("", "|") -> '|日|本|'
  EXPECT_EQ(*to_strings(run("str.replace_all", make_strings({"日本"}), {str(""), str("|")}))[0], "|日|本|");
}

TEST(StringFunctions, ReplaceErrors) {
  auto in = make_strings({"abc"});
  // pl.Series(["abc"]).str.replace_all("(", "-") -> ComputeError: regex parse error
  EXPECT_THROW(run("str.replace_all", in, {str("("), str("-")}), ComputeError);
  // A null pattern is an error in Polars ("pattern cannot be 'null'"); so is a null value here.
  EXPECT_THROW(run("str.replace", in, {null_string(), str("x")}), InvalidArgument);
  EXPECT_THROW(run("str.replace", in, {str("a"), null_string()}), InvalidArgument);
  EXPECT_THROW(run("str.replace", in, {str("a"), int64(1)}), InvalidArgument);
}

// --- strip ----------------------------------------------------------------------------------------

TEST(StringFunctions, StripWhitespace) {
  // s = pl.Series(["abc", "  x y\t\n", "\u00a0\u2003z\u3000", None, "  a long string with spaces  "])
  auto in = make_strings({"abc", "  x y\t\n", "\u00a0\u2003z\u3000", N, "  a long string with spaces  "});
  // s.str.strip_chars() -> ['abc', 'x y', 'z', None, 'a long string with spaces']
  EXPECT_EQ(to_strings(run("str.strip_chars", in)), (Strings{"abc", "x y", "z", N, "a long string with spaces"}));
  EXPECT_EQ(to_strings(run("str.strip_chars", in, {null_string()})),
            (Strings{"abc", "x y", "z", N, "a long string with spaces"}));
  // s.str.strip_chars_start() -> ['abc', 'x y\t\n', 'z\u3000', None, 'a long string with spaces  ']
  EXPECT_EQ(to_strings(run("str.strip_chars_start", in)),
            (Strings{"abc", "x y\t\n", "z\u3000", N, "a long string with spaces  "}));
  // s.str.strip_chars_end() -> ['abc', '  x y', '\xa0\u2003z', None, '  a long string with spaces']
  EXPECT_EQ(to_strings(run("str.strip_chars_end", in)),
            (Strings{"abc", "  x y", "\u00a0\u2003z", N, "  a long string with spaces"}));
  // Zero copy: the long result points into the input's buffer.
  auto out = run("str.strip_chars", in);
  EXPECT_EQ(out->data_buffers()[0], in->data_buffers()[0]);
  EXPECT_EQ(out->values<StringView>()[4].ref.offset, in->values<StringView>()[4].ref.offset + 2);
}

TEST(StringFunctions, StripCharacterSets) {
  auto in = make_strings({"abc", "żółć", "Hello World long string"});
  // .str.strip_chars("agbc") -> ['', 'żółć', 'Hello World long strin']
  EXPECT_EQ(to_strings(run("str.strip_chars", in, {str("agbc")})), (Strings{"", "żółć", "Hello World long strin"}));
  // .str.strip_chars_start("Hab") -> ['c', 'żółć', 'ello World long string']
  EXPECT_EQ(to_strings(run("str.strip_chars_start", in, {str("Hab")})),
            (Strings{"c", "żółć", "ello World long string"}));
  // .str.strip_chars_end("gnćc") -> ['ab', 'żół', 'Hello World long stri']
  EXPECT_EQ(to_strings(run("str.strip_chars_end", in, {str("gnćc")})), (Strings{"ab", "żół", "Hello World long stri"}));
  // .str.strip_chars("") -> unchanged; .str.strip_chars("żć") -> ['abc', 'ół', 'Hello World long string']
  EXPECT_EQ(to_strings(run("str.strip_chars", in, {str("")})), (Strings{"abc", "żółć", "Hello World long string"}));
  EXPECT_EQ(to_strings(run("str.strip_chars", in, {str("żć")})), (Strings{"abc", "ół", "Hello World long string"}));
  // Emoji and regex characters are plain members of the set.
  EXPECT_EQ(to_strings(run("str.strip_chars", make_strings({"🎉.*x*.🎉", "..."}), {str(".*🎉")})), (Strings{"x", ""}));
}

TEST(StringFunctions, NullsAtEveryPosition) {
  // Inputs whose first, middle and last rows are null, out-of-line values around them.
  auto in = make_strings({N, "a long string of text", N, "abc", N});
  EXPECT_EQ(to_strings(run("str.to_uppercase", in)), (Strings{N, "A LONG STRING OF TEXT", N, "ABC", N}));
  EXPECT_EQ(to_strings(run("str.replace_all", in, {str("[aeiou]"), str("")})), (Strings{N, " lng strng f txt", N, "bc", N}));
  EXPECT_EQ(to_strings(run("str.slice", in, {int64(2), int64(11)})), (Strings{N, "long string", N, "c", N}));
  EXPECT_EQ(to_values<uint32_t>(run("str.len_chars", in)), (U32s{N, 21, N, 3, N}));
  EXPECT_EQ(to_values<uint8_t>(run("str.contains", in, {str("t.x")})), (Bools{N, 1, N, 0, N}));
}

}  // namespace
}  // namespace floe::compute
