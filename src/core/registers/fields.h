// Shared vocabulary of the registers: problems found by validation, field-level changes, and the
// canonical text form of field values (used by diffs, history rows and exports alike, so that
// "what changed" reads the same everywhere).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/time.h"

namespace suiji::registers {

// One problem with one field of a record. Validation returns all of them, not just the first.
struct FieldProblem {
  std::string field;    // stable key, e.g. "uscc"
  std::string label;    // Chinese field name, e.g. "统一社会信用代码"
  std::string message;  // Chinese, e.g. "第18位校验位应为“3”"
  friend bool operator==(const FieldProblem&, const FieldProblem&) = default;
};
using Problems = std::vector<FieldProblem>;

// OK when `problems` is empty; otherwise InvalidArgument `reason` whose message lists every
// problem ("统一社会信用代码：…；名称：不能为空").
Status ProblemsToStatus(const Problems& problems, std::string reason = "RECORD_INVALID");
nlohmann::json ProblemsToJson(const Problems& problems);

// One changed field between two states of a record, values in canonical text.
struct FieldChange {
  std::string field;
  std::string label;
  std::string old_value;
  std::string new_value;
  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};
using Changes = std::vector<FieldChange>;
nlohmann::json ChangesToJson(const Changes& changes);

// The key and Chinese label of a field (to label history rows).
struct FieldInfo {
  std::string key;
  std::string label;
};

// A field of a register record: key, Chinese label and the canonical text of its value.
// Diffs, history and exports walk these tables.
template <typename T>
struct FieldDef {
  const char* key;
  const char* label;
  std::string (*text)(const T&);
};

template <typename T, size_t N>
Changes DiffByFields(const FieldDef<T> (&fields)[N], const T& before, const T& after) {
  Changes out;
  for (const auto& f : fields) {
    std::string a = f.text(before), b = f.text(after);
    if (a != b) out.push_back({f.key, f.label, std::move(a), std::move(b)});
  }
  return out;
}

// --- canonical text ------------------------------------------------------------------------

// Lists are joined with the full-width semicolon "；" (what people type in Chinese cells).
inline constexpr std::string_view kListSeparator = "；";
std::string JoinList(const std::vector<std::string>& items);
// Splits on "；", ";" and line breaks; trims ASCII and ideographic spaces; drops empty parts.
std::vector<std::string> SplitList(std::string_view text);

std::string BoolText(bool b);                        // "是" / "否"
std::string DateText(const std::optional<Date>& d);  // "" when absent

// Ratios are kept in basis points (1% = 100) so that floors compare exactly.
// 300 -> "3", 250 -> "2.5", 1 -> "0.01".
std::string PercentText(int basis_points);
// "3", "3%", "2.5", "0.01" -> basis points; nullopt for anything else or more than 2 decimals.
std::optional<int> ParsePercent(std::string_view text);

// Trims ASCII whitespace and U+3000 at both ends.
std::string_view TrimText(std::string_view s);
// Number of Unicode code points (for length limits stated in characters).
size_t CharCount(std::string_view utf8);

// "名称(开始~结束)" — the text form shared by qualifications, absences and special directories.
struct NamedPeriod {
  std::string name;
  std::optional<Date> from;
  std::optional<Date> to;
};
std::string NamedPeriodsText(const std::vector<NamedPeriod>& periods);
// Accepts "名称", "名称(2026-01-01~2026-12-31)", "名称(~2026-12-31)", full-width brackets and
// "～"/"至"; parts separated as SplitList does. InvalidArgument PERIOD_TEXT_INVALID.
StatusOr<std::vector<NamedPeriod>> ParseNamedPeriods(std::string_view text);

// Appends "不能为空" / "不能超过 N 个字符" / character problems (core/text.h rules) for a required
// or optional text field; `multiline` allows "\n" and "\t".
void CheckText(Problems& p, const char* key, const char* label, const std::string& value,
               bool required, size_t max_chars, bool multiline = false);

}  // namespace suiji::registers
