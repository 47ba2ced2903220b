// Workbooks of several sheets written whole, in memory: the reports handed upward (a few hundred
// rows). Cells as TableWriter's .xlsx (writer.h): strings, UTF-8, _xHHHH_ escapes, the same
// limits and errors.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "tabular/writer.h"

namespace suiji::tabular {

// One sheet: first `title_rows` rows of titles (bold; a row whose only cell is its first is
// merged across the header's width and does not widen the column), then the column header
// (bold, frozen with the titles above it), then the data; the last row is bold when
// `bold_last_row` (a 合计 row).
struct SheetData {
  std::string name;
  std::vector<std::vector<std::string>> rows;
  size_t title_rows = 0;
  bool bold_last_row = false;
};

// An .xlsx workbook of `sheets`, in tab order. Sheet names as SanitizeSheetName makes them (two
// sheets whose names sanitize alike: InvalidArgument SHEET_NAME_TAKEN).
StatusOr<std::string> WriteWorkbookToBytes(const std::vector<SheetData>& sheets,
                                           const WriteOptions& o = {});

}  // namespace suiji::tabular
