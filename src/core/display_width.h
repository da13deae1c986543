// Terminal display width of UTF-8 text, measured as Polars' table printer (unicode-width) does.
#pragma once

#include <cstddef>
#include <string_view>

namespace floe {

/// Decodes the code point of UTF-8 text `s` starting at byte `pos` and moves `pos` past it
/// (utf8::decode). A malformed byte decodes as U+FFFD and advances by one byte, so any byte
/// string can be walked.
char32_t next_code_point(std::string_view s, size_t& pos);

/// Columns one code point takes on its own: 0 (combining marks, zero-width and default-ignorable
/// characters), 2 (East Asian wide and fullwidth, emoji presentation), otherwise 1. Control
/// characters count 1, as unicode-width 0.2 counts them inside strings.
int code_point_width(char32_t c);

/// Columns `s` takes in a terminal, as unicode-width 0.2 measures a string: the sum of its code
/// points' widths, with the sequences it knows of (VS15/VS16 presentation selectors, skin-tone
/// modifiers, emoji ZWJ sequences, lam-alef) counted as one glyph. Checked against Polars on
/// every code point and on random mixtures of those sequences; the few mixtures that still
/// differ (a ZWJ joining a flag or a keycap) are off by a column at most.
size_t display_width(std::string_view s);

/// Number of code points in `s` (Rust's `chars().count()`).
size_t char_count(std::string_view s);

/// The first `n` code points of `s`.
std::string_view prefix_chars(std::string_view s, size_t n);

/// Byte offset just past the grapheme cluster that starts at `pos`: a code point with the
/// zero-width marks, joiners, variation selectors and emoji modifiers that follow it (an
/// approximation of extended grapheme clusters that is exact for text and common emoji).
size_t next_grapheme(std::string_view s, size_t pos);

}  // namespace floe
