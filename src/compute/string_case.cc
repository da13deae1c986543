// ".str.to_uppercase" and ".str.to_lowercase": full Unicode case mapping through ICU (as Rust's
// `str::to_uppercase` does: ß -> SS, final sigma), with an ASCII fast path that skips ICU.
#include <unicode/ucasemap.h>

#include <memory>

#include "compute/string_kernel.h"
#include "core/utf8.h"

namespace floe::compute {

namespace {

struct CaseMapCloser {
  void operator()(UCaseMap* m) const { ucasemap_close(m); }
};
using CaseMapPtr = std::unique_ptr<UCaseMap, CaseMapCloser>;

/// Case-maps one string with ICU into `scratch` (grown and retried when too small).
std::string_view icu_case_map(const UCaseMap* map, bool upper, std::string_view s, std::string& scratch) {
  // Upper-casing can triple a string's length (e.g. U+0390 becomes three code points).
  if (scratch.size() < s.size() * 3 + 16) scratch.resize(s.size() * 3 + 16);
  for (;;) {
    UErrorCode status = U_ZERO_ERROR;
    auto fn = upper ? ucasemap_utf8ToUpper : ucasemap_utf8ToLower;
    int32_t n = fn(map, scratch.data(), static_cast<int32_t>(scratch.size()), s.data(),
                   static_cast<int32_t>(s.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      scratch.resize(static_cast<size_t>(n) + 16);
      continue;
    }
    FLOE_USER_CHECK(U_SUCCESS(status), ComputeError, "str.to_{}case failed: {}", upper ? "upper" : "lower",
                    u_errorName(status));
    return {scratch.data(), static_cast<size_t>(n)};
  }
}

ScalarFunction case_function(std::string name, bool upper) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = upper ? "Each string in upper case (full Unicode mapping, e.g. ß -> SS)." : "Each string in lower case (full Unicode mapping).";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    expect_string_input(name, types);
    return DataType(TypeId::kString);
  };
  fn.execute = [name, upper](std::span<const ColumnPtr> args, const FunctionOptions&) {
    const Column& in = string_input(name, args);
    CaseMapPtr map;  // opened on the first non-ASCII string only
    return map_strings(in, [&](std::string_view s, std::string& scratch) -> std::string_view {
      if (utf8::is_ascii(s)) {
        if (scratch.size() < s.size()) scratch.resize(s.size());
        char* out = scratch.data();
        const char delta = 'a' - 'A';
        if (upper) {
          for (size_t i = 0; i < s.size(); ++i) out[i] = s[i] >= 'a' && s[i] <= 'z' ? static_cast<char>(s[i] - delta) : s[i];
        } else {
          for (size_t i = 0; i < s.size(); ++i) out[i] = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] + delta) : s[i];
        }
        return {out, s.size()};
      }
      if (!map) {
        UErrorCode status = U_ZERO_ERROR;
        // The root locale: no Turkish dotless-i or Lithuanian rules, as in Rust.
        map.reset(ucasemap_open("", 0, &status));
        FLOE_USER_CHECK(U_SUCCESS(status), ComputeError, "{}: cannot open ICU case mapping: {}", name,
                        u_errorName(status));
      }
      return icu_case_map(map.get(), upper, s, scratch);
    });
  };
  return fn;
}

}  // namespace

void register_string_case_functions(FunctionRegistry& registry) {
  registry.add(case_function("str.to_uppercase", true));
  registry.add(case_function("str.to_lowercase", false));
}

}  // namespace floe::compute
