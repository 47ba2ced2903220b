#include "core/reference_data.h"

#include <string>

namespace suiji {

std::string_view ReferenceDataFile(std::string_view name) {
  for (const EmbeddedFile& f : ReferenceDataFiles()) {
    if (f.name == name) return f.content;
  }
  return {};
}

StatusOr<std::vector<CsvRow>> ParseReferenceCsv(std::string_view text, std::string_view header,
                                                std::string_view what, const char* reason) {
  // Spreadsheet programs save CSV with a byte-order mark; it is not part of the first line.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t expected_fields = 1;
  for (char c : header) expected_fields += c == ',';

  std::vector<CsvRow> rows;
  bool header_seen = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = std::string(what) + "第" + std::to_string(line_no) + "行";
    if (!header_seen) {
      if (line != header) {
        return InvalidArgument(reason, where + "应为表头“" + std::string(header) + "”");
      }
      header_seen = true;
      continue;
    }
    CsvRow row{line_no, {}};
    size_t start = 0;
    while (true) {
      const size_t comma = line.find(',', start);
      row.fields.push_back(line.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (row.fields.size() != expected_fields) {
      return InvalidArgument(reason, where + "应有" + std::to_string(expected_fields) +
                                         "列，实际为" + std::to_string(row.fields.size()) + "列");
    }
    rows.push_back(std::move(row));
  }
  if (!header_seen) {
    return InvalidArgument(reason, std::string(what) + "缺少表头“" + std::string(header) + "”");
  }
  return rows;
}

}  // namespace suiji
