// ".str.contains", ".str.replace" and ".str.replace_all": literal search (SubstringFinder) and regular
// expressions with RE2, taking Polars' (Rust regex) pattern and replacement syntax.
#include <re2/re2.h>

#include <list>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "compute/string_kernel.h"
#include "compute/substring_search.h"
#include "core/utf8.h"

namespace floe::compute {

namespace {

// --- patterns ---------------------------------------------------------------------------------

// Rust's Unicode-aware Perl classes, spelled in RE2 syntax (RE2's own \d \s \w are ASCII only).
constexpr std::string_view kSpaceItems = R"(\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000})";
constexpr std::string_view kWordItems = R"(\p{L}\p{M}\p{Nd}\p{Pc})";

/// Rewrites a Rust regex pattern into RE2 syntax: `(?<name>` becomes `(?P<name>`, and \d \s \w
/// (and their negations outside classes) get Rust's Unicode meaning. Everything else is shared
/// syntax and passes through unchanged.
std::string translate_pattern(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 16);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      ++i;
      if (e == 'd') {
        out += "\\p{Nd}";
      } else if (e == 'D' && !in_class) {
        out += "\\P{Nd}";
      } else if (e == 's') {
        out += in_class ? std::string(kSpaceItems) : fmt::format("[{}]", kSpaceItems);
      } else if (e == 'S' && !in_class) {
        out += fmt::format("[^{}]", kSpaceItems);
      } else if (e == 'w') {
        out += in_class ? std::string(kWordItems) : fmt::format("[{}]", kWordItems);
      } else if (e == 'W' && !in_class) {
        out += fmt::format("[^{}]", kWordItems);
      } else {
        out += c;
        out += e;
      }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member, not the end of the class.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == '(' && p.substr(i, 3) == "(?<" && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

/// True when `p` has no regex syntax, so it matches exactly its own bytes.
bool is_plain_literal(std::string_view p) {
  return p.find_first_of("\\.^$|?*+()[]{}") == std::string_view::npos;
}

/// Compiled patterns are kept in a small process-wide cache: every morsel of a query calls the
/// kernel with the same pattern, and compiling is far slower than matching a morsel.
class RegexCache {
 public:
  std::shared_ptr<const RE2> get(const std::string& pattern, std::string* error) {
    std::lock_guard lock(mutex_);
    if (auto it = map_.find(pattern); it != map_.end()) {
      order_.splice(order_.begin(), order_, it->second.second);
      return it->second.first;
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<const RE2>(translate_pattern(pattern), options);
    if (!re->ok()) {
      *error = re->error();
      return nullptr;
    }
    order_.push_front(pattern);
    map_[pattern] = {re, order_.begin()};
    if (map_.size() > kCapacity) {
      map_.erase(order_.back());
      order_.pop_back();
    }
    return re;
  }

 private:
  static constexpr size_t kCapacity = 128;
  std::mutex mutex_;
  std::list<std::string> order_;  // most recently used first
  std::unordered_map<std::string, std::pair<std::shared_ptr<const RE2>, std::list<std::string>::iterator>> map_;
};

RegexCache& regex_cache() {
  static RegexCache cache;
  return cache;
}

/// The compiled regex, or nullptr for an invalid one when `strict` is false; throws otherwise.
std::shared_ptr<const RE2> compile(std::string_view fn, const std::string& pattern, bool strict = true) {
  std::string error;
  auto re = regex_cache().get(pattern, &error);
  FLOE_USER_CHECK(re || !strict, ComputeError, "{}: invalid regex pattern '{}': {}", fn, pattern, error);
  return re;
}

// --- contains -------------------------------------------------------------------------------

ColumnPtr contains_literal(const Column& in, const std::string& needle) {
  const auto& buffers = in.data_buffers();
  if (needle.empty()) return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [](const StringView&) -> uint8_t { return 1; });
  const SubstringFinder finder(needle);
  return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [&](const StringView& v) -> uint8_t {
    if (v.size < needle.size()) return 0;
    return finder.found_in(Column::view_string(v, buffers));
  });
}

ColumnPtr contains_regex(const Column& in, const RE2& re) {
  const auto& buffers = in.data_buffers();
  return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [&](const StringView& v) -> uint8_t {
    return RE2::PartialMatch(Column::view_string(v, buffers), re);
  });
}

/// `pieces` joined by ".*": searched for as literals, except in strings with a newline.
ColumnPtr contains_sequence(const Column& in, const std::vector<std::string>& pieces, const RE2& re) {
  const auto& buffers = in.data_buffers();
  const LiteralSequence sequence(pieces);
  return map_strings_to_fixed<uint8_t>(in, TypeId::kBoolean, [&](const StringView& v) -> uint8_t {
    std::string_view s = Column::view_string(v, buffers);
    if (std::memchr(s.data(), '\n', s.size()) != nullptr) return RE2::PartialMatch(s, re);
    return sequence.matches(s);
  });
}

ScalarFunction contains_function() {
  ScalarFunction fn;
  fn.name = "str.contains";
  fn.doc = "Whether each string contains a match of the pattern: params pattern, literal (false), strict (true: an invalid regex is an error, else null).";
  fn.resolve = [](std::span<const DataType> types, const FunctionOptions& options) {
    expect_string_input("str.contains", types);
    return DataType(TypeId::kBoolean);
  };
  fn.execute = [](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input("str.contains", args);
    FLOE_USER_CHECK(!options.params.empty(), InvalidArgument, "str.contains requires the parameter 'pattern'");
    auto pattern = string_param("str.contains", options, 0, "pattern");
    bool literal = bool_param("str.contains", options, 1, "literal", false);
    bool strict = bool_param("str.contains", options, 2, "strict", true);
    if (!pattern) return all_null(TypeId::kBoolean, in.length());
    if (literal || is_plain_literal(*pattern)) return contains_literal(in, *pattern);
    auto re = compile("str.contains", *pattern, strict);
    if (!re) return all_null(TypeId::kBoolean, in.length());
    if (auto pieces = LiteralSequence::split(*pattern); !pieces.empty()) return contains_sequence(in, pieces, *re);
    return contains_regex(in, *re);
  };
  return fn;
}

// --- replacement templates ----------------------------------------------------------------------

/// A replacement string split into literal text and capture-group references, following Rust's
/// `Captures::expand`: `$1`, `$name`, `${name}`, `$$` for a dollar sign; a reference to a group
/// that does not exist expands to nothing.
struct Template {
  struct Piece {
    std::string text;
    int group = -1;  // -1: literal text; otherwise the capture group to insert
  };
  std::vector<Piece> pieces;
  int max_group = 0;

  static Template parse(std::string_view value, const RE2& re) {
    Template t;
    std::string text;
    auto flush = [&] {
      if (!text.empty()) t.pieces.push_back({std::move(text), -1});
      text.clear();
    };
    auto add_group = [&](std::string_view name) {
      int group = -2;  // a group that never exists: expands to nothing
      bool numeric = !name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos;
      if (numeric) {
        if (name.size() <= 6) group = std::stoi(std::string(name));
        if (group > re.NumberOfCapturingGroups()) group = -2;
      } else {
        const auto& named = re.NamedCapturingGroups();
        if (auto it = named.find(std::string(name)); it != named.end()) group = it->second;
      }
      flush();
      if (group >= 0) {
        t.pieces.push_back({{}, group});
        t.max_group = std::max(t.max_group, group);
      }
    };
    for (size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c != '$' || i + 1 >= value.size()) {
        text += c;
        continue;
      }
      char next = value[i + 1];
      if (next == '$') {
        text += '$';
        ++i;
      } else if (next == '{') {
        size_t close = value.find('}', i + 2);
        if (close == std::string_view::npos) {
          text += c;
          continue;
        }
        add_group(value.substr(i + 2, close - i - 2));
        i = close;
      } else {
        size_t end = i + 1;
        while (end < value.size() && (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_')) ++end;
        if (end == i + 1) {
          text += c;
          continue;
        }
        add_group(value.substr(i + 1, end - i - 1));
        i = end - 1;
      }
    }
    flush();
    return t;
  }

  void expand(const re2::StringPiece* groups, std::string& out) const {
    for (const auto& p : pieces) {
      if (p.group < 0) {
        out += p.text;
      } else if (groups[p.group].data() != nullptr) {
        out.append(groups[p.group].data(), groups[p.group].size());
      }
    }
  }
};

// --- replace ------------------------------------------------------------------------------------

/// Replaces up to `limit` (negative: all) non-overlapping occurrences of a non-empty `needle`.
std::string_view replace_literal(std::string_view s, std::string_view needle, std::string_view value, int64_t limit,
                                 std::string& out) {
  size_t pos = s.find(needle);
  if (pos == std::string_view::npos || limit == 0) return s;
  out.clear();
  size_t last = 0;
  int64_t count = 0;
  while (pos != std::string_view::npos && (limit < 0 || count < limit)) {
    out.append(s.data() + last, pos - last);
    out += value;
    last = pos + needle.size();
    ++count;
    pos = s.find(needle, last);
  }
  out.append(s.data() + last, s.size() - last);
  return out;
}

/// An empty pattern matches before every character and at the end: inserts `value` at the first
/// `limit` (negative: all) of those positions.
std::string_view replace_empty(std::string_view s, std::string_view value, int64_t limit, std::string& out) {
  if (limit == 0) return s;
  out.clear();
  size_t pos = 0;
  int64_t count = 0;
  while (limit < 0 || count < limit) {
    out += value;
    ++count;
    if (pos >= s.size()) break;
    size_t next = utf8::advance_chars(s, pos, 1);
    out.append(s.data() + pos, next - pos);
    pos = next;
  }
  out.append(s.data() + pos, s.size() - pos);
  return out;
}

/// Regex replacement of up to `limit` (negative: all) matches, scanning like Rust's `find_iter`:
/// an empty match right where the previous match ended is skipped.
std::string_view replace_regex(std::string_view s, const RE2& re, const Template& tmpl, int64_t limit,
                               std::vector<re2::StringPiece>& groups, std::string& out) {
  if (limit == 0) return s;
  const re2::StringPiece text(s.data(), s.size());
  size_t pos = 0;
  size_t copied = 0;  // bytes of `s` already appended to `out`
  const char* last_end = nullptr;
  int64_t count = 0;
  bool any = false;
  while (pos <= s.size()) {
    if (!re.Match(text, pos, s.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) break;
    const re2::StringPiece& m = groups[0];
    if (m.empty() && m.data() == last_end) {
      if (pos >= s.size()) break;
      pos = utf8::advance_chars(s, pos, 1);
      continue;
    }
    if (!any) {
      out.clear();
      any = true;
    }
    const size_t begin = static_cast<size_t>(m.data() - s.data());
    out.append(s.data() + copied, begin - copied);
    tmpl.expand(groups.data(), out);
    copied = begin + m.size();
    pos = copied;
    last_end = m.data() + m.size();
    if (++count == limit) break;
  }
  if (!any) return s;
  out.append(s.data() + copied, s.size() - copied);
  return out;
}

ScalarFunction replace_function(std::string name, bool all) {
  ScalarFunction fn;
  fn.name = name;
  fn.doc = all ? "Replaces every match of the pattern: params pattern, value, literal (false)."
               : "Replaces the first n matches of the pattern: params pattern, value, literal (false), n (1; negative: all).";
  fn.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    expect_string_input(name, types);
    return DataType(TypeId::kString);
  };
  fn.execute = [name, all](std::span<const ColumnPtr> args, const FunctionOptions& options) {
    const Column& in = string_input(name, args);
    auto pattern = string_param(name, options, 0, "pattern");
    auto value = string_param(name, options, 1, "value");
    FLOE_USER_CHECK(pattern, InvalidArgument, "{}: the pattern cannot be null", name);
    FLOE_USER_CHECK(value, InvalidArgument, "{}: the replacement value cannot be null", name);
    const bool literal = bool_param(name, options, 2, "literal", false);
    int64_t limit = -1;
    if (!all) limit = int_param(name, options, 3, "n").value_or(1);

    if (literal || (is_plain_literal(*pattern) && value->find('$') == std::string::npos)) {
      if (pattern->empty()) {
        return map_strings(in, [&](std::string_view s, std::string& out) { return replace_empty(s, *value, limit, out); });
      }
      return map_strings(in, [&](std::string_view s, std::string& out) {
        return replace_literal(s, *pattern, *value, limit, out);
      });
    }
    auto re = compile(name, *pattern);
    Template tmpl = Template::parse(*value, *re);
    std::vector<re2::StringPiece> groups(static_cast<size_t>(tmpl.max_group) + 1);
    return map_strings(in, [&](std::string_view s, std::string& out) {
      return replace_regex(s, *re, tmpl, limit, groups, out);
    });
  };
  return fn;
}

}  // namespace

void register_string_regex_functions(FunctionRegistry& registry) {
  registry.add(contains_function());
  registry.add(replace_function("str.replace", false));
  registry.add(replace_function("str.replace_all", true));
}

}  // namespace floe::compute
