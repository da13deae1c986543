// Dataset expansion: sources to files (directories walked, glob patterns matched) and hive
// partition values parsed from `key=value` folder names.
#include "io/dataset.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "io/file_system.h"

namespace floe::io {

namespace fs = std::filesystem;

namespace {

bool is_pattern(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

bool hidden(const std::string& name) { return name.empty() || name[0] == '.' || name[0] == '_'; }

/// Glob matching of one path against a pattern: `*` and `?` stay within a folder, `**` spans
/// folders, `[abc]` and `[a-z]` match one character of a set.
bool glob_match(std::string_view pat, std::string_view s) {
  if (pat.empty()) return s.empty();
  if (pat.substr(0, 2) == "**") {
    std::string_view rest = pat.substr(2);
    if (!rest.empty() && rest[0] == '/' && glob_match(rest.substr(1), s)) return true;  // no folder at all
    for (size_t k = 0; k <= s.size(); ++k) {
      if (glob_match(rest, s.substr(k))) return true;
    }
    return false;
  }
  if (pat[0] == '*') {
    for (size_t k = 0; k <= s.size(); ++k) {
      if (glob_match(pat.substr(1), s.substr(k))) return true;
      if (k < s.size() && s[k] == '/') break;
    }
    return false;
  }
  if (s.empty()) return false;
  if (pat[0] == '?') return s[0] != '/' && glob_match(pat.substr(1), s.substr(1));
  if (pat[0] == '[') {
    size_t close = pat.find(']', 1);
    if (close != std::string_view::npos) {
      bool negate = pat[1] == '!' || pat[1] == '^';
      bool hit = false;
      for (size_t k = 1 + (negate ? 1 : 0); k < close; ++k) {
        if (k + 2 < close && pat[k + 1] == '-') {
          hit |= s[0] >= pat[k] && s[0] <= pat[k + 2];
          k += 2;
        } else {
          hit |= s[0] == pat[k];
        }
      }
      return hit != negate && s[0] != '/' && glob_match(pat.substr(close + 1), s.substr(1));
    }
  }
  return pat[0] == s[0] && glob_match(pat.substr(1), s.substr(1));
}

std::string url_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

/// `key=value` folders of `relative` (a path below the source's fixed prefix), in order.
void parse_partitions(const fs::path& relative, DatasetFile& file) {
  for (const auto& part : relative.parent_path()) {
    std::string folder = part.string();
    size_t eq = folder.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    std::string key = url_decode(folder.substr(0, eq));
    std::string value = url_decode(folder.substr(eq + 1));
    std::optional<std::string> v;
    if (value != "__HIVE_DEFAULT_PARTITION__") v = value;
    auto same = std::find_if(file.partitions.begin(), file.partitions.end(), [&](const auto& kv) { return kv.first == key; });
    if (same != file.partitions.end()) {
      same->second = v;
    } else {
      file.partitions.emplace_back(key, v);
    }
  }
}

/// Regular files below `root`, sorted by path, skipping hidden and `_`-prefixed entries.
std::vector<fs::path> walk(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    FLOE_USER_CHECK(!ec, IoError, "cannot list '{}': {}", root.string(), ec.message());
    std::string name = it->path().filename().string();
    if (hidden(name)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out.push_back(it->path());
  }
  FLOE_USER_CHECK(!ec, IoError, "cannot list '{}': {}", root.string(), ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool any_directory(const std::vector<std::string>& sources) {
  std::error_code ec;
  for (const auto& s : sources) {
    if (!is_pattern(s) && fs::is_directory(s, ec)) return true;
  }
  return false;
}

std::vector<DatasetFile> expand_sources(const std::vector<std::string>& sources, bool hive) {
  FLOE_USER_CHECK(!sources.empty(), ComputeError, "expected at least one source to scan, got an empty list");
  std::vector<DatasetFile> files;
  for (std::string source : sources) {
    if (source.rfind("file://", 0) == 0) source = source.substr(7);
    std::error_code ec;
    if (is_pattern(source)) {
      // The fixed prefix: folders before the first one that holds a wildcard.
      size_t first = source.find_first_of("*?[");
      size_t slash = source.rfind('/', first);
      fs::path root = slash == std::string::npos ? fs::path(".") : fs::path(source.substr(0, slash == 0 ? 1 : slash));
      std::string pattern = slash == std::string::npos ? source : source.substr(slash + 1);
      size_t before = files.size();
      if (fs::is_directory(root, ec)) {
        for (const auto& p : walk(root)) {
          fs::path rel = p.lexically_relative(root);
          if (!glob_match(pattern, rel.generic_string())) continue;
          DatasetFile f{slash == std::string::npos ? rel.string() : p.string(), {}};
          // Patterns and single files take partitions from their whole path (as Polars).
          if (hive) parse_partitions(fs::path(f.path), f);
          files.push_back(std::move(f));
        }
      }
      FLOE_USER_CHECK(files.size() > before, FileNotFound, "No such file or directory (os error 2): glob pattern '{}' matched no files",
                      source);
    } else if (fs::is_directory(source, ec)) {
      auto found = walk(source);
      FLOE_USER_CHECK(!found.empty(), ComputeError, "expected at least one file in directory '{}'", source);
      for (const auto& p : found) {
        DatasetFile f{p.string(), {}};
        if (hive) parse_partitions(p.lexically_relative(source), f);
        files.push_back(std::move(f));
      }
    } else {
      FLOE_USER_CHECK(fs::exists(source, ec), FileNotFound, "No such file or directory (os error 2): {}", source);
      DatasetFile f{source, {}};
      if (hive) parse_partitions(fs::path(source), f);
      files.push_back(std::move(f));
    }
  }
  return files;
}

}  // namespace floe::io
