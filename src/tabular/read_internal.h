// Internal to suiji_tabular: the per-format readers behind ReadTable, and shared error
// constructors.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "tabular/reader.h"

namespace suiji::tabular::internal {

inline constexpr size_t kMaxColumns = 16384;  // Excel's limit (column XFD)

Status ReadCsv(std::string_view bytes, const ReadOptions& o, const RowCallback& on_row,
               ReadInfo* info);
Status ReadXlsx(std::string_view bytes, const ReadOptions& o, const RowCallback& on_row,
                ReadInfo* info);
StatusOr<std::vector<std::string>> ListXlsxSheets(std::string_view bytes,
                                                  size_t max_uncompressed_bytes);

Status FileCorrupt(std::string message, std::string_view detail = {});
Status FileTooLarge(std::string message);
Status EncodingInvalid(std::string message);

// "文件行数超过上限（N 行）".
Status TooManyRows(size_t max_rows);
Status TooManyColumns(size_t row_number);

// Whether `cells` are all empty.
bool IsBlankRow(const std::vector<std::string_view>& cells);

}  // namespace suiji::tabular::internal
