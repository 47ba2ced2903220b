// The rules every free-text field follows (issue 9, finding 5): a maximum length in characters
// per kind of field, valid UTF-8, no control characters (a multi-line field may hold "\n" and
// "\t"), and no bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069),
// which make a title read differently from what is stored. Pure: no I/O.
//
// Services check each free-text input with CheckText before any other work, so an oversized or
// malformed field is refused with InvalidArgument TEXT_TOO_LONG / TEXT_INVALID_CHAR and a Chinese
// message naming the field ("“计划名称”不能超过 200 个字符"). Register records, validated as
// lists of problems, use FindTextViolation through registers::CheckText.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace suiji::text {

struct TextRule {
  size_t max_chars = 0;    // Unicode code points
  bool multiline = false;  // "\n" and "\t" allowed
};

// Names and titles: one line, at most 200 characters.
inline constexpr TextRule kName{200, false};
// Notes, reasons, opinions: at most 2,000 characters, several lines.
inline constexpr TextRule kNote{2000, true};
// Long texts (rules, descriptions): at most 20,000 characters, several lines.
inline constexpr TextRule kLongText{20000, true};

// How a value breaks its rule: the stable reason (TEXT_TOO_LONG / TEXT_INVALID_CHAR) and the
// Chinese problem without the field name ("不能超过 200 个字符", "含有不允许的字符 U+202E（…）").
struct TextViolation {
  std::string reason;
  std::string problem;
};

// The first violation in `value`, or nullopt when it complies. Length is judged first, from
// the byte count alone when that already proves it (a 30 MB value costs no decoding).
std::optional<TextViolation> FindTextViolation(std::string_view value, TextRule rule);

// OK, or InvalidArgument TEXT_TOO_LONG / TEXT_INVALID_CHAR: "“<label>”<problem>".
Status CheckText(std::string_view label, std::string_view value, TextRule rule);

// Like CheckText, and InvalidArgument TEXT_REQUIRED "“<label>”不能为空" for an empty (or
// all-blank) value.
Status CheckRequiredText(std::string_view label, std::string_view value, TextRule rule);

// Which bytes AppendEscaped writes as a backslash and a letter: `\`, TAB and LF always (`\\`,
// `\t`, `\n`); CR (`\r`) too for PostgreSQL's COPY text format.
enum class Escapes { kTabNewline, kTabNewlineReturn };

// Appends `value` to `out` with those bytes escaped. Runs of other bytes are appended whole,
// found eight bytes at a time (a 10M-candidate draw writes tens of millions of fields this way).
void AppendEscaped(std::string& out, std::string_view value, Escapes which);

// One field of a line-oriented stored text (a draw pool chunk's candidate, a stratum name in a
// draw's stored outputs): `\`, TAB and LF written as `\\`, `\t` and `\n`, so TAB and LF can
// separate fields and lines. ReadTabEscaped reads such a field back into `out` (cleared first);
// false on any other escape or a trailing `\`.
inline void AppendTabEscaped(std::string& out, std::string_view value) {
  AppendEscaped(out, value, Escapes::kTabNewline);
}
bool ReadTabEscaped(std::string_view escaped, std::string& out);

// The first TAB or `\` in [p, end), or `end`: where a field of such a line ends, or needs
// decoding. Checks eight bytes at a time.
const char* FindTabOrBackslash(const char* p, const char* end);

}  // namespace suiji::text
