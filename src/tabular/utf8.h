// Internal to suiji_tabular: UTF-8 helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace suiji::tabular::internal {

inline constexpr size_t kNpos = static_cast<size_t>(-1);

// Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, surrogates or
// code points above U+10FFFF), or kNpos when `s` is valid.
size_t FindInvalidUtf8(std::string_view s);

struct Utf8Census {
  size_t multibyte_ok = 0;  // well-formed sequences of 2–4 bytes
  size_t invalid = 0;       // bytes that start no well-formed sequence
};
Utf8Census CensusUtf8(std::string_view s);

// Decodes the sequence at s[i]. Returns its length (1–4) and sets *cp, or 0 if malformed.
int DecodeUtf8(std::string_view s, size_t i, uint32_t* cp);

void AppendUtf8(std::string& out, uint32_t cp);

// Display width in Excel's column units: CJK and other wide characters count 2.
size_t DisplayWidth(std::string_view s);

// Number of code points (UTF-16 code units for Excel's 32,767 limit: astral = 2).
size_t Utf16Length(std::string_view s);

}  // namespace suiji::tabular::internal
