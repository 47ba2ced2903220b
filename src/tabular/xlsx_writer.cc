// XLSX writing through libxlsxwriter in constant-memory mode.

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>

#include "tabular/utf8.h"
#include "tabular/write_internal.h"

namespace suiji::tabular::internal {
namespace {

constexpr size_t kExcelMaxChars = 32767;
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Text as OOXML stores it: control characters XML cannot hold as _xHHHH_, and a literal
// "_xHHHH_" protected by escaping its underscore, so readers decode back the original.
// Returns false when nothing needs escaping (the common case, no copy).
bool EscapeForOoxml(std::string_view s, std::string* out) {
  bool needed = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
        (c == '_' && i + 6 < s.size() && s[i + 1] == 'x' && IsHex(s[i + 2]) && IsHex(s[i + 3]) &&
         IsHex(s[i + 4]) && IsHex(s[i + 5]) && s[i + 6] == '_')) {
      needed = true;
      break;
    }
  }
  if (!needed) return false;
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "_x%04X_", c);
      out->append(buf);
    } else if (c == '_' && i + 6 < s.size() && s[i + 1] == 'x' && IsHex(s[i + 2]) &&
               IsHex(s[i + 3]) && IsHex(s[i + 4]) && IsHex(s[i + 5]) && s[i + 6] == '_') {
      out->append("_x005F_");
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  return true;
}

// Writes one row's cells at `row` (0-based) and widens `widths` to the cells written, when
// `widths` is given.
Status WriteCells(lxw_worksheet* ws, size_t row, const std::string_view* cells, size_t n,
                  lxw_format* fmt, const std::string& path, std::vector<size_t>* widths,
                  std::string* scratch, std::string* cstr) {
  if (widths != nullptr && widths->size() < n) widths->resize(n, 0);
  for (size_t c = 0; c < n; ++c) {
    const std::string_view cell = cells[c];
    if (cell.empty()) continue;
    RETURN_IF_ERROR(CheckCellEncoding(cell, row, c));
    if (cell.size() > kExcelMaxChars && Utf16Length(cell) > kExcelMaxChars) {
      return InvalidArgument("CELL_TOO_LONG", "第 " + std::to_string(row + 1) + " 行第 " +
                                                  std::to_string(c + 1) +
                                                  " 列超过 Excel 单元格的最大长度（32767 个字符）");
    }
    if (widths != nullptr) {
      if (cell.size() <= kMaxWidth * 3) {
        (*widths)[c] = std::max((*widths)[c], DisplayWidth(cell));
      } else {
        (*widths)[c] = static_cast<size_t>(kMaxWidth);
      }
    }
    if (EscapeForOoxml(cell, scratch)) {
      *cstr = *scratch;
    } else {
      cstr->assign(cell);
    }
    const lxw_error err = worksheet_write_string(ws, static_cast<lxw_row_t>(row),
                                                 static_cast<lxw_col_t>(c), cstr->c_str(), fmt);
    if (err != LXW_NO_ERROR) {
      return Unavailable("FILE_UNWRITABLE", "写入 Excel 文件失败：" + path)
          .WithDetail(lxw_strerror(err));
    }
  }
  return OkStatus();
}

void SetColumnWidths(lxw_worksheet* ws, const std::vector<size_t>& widths) {
  for (size_t c = 0; c < widths.size(); ++c) {
    const double w = std::clamp(static_cast<double>(widths[c]) + 2, kMinWidth, kMaxWidth);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr);
  }
}

class XlsxWriter final : public TableWriter {
 public:
  XlsxWriter(std::string path, const WriteOptions& o)
      : path_(std::move(path)), tmpdir_(o.tmpdir), header_row_(o.header_row) {}

  Status Init(const std::string& sheet_name) {
    lxw_workbook_options opts{};
    opts.constant_memory = LXW_TRUE;
    opts.tmpdir = tmpdir_.empty() ? nullptr : tmpdir_.data();
    opts.use_zip64 = LXW_FALSE;
    wb_ = workbook_new_opt(path_.c_str(), &opts);
    if (wb_ == nullptr) return Unavailable("FILE_UNWRITABLE", "无法创建 Excel 文件：" + path_);
    const std::string name = SanitizeSheetName(sheet_name);
    ws_ = workbook_add_worksheet(wb_, name.c_str());
    if (ws_ == nullptr) return Internal("workbook_add_worksheet failed for sheet name " + name);
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    return OkStatus();
  }

  ~XlsxWriter() override {
    if (wb_ != nullptr) lxw_workbook_free(wb_);
  }

  Status Finish() override {
    if (wb_ == nullptr) return FailedPrecondition("WRITER_FINISHED", "文件已经写完");
    SetColumnWidths(ws_, widths_);
    if (header_row_ && row_ > 0) worksheet_freeze_panes(ws_, 1, 0);
    const lxw_error err = workbook_close(wb_);  // frees the workbook
    wb_ = nullptr;
    if (err != LXW_NO_ERROR) {
      return Unavailable("FILE_UNWRITABLE", "写入 Excel 文件失败：" + path_)
          .WithDetail(lxw_strerror(err));
    }
    return OkStatus();
  }

 protected:
  Status DoAddRow(const std::string_view* cells, size_t n) override {
    if (wb_ == nullptr) return FailedPrecondition("WRITER_FINISHED", "文件已经写完");
    if (row_ >= LXW_ROW_MAX) {
      return InvalidArgument("TOO_MANY_ROWS",
                             "超过 Excel 单个工作表的最大行数（1048576 行），"
                             "请分批导出或改用 CSV 格式");
    }
    if (n > LXW_COL_MAX) {
      return InvalidArgument("TOO_MANY_COLUMNS", "超过 Excel 的最大列数（16384 列）");
    }
    lxw_format* fmt = header_row_ && row_ == 0 ? bold_ : nullptr;
    RETURN_IF_ERROR(WriteCells(ws_, row_, cells, n, fmt, path_, &widths_, &scratch_, &cstr_));
    ++row_;
    return OkStatus();
  }

 private:
  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  lxw_format* bold_ = nullptr;
  std::string path_;
  std::string tmpdir_;  // outlives wb_, which may keep the pointer
  bool header_row_;
  size_t row_ = 0;
  std::vector<size_t> widths_;
  std::string scratch_;
  std::string cstr_;
};

}  // namespace

StatusOr<std::unique_ptr<TableWriter>> NewXlsxWriter(const std::string& path,
                                                     const std::string& sheet_name,
                                                     const WriteOptions& o) {
  // libxlsxwriter creates the file only at close: fail now if the path is not writable.
  if (FILE* probe = std::fopen(path.c_str(), "wb")) {
    std::fclose(probe);
  } else {
    return Unavailable("FILE_UNWRITABLE", "无法创建文件：" + path);
  }
  auto w = std::make_unique<XlsxWriter>(path, o);
  RETURN_IF_ERROR(w->Init(sheet_name));
  return std::unique_ptr<TableWriter>(std::move(w));
}

Status WriteXlsxWorkbook(const std::string& path, const std::vector<SheetData>& sheets,
                         const WriteOptions& o) {
  lxw_workbook_options opts{};
  std::string tmpdir = o.tmpdir;  // outlives wb, which may keep the pointer
  opts.tmpdir = tmpdir.empty() ? nullptr : tmpdir.data();
  opts.use_zip64 = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
  if (wb == nullptr) return Unavailable("FILE_UNWRITABLE", "无法创建 Excel 文件：" + path);
  struct Free {
    lxw_workbook* wb;
    ~Free() {
      if (wb != nullptr) lxw_workbook_free(wb);
    }
  } free_on_error{wb};
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_align(title, LXW_ALIGN_LEFT);
  std::vector<std::string> names;
  std::string scratch;
  std::string cstr;
  std::vector<std::string_view> views;
  for (const SheetData& sheet : sheets) {
    const std::string name = SanitizeSheetName(sheet.name);
    if (std::find(names.begin(), names.end(), name) != names.end())
      return InvalidArgument("SHEET_NAME_TAKEN", "工作表名称重复：" + name);
    names.push_back(name);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) return Internal("workbook_add_worksheet failed for sheet name " + name);
    if (sheet.rows.size() > LXW_ROW_MAX) {
      return InvalidArgument("TOO_MANY_ROWS",
                             "超过 Excel 单个工作表的最大行数（1048576 行），"
                             "请分批导出或改用 CSV 格式");
    }
    const size_t header = sheet.title_rows;
    const size_t columns = header < sheet.rows.size() ? sheet.rows[header].size() : 0;
    std::vector<size_t> widths;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      if (row.size() > LXW_COL_MAX)
        return InvalidArgument("TOO_MANY_COLUMNS", "超过 Excel 的最大列数（16384 列）");
      views.assign(row.begin(), row.end());
      const bool is_title = r < header;
      const bool lone =
          is_title && !row.empty() &&
          std::all_of(row.begin() + 1, row.end(), [](const auto& c) { return c.empty(); });
      lxw_format* fmt =
          is_title ? title
                   : (r == header || (sheet.bold_last_row && r + 1 == sheet.rows.size()) ? bold
                                                                                         : nullptr);
      if (lone && columns > 1) {
        RETURN_IF_ERROR(CheckCellEncoding(row[0], r, 0));
        std::string text;
        if (!EscapeForOoxml(row[0], &text)) text = row[0];
        const lxw_error err =
            worksheet_merge_range(ws, static_cast<lxw_row_t>(r), 0, static_cast<lxw_row_t>(r),
                                  static_cast<lxw_col_t>(columns - 1), text.c_str(), fmt);
        if (err != LXW_NO_ERROR) {
          return Unavailable("FILE_UNWRITABLE", "写入 Excel 文件失败：" + path)
              .WithDetail(lxw_strerror(err));
        }
        continue;
      }
      RETURN_IF_ERROR(WriteCells(ws, r, views.data(), views.size(), fmt, path,
                                 is_title ? nullptr : &widths, &scratch, &cstr));
    }
    SetColumnWidths(ws, widths);
    if (header < sheet.rows.size())
      worksheet_freeze_panes(ws, static_cast<lxw_row_t>(header + 1), 0);
  }
  if (sheets.empty()) workbook_add_worksheet(wb, nullptr);
  const lxw_error err = workbook_close(wb);  // frees the workbook
  free_on_error.wb = nullptr;
  if (err != LXW_NO_ERROR) {
    return Unavailable("FILE_UNWRITABLE", "写入 Excel 文件失败：" + path)
        .WithDetail(lxw_strerror(err));
  }
  return OkStatus();
}

}  // namespace suiji::tabular::internal
