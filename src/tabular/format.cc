#include "tabular/format.h"

#include <string>

namespace suiji::tabular {
namespace {

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

StatusOr<Format> FormatFromFileName(std::string_view name) {
  if (EndsWithNoCase(name, ".csv")) return Format::kCsv;
  if (EndsWithNoCase(name, ".xlsx")) return Format::kXlsx;
  if (EndsWithNoCase(name, ".xls") || EndsWithNoCase(name, ".et")) {
    return InvalidArgument("FILE_FORMAT_UNSUPPORTED",
                           "不支持旧版 Excel 97-2003（.xls）或 WPS（.et）格式，请在 Excel 或 WPS "
                           "中“另存为”Excel 工作簿（.xlsx）后重新导入");
  }
  return InvalidArgument("FILE_FORMAT_UNSUPPORTED", "仅支持 .xlsx 和 .csv 格式的文件");
}

std::string_view FileExtension(Format f) { return f == Format::kCsv ? ".csv" : ".xlsx"; }

std::string_view MimeType(Format f) {
  return f == Format::kCsv ? "text/csv; charset=utf-8"
                           : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

}  // namespace suiji::tabular
