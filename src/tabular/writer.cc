#include "tabular/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tabular/utf8.h"
#include "tabular/write_internal.h"

namespace suiji::tabular {
namespace internal {

Status CheckCellEncoding(std::string_view cell, size_t row, size_t col) {
  if (FindInvalidUtf8(cell) == kNpos) return OkStatus();
  return InvalidArgument("ENCODING_INVALID", "第 " + std::to_string(row + 1) + " 行第 " +
                                                 std::to_string(col + 1) +
                                                 " 列含有无效的 UTF-8 字符，无法写入文件");
}

namespace {

bool IsPlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_start) return false;
  if (i < s.size() && s[i] == '.') {
    const size_t frac = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac) return false;
  }
  return i == s.size();
}

bool IsGuardLead(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

bool NeedsFormulaGuard(std::string_view cell) {
  if (cell.empty()) return false;
  if (cell[0] == '\'') {
    // Keep the escape reversible: the reader strips one apostrophe before these.
    return cell.size() >= 2 && (IsGuardLead(cell[1]) || cell[1] == '\'');
  }
  if (!IsGuardLead(cell[0])) return false;
  if (cell == "-" || cell == "+") return false;
  return !IsPlainNumber(cell);
}

}  // namespace internal

StatusOr<std::unique_ptr<TableWriter>> TableWriter::Create(Format f, const std::string& path,
                                                           const std::string& sheet_name,
                                                           const WriteOptions& o) {
  switch (f) {
    case Format::kCsv: return internal::NewCsvWriter(path, nullptr, o);
    case Format::kXlsx: return internal::NewXlsxWriter(path, sheet_name, o);
  }
  return Internal("unknown tabular format");
}

Status TableWriter::AddRow(const std::vector<std::string>& cells) {
  views_.assign(cells.begin(), cells.end());
  RETURN_IF_ERROR(DoAddRow(views_.data(), views_.size()));
  ++rows_;
  return OkStatus();
}

Status TableWriter::AddRow(const std::vector<std::string_view>& cells) {
  RETURN_IF_ERROR(DoAddRow(cells.data(), cells.size()));
  ++rows_;
  return OkStatus();
}

Status TableWriter::AddRow(std::initializer_list<std::string_view> cells) {
  RETURN_IF_ERROR(DoAddRow(cells.begin(), cells.size()));
  ++rows_;
  return OkStatus();
}

StatusOr<std::string> WriteTableToBytes(Format f, const std::string& sheet_name,
                                        const std::vector<std::vector<std::string>>& rows,
                                        const WriteOptions& o) {
  return WriteTableToBytes(
      f, sheet_name,
      [&](TableWriter& w) {
        for (const auto& row : rows) RETURN_IF_ERROR(w.AddRow(row));
        return OkStatus();
      },
      o);
}

namespace {

// libxlsxwriter 1.1.4 writes only to files: `write` fills a private temp file, whose bytes are
// returned.
StatusOr<std::string> XlsxThroughTempFile(const WriteOptions& o,
                                          const std::function<Status(const std::string&)>& write) {
  std::error_code ec;
  std::string dir = o.tmpdir.empty() ? std::filesystem::temp_directory_path(ec).string() : o.tmpdir;
  if (dir.empty()) dir = "/tmp";
  std::string tmpl = dir + "/suiji-export-XXXXXX.xlsx";
  const int fd = mkstemps(tmpl.data(), 5);
  if (fd < 0) return Unavailable("FILE_UNWRITABLE", "无法创建临时文件").WithDetail(tmpl);
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { unlink(path.c_str()); }
  } remove{tmpl};
  RETURN_IF_ERROR(write(tmpl));
  std::ifstream in(tmpl, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in) return Unavailable("FILE_UNREADABLE", "无法读取临时文件").WithDetail(tmpl);
  return std::move(ss).str();
}

}  // namespace

StatusOr<std::string> WriteTableToBytes(Format f, const std::string& sheet_name,
                                        const std::function<Status(TableWriter&)>& fill,
                                        const WriteOptions& o) {
  if (f == Format::kCsv) {
    std::string out;
    ASSIGN_OR_RETURN(std::unique_ptr<TableWriter> w, internal::NewCsvWriter("", &out, o));
    RETURN_IF_ERROR(fill(*w));
    RETURN_IF_ERROR(w->Finish());
    return out;
  }
  return XlsxThroughTempFile(o, [&](const std::string& path) -> Status {
    ASSIGN_OR_RETURN(std::unique_ptr<TableWriter> w, internal::NewXlsxWriter(path, sheet_name, o));
    RETURN_IF_ERROR(fill(*w));
    return w->Finish();
  });
}

StatusOr<std::string> WriteWorkbookToBytes(const std::vector<SheetData>& sheets,
                                           const WriteOptions& o) {
  return XlsxThroughTempFile(
      o, [&](const std::string& path) { return internal::WriteXlsxWorkbook(path, sheets, o); });
}

std::string SanitizeSheetName(std::string_view name) {
  std::string out;
  size_t units = 0;
  for (size_t i = 0; i < name.size();) {
    uint32_t cp;
    int len = internal::DecodeUtf8(name, i, &cp);
    if (len == 0) {  // drop invalid bytes
      ++i;
      continue;
    }
    const size_t u = cp >= 0x10000 ? 2 : 1;
    if (units + u > 31) break;
    if (cp < 0x20 || cp == '[' || cp == ']' || cp == ':' || cp == '*' || cp == '?' || cp == '/' ||
        cp == '\\') {
      out.push_back('_');
    } else {
      out.append(name.substr(i, static_cast<size_t>(len)));
    }
    units += u;
    i += static_cast<size_t>(len);
  }
  // Excel also forbids a leading or trailing apostrophe.
  if (!out.empty() && out.front() == '\'') out.front() = '_';
  if (!out.empty() && out.back() == '\'') out.back() = '_';
  if (out.empty()) out = "Sheet1";
  return out;
}

}  // namespace suiji::tabular
