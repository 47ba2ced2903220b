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
    for (size_t c = 0; c < widths_.size(); ++c) {
      const double w = std::clamp(static_cast<double>(widths_[c]) + 2, kMinWidth, kMaxWidth);
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr);
    }
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
    if (widths_.size() < n) widths_.resize(n, 0);
    lxw_format* fmt = header_row_ && row_ == 0 ? bold_ : nullptr;
    for (size_t c = 0; c < n; ++c) {
      const std::string_view cell = cells[c];
      if (cell.empty()) continue;
      RETURN_IF_ERROR(CheckCellEncoding(cell, row_, c));
      if (cell.size() > kExcelMaxChars && Utf16Length(cell) > kExcelMaxChars) {
        return InvalidArgument("CELL_TOO_LONG",
                               "第 " + std::to_string(row_ + 1) + " 行第 " + std::to_string(c + 1) +
                                   " 列超过 Excel 单元格的最大长度（32767 个字符）");
      }
      if (cell.size() <= kMaxWidth * 3) {
        widths_[c] = std::max(widths_[c], DisplayWidth(cell));
      } else {
        widths_[c] = static_cast<size_t>(kMaxWidth);
      }
      if (EscapeForOoxml(cell, &scratch_)) {
        cstr_ = scratch_;
      } else {
        cstr_.assign(cell);
      }
      const lxw_error err = worksheet_write_string(ws_, static_cast<lxw_row_t>(row_),
                                                   static_cast<lxw_col_t>(c), cstr_.c_str(), fmt);
      if (err != LXW_NO_ERROR) {
        return Unavailable("FILE_UNWRITABLE", "写入 Excel 文件失败：" + path_)
            .WithDetail(lxw_strerror(err));
      }
    }
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

}  // namespace suiji::tabular::internal
