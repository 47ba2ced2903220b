#include "tabular/import_report.h"

#include "tabular/utf8.h"

namespace suiji::tabular {
namespace {

constexpr size_t kShownValueChars = 40;

// At most kShownValueChars code points, "…" when cut; line breaks shown as spaces.
std::string ShortValue(std::string_view v) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < v.size();) {
    uint32_t cp;
    int len = internal::DecodeUtf8(v, i, &cp);
    if (len == 0) len = 1;
    if (chars == kShownValueChars) {
      out += "…";
      break;
    }
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      out.push_back(' ');
    } else {
      out.append(v.substr(i, static_cast<size_t>(len)));
    }
    ++chars;
    i += static_cast<size_t>(len);
  }
  return out;
}

}  // namespace

void ImportReport::AddError(RowError e) {
  ++error_count_;
  if (e.row != last_error_row_ || error_count_ == 1) {
    ++rows_with_errors_;
    last_error_row_ = e.row;
  }
  if (errors_.size() < max_stored_) errors_.push_back(std::move(e));
}

void ImportReport::AddError(size_t row, std::string_view column, std::string_view value,
                            std::string_view reason) {
  AddError(RowError{row, std::string(column), std::string(value), std::string(reason)});
}

std::string ImportReport::FormatError(const RowError& e) {
  std::string s;
  if (e.row > 0) s = "第 " + std::to_string(e.row) + " 行";
  if (!e.column.empty()) {
    if (!s.empty()) s += "，";
    s += "列“" + e.column + "”";
  }
  if (!s.empty()) s += "：";
  s += e.reason;
  if (!e.value.empty()) s += "（值：" + ShortValue(e.value) + "）";
  return s;
}

std::vector<std::string> ImportReport::ToTextLines() const {
  std::vector<std::string> lines;
  lines.reserve(errors_.size() + 1);
  for (const RowError& e : errors_) lines.push_back(FormatError(e));
  if (truncated()) {
    lines.push_back("……另有 " + std::to_string(error_count_ - errors_.size()) + " 处错误未列出");
  }
  return lines;
}

std::string ImportReport::ToText() const {
  std::string s;
  for (const std::string& line : ToTextLines()) {
    if (!s.empty()) s += '\n';
    s += line;
  }
  return s;
}

nlohmann::json ImportReport::ToJson() const {
  nlohmann::json errors = nlohmann::json::array();
  for (const RowError& e : errors_) {
    errors.push_back(
        {{"row", e.row}, {"column", e.column}, {"value", e.value}, {"reason", e.reason}});
  }
  return {{"rows", rows_},
          {"error_count", error_count_},
          {"rows_with_errors", rows_with_errors_},
          {"truncated", truncated()},
          {"errors", std::move(errors)}};
}

Status ImportReport::ToStatus() const {
  if (ok()) return OkStatus();
  std::string m = "导入失败：共 " + std::to_string(error_count_) + " 处错误，涉及 " +
                  std::to_string(rows_with_errors_) + " 行，全部数据均未导入。";
  if (!errors_.empty()) m += "第一处：" + FormatError(errors_.front());
  return InvalidArgument("IMPORT_ROWS_INVALID", m);
}

}  // namespace suiji::tabular
