// The ".str" namespace: string kernels registered as scalar functions. Prefix and suffix tests,
// lengths, character slicing and stripping live here; case mapping in string_case.cc, regex
// and literal matching and replacement in string_regex.cc.
#include <algorithm>
#include <array>
#include <vector>

#include "compute/function_registry.h"
#include "compute/string_kernel.h"
#include "core/utf8.h"

namespace floe::compute {

namespace {

DataType resolve_string_to(std::string_view fn, std::span<const DataType> types, DataType out) {
  expect_string_input(fn, types);
  return out;
}

/// Character counts from parameters are clamped so that offset arithmetic cannot overflow.
int64_t clamp_count(int64_t n) { return std::clamp<int64_t>(n, -(int64_t{1} << 60), int64_t{1} << 60); }

/// A required parameter that is absent is a caller error; a null one makes every row null.
void require_param(std::string_view fn, const FunctionOptions& options, size_t i, std::string_view name) {
  FLOE_USER_CHECK(i < options.params.size(), InvalidArgument, "{} requires the parameter '{}'", fn, name);
}

// --- starts_with / ends_with ---------------------------------------------------------------

ColumnPtr starts_with(const Column& in, const std::string& prefix) {
  const auto& buffers = in.data_buffers();
  const size_t plen = prefix.size();
  const size_t head = std::min<size_t>(plen, 4);
  return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [&](const StringView& v) -> uint8_t {
    if (v.size < plen) return 0;
    // Inline and out-of-line views both keep the first four bytes in place: most rows are
    // decided without touching the data buffers.
    if (std::memcmp(v.inlined, prefix.data(), head) != 0) return 0;
    if (plen <= 4) return 1;
    return std::memcmp(Column::view_string(v, buffers).data(), prefix.data(), plen) == 0;
  });
}

ColumnPtr ends_with(const Column& in, const std::string& suffix) {
  const auto& buffers = in.data_buffers();
  const size_t slen = suffix.size();
  return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [&](const StringView& v) -> uint8_t {
    if (v.size < slen) return 0;
    std::string_view s = Column::view_string(v, buffers);
    return std::memcmp(s.data() + s.size() - slen, suffix.data(), slen) == 0;
  });
}

ScalarFunction affix_function(std::string name, std::string param, bool prefix) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = prefix ? "Whether each string starts with the given prefix." : "Whether each string ends with the given suffix.";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    return resolve_string_to(name, types, TypeId::kBoolean);
  };
  fn.execute = [name, param, prefix](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input(name, args);
    require_param(name, options, 0, param);
    auto affix = string_param(name, options, 0, param);
    if (!affix) return all_null(TypeId::kBoolean, in.length());
    return prefix ? starts_with(in, *affix) : ends_with(in, *affix);
  };
  return fn;
}

// --- lengths ------------------------------------------------------------------------------------

ScalarFunction length_function(std::string name, bool chars) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = chars ? "Number of characters (Unicode code points) in each string." : "Number of bytes in each string.";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    return resolve_string_to(name, types, TypeId::kUInt32);
  };
  fn.execute = [name, chars](std::span<const ColumnPtr> args, const FunctionOptions&) {
    const Column& in = string_input(name, args);
    if (!chars) {
      return map_strings_to_fixed<uint32_t>(in, TypeId::kUInt32, [](const StringView& v) { return v.size; });
    }
    const auto& buffers = in.data_buffers();
    return map_strings_to_fixed<uint32_t>(in, TypeId::kUInt32, [&](const StringView& v) {
      return static_cast<uint32_t>(utf8::count_chars(Column::view_string(v, buffers)));
    });
  };
  return fn;
}

// --- slice / head / tail ------------------------------------------------------------------------

/// Byte range of characters [start, end) of `s` (character indexes already clamped, start <= end).
std::pair<size_t, size_t> char_range(std::string_view s, bool ascii, int64_t start, int64_t end) {
  if (ascii) return {static_cast<size_t>(start), static_cast<size_t>(end - start)};
  size_t b = utf8::advance_chars(s, 0, start);
  size_t e = utf8::advance_chars(s, b, end - start);
  return {b, e - b};
}

/// Polars' `str.slice(offset, length)` on one string: a negative offset counts from the end,
/// and the window [start, start + length) is clipped to the string. The window is computed in
/// 128 bits so that extreme parameters clip exactly as Polars' do.
std::pair<size_t, size_t> slice_one(std::string_view s, int64_t offset, std::optional<int64_t> length) {
  const bool ascii = utf8::is_ascii(s);
  if (offset >= 0 && !ascii) {
    // Walk forward only as far as needed: no full character count for long strings.
    size_t b = utf8::advance_chars(s, 0, offset);
    size_t e = length ? utf8::advance_chars(s, b, *length) : s.size();
    return {b, e - b};
  }
  const int64_t n = ascii ? static_cast<int64_t>(s.size()) : utf8::count_chars(s);
  const __int128 start = offset >= 0 ? __int128{offset} : __int128{n} + offset;
  const __int128 end = length ? start + *length : __int128{n};
  const auto first = static_cast<int64_t>(std::clamp<__int128>(start, 0, n));
  const auto last = static_cast<int64_t>(std::clamp<__int128>(end, first, n));
  return char_range(s, ascii, first, last);
}

ScalarFunction slice_function() {
  ScalarFunction fn;
  fn.name = "str.slice";
  fn.doc = "Substring by characters: params offset (negative counts from the end) and length (null: to the end).";
  fn.resolve = [](std::span<const DataType> types, const FunctionOptions&) {
    return resolve_string_to("str.slice", types, TypeId::kString);
  };
  fn.execute = [](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input("str.slice", args);
    require_param("str.slice", options, 0, "offset");
    auto offset = int_param("str.slice", options, 0, "offset");
    auto length = int_param("str.slice", options, 1, "length");
    if (!offset) return all_null(TypeId::kString, in.length());
    FLOE_USER_CHECK(!length || *length >= 0, InvalidArgument,
                    "str.slice: length must be non-negative or null, got {}", *length);
    return map_strings_to_substrings(in, [&](std::string_view s) { return slice_one(s, *offset, length); });
  };
  return fn;
}

/// `head(n)`: the first n characters, or all but the last -n when n is negative. `tail(n)`: the
/// last n characters, or all but the first -n.
ScalarFunction head_tail_function(std::string name, bool head) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = head ? "The first n characters (n < 0: all but the last -n)." : "The last n characters (n < 0: all but the first -n).";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    return resolve_string_to(name, types, TypeId::kString);
  };
  fn.execute = [name, head](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input(name, args);
    require_param(name, options, 0, "n");
    auto n = int_param(name, options, 0, "n");
    if (!n) return all_null(TypeId::kString, in.length());
    const int64_t k = clamp_count(*n);
    return map_strings_to_substrings(in, [&](std::string_view s) -> std::pair<size_t, size_t> {
      if (head) {
        size_t e = k >= 0 ? utf8::advance_chars(s, 0, k) : utf8::retreat_chars(s, s.size(), -k);
        return {0, e};
      }
      size_t b = k >= 0 ? utf8::retreat_chars(s, s.size(), k) : utf8::advance_chars(s, 0, -k);
      return {b, s.size() - b};
    });
  };
  return fn;
}

// --- strip_chars ----------------------------------------------------------------------------

/// The set of characters to strip: an ASCII table plus a short list of other code points, or
/// Unicode whitespace when no set is given.
class CharSet {
 public:
  CharSet() : whitespace_(true) {}
  explicit CharSet(std::string_view chars) : whitespace_(false) {
    ascii_.fill(false);
    for (size_t pos = 0; pos < chars.size();) {
      size_t len;
      char32_t c = utf8::decode(chars, pos, len);
      if (c < 0x80) {
        ascii_[c] = true;
      } else {
        other_.push_back(c);
      }
      pos += len;
    }
  }

  bool contains_ascii(uint8_t c) const {
    return whitespace_ ? utf8::is_whitespace(c) : ascii_[c];
  }
  bool contains(char32_t c) const {
    if (c < 0x80) return contains_ascii(static_cast<uint8_t>(c));
    if (whitespace_) return utf8::is_whitespace(c);
    return std::find(other_.begin(), other_.end(), c) != other_.end();
  }
  bool empty() const { return !whitespace_ && other_.empty() && std::find(ascii_.begin(), ascii_.end(), true) == ascii_.end(); }

 private:
  bool whitespace_;
  std::array<bool, 128> ascii_{};
  std::vector<char32_t> other_;
};

size_t strip_start(std::string_view s, const CharSet& set) {
  size_t pos = 0;
  while (pos < s.size()) {
    const auto b = static_cast<uint8_t>(s[pos]);
    if (b < 0x80) {
      if (!set.contains_ascii(b)) break;
      ++pos;
      continue;
    }
    size_t len;
    if (!set.contains(utf8::decode(s, pos, len))) break;
    pos += len;
  }
  return pos;
}

size_t strip_end(std::string_view s, size_t begin, const CharSet& set) {
  size_t end = s.size();
  while (end > begin) {
    const auto b = static_cast<uint8_t>(s[end - 1]);
    if (b < 0x80) {
      if (!set.contains_ascii(b)) break;
      --end;
      continue;
    }
    size_t start = std::max(utf8::previous_char_start(s, end), begin);
    size_t len;
    char32_t c = utf8::decode(s, start, len);
    if (start + len != end) {
      // A stray byte of invalid UTF-8: never part of the set, so stripping stops here.
      break;
    }
    if (!set.contains(c)) break;
    end = start;
  }
  return end;
}

enum class StripSide { kBoth, kStart, kEnd };

ScalarFunction strip_function(std::string name, StripSide side) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = "Removes leading and/or trailing characters of the given set (null: Unicode whitespace).";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    return resolve_string_to(name, types, TypeId::kString);
  };
  fn.execute = [name, side](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input(name, args);
    auto chars = string_param(name, options, 0, "characters");
    CharSet set = chars ? CharSet(*chars) : CharSet();
    if (set.empty()) return args[0];
    return map_strings_to_substrings(in, [&](std::string_view s) -> std::pair<size_t, size_t> {
      size_t b = side == StripSide::kEnd ? 0 : strip_start(s, set);
      size_t e = side == StripSide::kStart ? s.size() : strip_end(s, b, set);
      return {b, e - b};
    });
  };
  return fn;
}

}  // namespace

void register_string_functions(FunctionRegistry& registry) {
  registry.add(affix_function("str.starts_with", "prefix", true));
  registry.add(affix_function("str.ends_with", "suffix", false));
  registry.add(length_function("str.len_bytes", false));
  registry.add(length_function("str.len_chars", true));
  registry.add(slice_function());
  registry.add(head_tail_function("str.head", true));
  registry.add(head_tail_function("str.tail", false));
  registry.add(strip_function("str.strip_chars", StripSide::kBoth));
  registry.add(strip_function("str.strip_chars_start", StripSide::kStart));
  registry.add(strip_function("str.strip_chars_end", StripSide::kEnd));
  register_string_case_functions(registry);
  register_string_regex_functions(registry);
}

}  // namespace floe::compute
